import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Constant-time string comparison (hashing first makes the lengths equal too). */
export function safeEqual(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(a), digest(b)) && a === b;
}

/** Random URL-safe token (base64url). */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
