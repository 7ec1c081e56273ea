// Masking of the complainant's contact details for roles that do not need them.
export function maskName(name: string | null): string | null {
  if (!name) return null;
  return name
    .trim()
    .split(/\s+/)
    .map((w, i, all) => (i === all.length - 1 ? w : `${w.charAt(0)}.`))
    .join(' ')
    .replace(/\S+$/, (last) => `${last.charAt(0)}***`);
}

export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phone.replace(/\D/g, '');
  return `${'*'.repeat(Math.max(0, digits.length - 3))}${digits.slice(-3)}`;
}

export function maskEmail(email: string | null): string | null {
  if (!email) return null;
  const [user, domain] = email.split('@');
  return `${(user ?? '').charAt(0)}***@${domain ?? ''}`;
}

/** Vietnamese phone numbers as people type them: +84 / 84 / 0 prefix, spaces, dots. */
export function normalizePhone(raw: string): string | null {
  let d = raw.replace(/[\s.()-]/g, '');
  if (d.startsWith('+84')) d = `0${d.slice(3)}`;
  else if (d.startsWith('84') && d.length === 11) d = `0${d.slice(2)}`;
  return /^0\d{9,10}$/.test(d) ? d : null;
}
