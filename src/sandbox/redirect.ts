/**
 * `redirect_url`: upstream takes any string and later sends the browser to it exactly as given.
 * The sandbox is stricter on purpose (a documented difference): it accepts only a URL it can
 * put in a `Location` header unchanged, so "exactly as given" always holds and a redirect can
 * never fail. `new URL()` silently strips tabs and line breaks, lower-cases hosts, adds a
 * trailing slash to a bare origin…; whatever it would rewrite is refused instead of stored.
 */

/** Null when `value` is an absolute http(s) URL written exactly as the URL parser writes it;
 *  else the reason, in words. */
export function redirectUrlProblem(value: string): string | null {
  // Controls and whitespace: the parser strips some and a header cannot carry the others.
  if (/[\s\u0000-\u001f\u007f]/.test(value)) return 'Must not contain spaces, tabs, line breaks or other control characters';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'Must be an absolute http(s) URL';
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.hostname === '') return 'Must be an absolute http(s) URL';
  if (url.href !== value) {
    return `Must be written exactly as a URL parser writes it (${url.href.slice(0, 200)}): the sandbox redirects to it as given`;
  }
  return null;
}

/** True when a stored `redirect_url` can be sent as a `Location` exactly as given. */
export function isRedirectable(value: string | null): value is string {
  return value !== null && redirectUrlProblem(value) === null;
}
