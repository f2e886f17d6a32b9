/**
 * Calls to the upstream setup-session API, and the mapping of every way they can go wrong
 * onto a small set of stable errors. Nothing the upstream says is passed to the browser
 * except a session object: its error bodies may echo the request (and so the API key).
 */
import type { ApiError, SetupSession } from '../shared/session.js';
import { errorResponse, MESSAGES } from './errors.js';

export const SESSION_ID_PATTERN = /^pas_[A-Za-z0-9]{22}$/;

export interface UpstreamClient {
  createSession(body: unknown): Promise<UpstreamResult>;
  getSession(id: string): Promise<UpstreamResult>;
}

/** `status` is the upstream's success status (200, or 201 for a create), passed on as is. */
export type UpstreamResult = { ok: true; status: 200 | 201; session: SetupSession } | { ok: false; response: Response };

export interface UpstreamOptions {
  apiKey: string;
  baseUrl: string;
  timeoutMs: number;
  fetch: typeof fetch;
}

/** Field names an `invalid_data` summary may mention; anything else is described generically. */
const CREATE_FIELDS = new Set([
  'provider_id',
  'provider_deployment_id',
  'name',
  'description',
  'metadata',
  'provider_auth_method_id',
  'provider_auth_credentials_id',
  'redirect_url',
]);

export function createUpstreamClient(options: UpstreamOptions): UpstreamClient {
  const sessionsUrl = `${options.baseUrl}/provider-setup-sessions`;

  async function call(kind: 'create' | 'get', url: string, init: RequestInit): Promise<UpstreamResult> {
    let status: number;
    let text: string;
    let headers: Headers | undefined;
    try {
      const response = await options.fetch(url, {
        ...init,
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${options.apiKey}`,
          ...(init.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        // Never follow a redirect: it could carry the request (and so the key) elsewhere.
        redirect: 'manual',
        // The same deadline covers reading the body, which may stall as well.
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      status = response.status;
      headers = response.headers;
      text = await response.text();
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') {
        return failure(errorResponse(504, 'upstream_timeout', MESSAGES.upstreamTimeout));
      }
      // Refused connections, DNS failures, resets: the service could not be reached.
      return failure(errorResponse(503, 'upstream_unavailable', MESSAGES.upstreamUnavailable));
    }

    if (status >= 200 && status < 300) {
      const session = parseSession(text);
      if (session) return { ok: true, status: status === 201 ? 201 : 200, session };
      return failure(errorResponse(502, 'upstream_error', MESSAGES.upstreamError, { upstreamStatus: status }));
    }
    return failure(mapUpstreamError(kind, status, text, headers));
  }

  return {
    createSession: (body) => call('create', sessionsUrl, { method: 'POST', body: JSON.stringify(body) }),
    getSession: (id) => call('get', `${sessionsUrl}/${encodeURIComponent(id)}`, { method: 'GET' }),
  };
}

function failure(response: Response): UpstreamResult {
  return { ok: false, response };
}

/** Accepts only what looks like a setup session; anything else is an upstream fault. */
function parseSession(text: string): SetupSession | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const candidate = value as Partial<SetupSession>;
  if (candidate.object !== 'provider.setup_session') return null;
  if (typeof candidate.id !== 'string' || !SESSION_ID_PATTERN.test(candidate.id)) return null;
  if (typeof candidate.url !== 'string' || typeof candidate.status !== 'string') return null;
  return candidate as SetupSession;
}

function parseApiError(text: string): Partial<ApiError> {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' ? (value as Partial<ApiError>) : {};
  } catch {
    return {};
  }
}

function mapUpstreamError(kind: 'create' | 'get', status: number, text: string, headers?: Headers): Response {
  const upstreamStatus = status;
  if (status === 404) {
    const message =
      kind === 'get'
        ? MESSAGES.notFound
        : 'The selected provider, or one of the settings sent with it, was not found.';
    return errorResponse(404, 'not_found', message, { upstreamStatus });
  }
  if (status === 400 || status === 422) {
    return errorResponse(400, 'invalid_request', invalidDataSummary(parseApiError(text)), { upstreamStatus });
  }
  if (status === 429) return rateLimited(headers, upstreamStatus);
  if (status === 401 || status === 403) {
    // The host's API key is wrong or lacks access: nothing the user can fix, so say so.
    return errorResponse(502, 'upstream_error', 'The connection service is not set up correctly on this site.', {
      upstreamStatus,
    });
  }
  return errorResponse(502, 'upstream_error', MESSAGES.upstreamError, { upstreamStatus });
}

/** The three `RateLimit-*` headers upstream sends (IETF draft: limit, remaining, seconds until
 *  the window resets), passed on when they are plain numbers. */
const RATE_LIMIT_HEADERS = ['RateLimit-Limit', 'RateLimit-Remaining', 'RateLimit-Reset'] as const;

/**
 * Upstream's 429 `rate_limit_exceeded` (5,000 requests per 10 minutes per organization) as a
 * stable error: 429 `rate_limited`, with `retry_after_seconds` — from `RateLimit-Reset`, which
 * upstream sends (it sends no `Retry-After`), else a numeric `Retry-After` — in the body and as
 * `Retry-After`, and the `RateLimit-*` headers passed through. The helper never retries: one
 * upstream call per browser call, so a limit is never made worse.
 */
function rateLimited(upstream: Headers | undefined, upstreamStatus: number): Response {
  const headers: Record<string, string> = {};
  for (const name of RATE_LIMIT_HEADERS) {
    const value = upstream?.get(name)?.trim();
    if (value && /^\d{1,9}$/.test(value)) headers[name] = value;
  }
  const retryAfter = upstream?.get('Retry-After')?.trim();
  const reset = headers['RateLimit-Reset'] ?? (retryAfter && /^\d{1,9}$/.test(retryAfter) ? retryAfter : undefined);
  // At least a second: a reset of 0 is the window's edge, and the element must still wait.
  const seconds = reset === undefined ? undefined : Math.max(1, Math.min(Number(reset), 86_400));
  if (seconds !== undefined) headers['Retry-After'] = String(seconds);
  const message =
    seconds === undefined ? 'Too many attempts. Please wait a moment and try again.' : `Too many attempts. Please try again in ${seconds} s.`;
  return errorResponse(429, 'rate_limited', message, {
    headers,
    upstreamStatus,
    ...(seconds !== undefined && { fields: { retry_after_seconds: seconds } }),
  });
}

/** A summary of an upstream validation error naming only known fields, never its messages
 *  (which may quote the request). */
function invalidDataSummary(error: Partial<ApiError>): string {
  const fields = new Set<string>();
  if (Array.isArray(error.errors)) {
    for (const entry of error.errors) {
      const first = Array.isArray(entry?.path) ? entry.path[0] : undefined;
      if (typeof first === 'string' && CREATE_FIELDS.has(first)) fields.add(first);
    }
  }
  if (fields.size === 0) return 'The connection service did not accept the request.';
  const list = [...fields].map((field) => `"${field}"`).join(', ');
  return `The connection service did not accept the request: check ${list}.`;
}
