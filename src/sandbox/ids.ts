import { randomBytes } from 'node:crypto';

/** Base62 digits in ASCII order, so that string order equals numeric order. */
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const TIME_LENGTH = 9;
const RANDOM_LENGTH = 13;

/** Upstream id shape: prefix, 9 base36 time characters, 13 base62 random characters. */
export const ID_PATTERN = /^[a-z]+_[0-9a-z]{9}[0-9A-Za-z]{13}$/;

export function isWellFormedId(value: string, prefix?: string): boolean {
  return ID_PATTERN.test(value) && (prefix === undefined || value.startsWith(`${prefix}_`));
}

/** A uniformly random base62 string (rejection sampling avoids modulo bias). */
export function randomBase62(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

/**
 * Makes upstream-style ids that sort by creation time: the time part is the clock in ms (never
 * going backwards, should the clock step back), the 13 characters after it are drawn fresh from
 * the cryptographic random source for every id. Ids made in the same millisecond therefore sort
 * in random order among themselves, and no id can be derived from a neighbour (no increment).
 * 62^13 ≈ 2^77 possibilities per millisecond make a collision practically impossible.
 */
export function createIdGenerator(now: () => number = Date.now) {
  let lastTime = -1;
  return function nextId(prefix: string): string {
    lastTime = Math.max(now(), lastTime);
    const timePart = lastTime.toString(36).padStart(TIME_LENGTH, '0').slice(-TIME_LENGTH);
    return `${prefix}_${timePart}${randomBase62(RANDOM_LENGTH)}`;
  };
}
