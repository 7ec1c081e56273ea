// Time-based one-time passwords (RFC 6238) for staff sign-in, with otpauth: 6 digits, 30-second
// steps, SHA-1 (what every authenticator app reads from an otpauth:// URI), one step of clock
// drift either way. Recovery codes are random, shown once, and stored hashed.
import { randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { tokenHash } from './tokens.ts';

const PERIOD_SECONDS = 30;
const ISSUER = 'cityops';

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });
}

/** The otpauth:// URI an authenticator app scans, and the same as an SVG QR code. */
export async function totpEnrolment(secretBase32: string, username: string): Promise<{ uri: string; qrSvg: string }> {
  const uri = totpFor(secretBase32, username).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { uri, qrSvg };
}

/** The 30-second step a valid code belongs to, or null (one step of drift allowed). */
export function totpStep(secretBase32: string, code: string, now: Date): number | null {
  const clean = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(clean)) return null;
  const delta = totpFor(secretBase32, 'x').validate({ token: clean, timestamp: now.getTime(), window: 1 });
  if (delta === null) return null;
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/** A code for a moment (tests and the enrolment check of the web client use the same rule). */
export function totpCode(secretBase32: string, at: Date): string {
  return totpFor(secretBase32, 'x').generate({ timestamp: at.getTime() });
}

/** Ten recovery codes like `k7q2-9xmf`, and their hashes to store. */
export function newRecoveryCodes(): { codes: string[]; hashes: string[] } {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const codes = Array.from({ length: 10 }, () => {
    const chars = Array.from({ length: 8 }, () => alphabet[randomInt(alphabet.length)]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4)}`;
  });
  return { codes, hashes: codes.map(recoveryHash) };
}

export function recoveryHash(code: string): string {
  return tokenHash(code.trim().toLowerCase());
}

export function looksLikeRecoveryCode(code: string): boolean {
  return /^[a-z0-9]{4}-[a-z0-9]{4}$/i.test(code.trim());
}
