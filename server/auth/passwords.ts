// Password hashing with scrypt (node:crypto); constant-time verification; format scrypt$N$r$p$salt$hash; the strength rule.
import crypto from 'node:crypto';
import { promisify } from 'node:util';

const scrypt = promisify(crypto.scrypt) as (pw: string, salt: Buffer, len: number, opts: crypto.ScryptOptions) => Promise<Buffer>;
const N = 16384, R = 8, P = 1, LEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await scrypt(password, salt, LEN, { N, r: R, p: P, maxmem: 64 * 1024 * 1024 });
  return `scrypt$${N}$${R}$${P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  // Always spend the same work, so unknown accounts are not faster to reject.
  const parts = (stored ?? '').split('$');
  const valid = parts.length === 6 && parts[0] === 'scrypt';
  const [n, r, p] = valid ? parts.slice(1, 4).map(Number) : [N, R, P];
  const salt = valid ? Buffer.from(parts[4], 'base64') : crypto.randomBytes(16);
  const expected = valid ? Buffer.from(parts[5], 'base64') : crypto.randomBytes(LEN);
  const got = await scrypt(password, salt, expected.length, { N: n, r, p, maxmem: 64 * 1024 * 1024 });
  return valid && crypto.timingSafeEqual(got, expected);
}

export function randomToken(bytes = 32): string {
  return crypto.randomBytes(bytes).toString('base64url');
}

export function sha256(value: string): Buffer {
  return crypto.hash('sha256', value, 'buffer'); // one-shot: no Hash object per call (issue 20: per-request cost)
}

export function generatePassword(): string {
  return crypto.randomBytes(12).toString('base64url');
}

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 200;
/** Fragments that make a password guessable however long (checked on the lower-cased password without digits/symbols). */
const WEAK = ['password', 'passwort', 'motdepasse', 'qwerty', 'azerty', 'abcdef', 'letmein', 'welcome', 'admin', 'marsad', 'iloveyou'];

/**
 * Why a new password is too weak, or null: at least 12 characters, at least 5 different characters (not "aaaaaaaaaaaa"
 * nor "abababababab"), not only digits, and not a well-known weak word padded with digits ("password1234", "Qwerty123456!").
 */
export function passwordProblem(pw: string): string | null {
  if (pw.length < PASSWORD_MIN_LENGTH) return `at least ${PASSWORD_MIN_LENGTH} characters`;
  if (pw.length > PASSWORD_MAX_LENGTH) return `at most ${PASSWORD_MAX_LENGTH} characters`;
  if (new Set(pw).size < 5) return 'at least 5 different characters';
  if (/^\d+$/.test(pw)) return 'more than digits';
  const letters = pw.toLowerCase().replace(/[^\p{L}]/gu, '');
  if (WEAK.some((w) => letters === w || (letters.length <= w.length + 2 && letters.includes(w)))) return 'more than a well-known weak word with digits around it';
  return null;
}
