import type { HostErrorBody } from '../shared/protocol.js';

/** Stable error codes the helper answers with (`{ error: { code, message } }`). */
export type HostErrorCode =
  | 'forbidden'
  | 'unauthorized'
  | 'method_not_allowed'
  | 'not_found'
  | 'unsupported_media_type'
  | 'payload_too_large'
  | 'invalid_json'
  | 'invalid_request'
  | 'provider_not_allowed'
  | 'redirect_not_allowed'
  /** 429: the upstream's rate limit; the body's `retry_after_seconds` says when to try again. */
  | 'rate_limited'
  | 'upstream_error'
  | 'upstream_unavailable'
  | 'upstream_timeout'
  | 'internal_error';

/** Headers every response carries: sessions and errors are per-user and must never be
 *  cached by a browser or a shared proxy, nor sniffed into another content type. */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
};

/** What the request log line notes about a response, beside its status. */
export interface LogNote {
  code?: string;
  sessionId?: string;
  upstreamStatus?: number;
}

/** Log notes keyed by the response they describe, read once by the handler's log line. */
export const logNotes = new WeakMap<Response, LogNote>();

export function jsonResponse(
  body: unknown,
  status: number,
  headers: Record<string, string> = {},
  note: LogNote = {},
): Response {
  const response = new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json; charset=utf-8', ...SECURITY_HEADERS, ...headers },
  });
  logNotes.set(response, note);
  return response;
}

/** An error in the shape the element shows to the user: plain words, no internals. */
export function errorResponse(
  status: number,
  code: HostErrorCode,
  message: string,
  options: { headers?: Record<string, string>; upstreamStatus?: number; fields?: { retry_after_seconds?: number } } = {},
): Response {
  const body: HostErrorBody = { error: { code, message, ...options.fields } };
  const note: LogNote = { code };
  if (options.upstreamStatus !== undefined) note.upstreamStatus = options.upstreamStatus;
  return jsonResponse(body, status, options.headers, note);
}

export const MESSAGES = {
  notFound: 'This setup session was not found.',
  internal: 'Something went wrong on this site. Please try again.',
  upstreamError: 'The connection service had a problem. Please try again.',
  upstreamUnavailable: 'The connection service is unavailable right now. Please try again in a moment.',
  upstreamTimeout: 'The connection service took too long to answer. Please try again.',
} as const;
