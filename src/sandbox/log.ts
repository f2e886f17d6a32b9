/**
 * The request log's line: `METHOD /path status ms`. The path is logged as it came on the wire,
 * still percent-encoded (never decoded), and anything outside printable ASCII is encoded too,
 * so a request cannot start a new line, forge another entry or send terminal control codes.
 * The query is never logged: it can hold secrets (`client_secret`, `code`, `state`).
 */

/** Longer paths are cut (and marked with `…`) so one request cannot write a huge line. */
export const MAX_LOGGED_PATH = 256;

/** Percent-encodes every character that is not printable ASCII (space, controls, DEL, non-ASCII). */
function printable(value: string): string {
  return value.replace(/[^\x21-\x7e]/gu, (char) =>
    [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** The raw path of a request URL: WHATWG URL parsing keeps `%xx` sequences as they were sent. */
export function loggedPath(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = '/?';
  }
  const safe = printable(path);
  return safe.length > MAX_LOGGED_PATH ? `${safe.slice(0, MAX_LOGGED_PATH)}…` : safe;
}

/** `error` (an exception's class name) is appended when the request ended in the error handler. */
export function requestLogLine(method: string, url: string, status: number, ms: number, error?: string): string {
  const line = `${printable(method).slice(0, 16)} ${loggedPath(url)} ${status} ${Math.round(ms)}ms`;
  return error === undefined ? line : `${line} error=${printable(error).slice(0, 64)}`;
}
