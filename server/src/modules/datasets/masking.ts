// Personal data in records. Rule (kept simple on purpose):
//   - admin: sees personal fields in clear; every such read is written to the audit log;
//   - leader, operator, officer: see personal fields masked ("Nguyễn Văn An" → "N*** V** A*");
//   - anonymous callers and devices: personal fields are left out.
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import type { DatasetDecl, FieldDecl } from './declarations.ts';
import type { Props } from './validation.ts';

export type PersonalView = 'clear' | 'masked' | 'hidden';

export function personalView(user: AuthenticatedUser | null): PersonalView {
  if (!user || user.role === 'device') return 'hidden';
  return user.role === 'admin' ? 'clear' : 'masked';
}

export function maskValue(f: FieldDecl, v: unknown): unknown {
  if (typeof v !== 'string') return '***';
  switch (f.type) {
    case 'phone': {
      const digits = v.replace(/\D/g, '');
      return digits.length > 4 ? `${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}` : '****';
    }
    case 'email': {
      const [local = '', domain = ''] = v.split('@');
      return `${local.slice(0, 1)}***@${domain}`;
    }
    case 'text':
      // Each word keeps its first letter: enough to tell records apart, not to identify.
      return v
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => `${[...w][0] ?? ''}${'*'.repeat(Math.max(1, Math.min(3, [...w].length - 1)))}`)
        .join(' ');
    default:
      return '***';
  }
}

export function personalFields(decl: DatasetDecl): FieldDecl[] {
  return decl.fields.filter((f) => f.personal);
}

/** The properties as the caller may see them. */
export function applyView(decl: DatasetDecl, props: Props, view: PersonalView): Props {
  const personal = personalFields(decl);
  if (view === 'clear' || !personal.length) return props;
  const out: Props = { ...props };
  for (const f of personal) {
    if (!(f.name in out)) continue;
    if (view === 'hidden') delete out[f.name];
    else out[f.name] = maskValue(f, out[f.name]);
  }
  return out;
}
