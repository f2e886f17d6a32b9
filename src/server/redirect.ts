/**
 * Checks on `redirect_url`: the hosted setup page sends the user's browser there after the
 * provider's consent, so an unchecked value would make the host an open redirector.
 */

/** Parses a configured origin (`https://app.example`, no path, query or credentials) and
 *  returns its canonical form, or throws a clear Error naming the option. */
export function normalizeOrigin(value: string, optionName: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`metorial-connect: ${optionName} must be an absolute origin such as "https://app.example", got "${value}".`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`metorial-connect: ${optionName} must use http or https, got "${value}".`);
  }
  if (url.username || url.password || url.pathname !== '/' || url.search || url.hash) {
    throw new Error(`metorial-connect: ${optionName} must be a bare origin (scheme, host and port only), got "${value}".`);
  }
  return url.origin;
}

/** The origin of `value` if it is a well-formed http(s) origin, else null (e.g. `Origin: null`). */
export function originOf(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * Returns null when `redirectUrl` is an absolute http(s) URL whose origin is exactly one of
 * `allowedOrigins`, else a plain-words reason. The comparison is on the parsed `.origin`, so
 * look-alikes (`https://app.example.evil.com`, `https://app.example@evil.example`) fail.
 */
export function redirectProblem(redirectUrl: string, allowedOrigins: readonly string[]): string | null {
  // Browsers read a backslash as a slash in special URLs (`https:\\evil.example`), and
  // whitespace or control characters are silently stripped by the URL parser; neither has a
  // place in a genuine callback URL, so refuse rather than guess what the browser will do.
  if (/[\\\s\u0000-\u001f\u007f]/.test(redirectUrl)) {
    return 'The redirect URL contains characters that are not allowed.';
  }
  let url: URL;
  try {
    url = new URL(redirectUrl); // no base: relative and scheme-relative (`//evil`) URLs throw
  } catch {
    return 'The redirect URL must be a full URL such as https://app.example/callback.';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return 'The redirect URL must start with https:// or http://.';
  }
  if (url.username || url.password) {
    return 'The redirect URL must not contain a user name or password.';
  }
  if (!allowedOrigins.includes(url.origin)) {
    return 'The redirect URL must point to this site.';
  }
  return null;
}
