/** PKCE (RFC 7636), S256 only. */
import { createHash } from 'node:crypto';
import { randomToken } from '../secure.js';

/** 43–128 characters from the unreserved set (RFC 7636 §4.1). */
export const VERIFIER_PATTERN = /^[A-Za-z0-9\-._~]{43,128}$/;

export function createCodeVerifier(): string {
  return randomToken(32); // 43 base64url characters
}

export function s256Challenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}
