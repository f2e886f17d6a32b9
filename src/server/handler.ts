/**
 * The host helper: a web-standard request handler that the host mounts in its own backend so
 * the browser can create and read setup sessions without ever seeing the secret API key.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CONNECT_HEADER, CONNECT_HEADER_VALUE } from '../shared/protocol.js';
import type { Metadata, SetupSession } from '../shared/session.js';
import { errorResponse, jsonResponse, logNotes, MESSAGES } from './errors.js';
import { normalizeOrigin, originOf, redirectProblem } from './redirect.js';
import { createBodySchema, describeIssue, LIMITS, parseJson } from './schema.js';
import { createUpstreamClient, SESSION_ID_PATTERN, type UpstreamClient } from './upstream.js';

/** Metadata key under which the helper records the session's owner when `getUser` is set.
 *  Reserved: a create body that sets it is refused. */
export const OWNER_METADATA_KEY = 'metorial_connect_owner';

export const DEFAULT_UPSTREAM_URL = 'https://api.metorial.com';
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface ConnectHandlerOptions {
  /** Secret API key (`metorial_sk_…`). Sent only to the upstream, never in a response or log. */
  apiKey: string;
  /** Base URL of the setup-session API. Default `https://api.metorial.com`; the sandbox's URL
   *  in development. */
  upstreamUrl?: string;
  /** When given, only these `provider_id`s may be used; others are refused with 403. */
  allowedProviderIds?: readonly string[];
  /** Origins (`https://app.example`) a `redirect_url` may point to, exactly. Default: the
   *  site's own origin — `publicOrigin` if set, else the request URL's origin — and only when
   *  the request's `Origin` header, if present, is that same origin. Set this or
   *  `publicOrigin` in production: the request URL comes from the `Host` header, which a
   *  non-browser client chooses. */
  allowedRedirectOrigins?: readonly string[];
  /** The site's public origin (`https://app.example`), e.g. for hosts behind a proxy whose
   *  requests arrive with an internal URL. Used instead of the request URL's origin as the
   *  default redirect allow-list. */
  publicOrigin?: string;
  /** Returns the signed-in user's id for a request, or null/undefined if nobody is signed in.
   *  When given, requests without a user get 401, each session records its creator (in its
   *  metadata under `OWNER_METADATA_KEY`), and a session is only readable by its creator. */
  getUser?: (request: Request) => string | null | undefined | Promise<string | null | undefined>;
  /** Deadline for each upstream call, in milliseconds (default 10 000). */
  timeoutMs?: number;
  /** `fetch` used for upstream calls (default: the global one). */
  fetch?: typeof fetch;
  /** Path the handler is mounted at, as seen in the request URL it receives (default `/`).
   *  E.g. `/api/setup-sessions` for a Next.js route handler; leave unset under
   *  `app.use('/api/setup-sessions', connectMiddleware(…))`, which strips the mount path. */
  basePath?: string;
  /** Receives one line per request (method, path, status, error code, duration), and one
   *  configuration warning at construction if neither `publicOrigin` nor
   *  `allowedRedirectOrigins` is set. Never contains the API key, the session url or request
   *  bodies. */
  log?: (line: string) => void;
}

/** A web-standard handler (`Request` in, `Response` out) that also knows where it is mounted. */
export interface ConnectHandler {
  (request: Request): Promise<Response>;
  /** Normalized mount path (`''` for the root). */
  readonly basePath: string;
  /** Whether a request path is one of the helper's routes (`{basePath}` or `{basePath}/:id`). */
  handles(pathname: string): boolean;
}

type Env = { Variables: { user: string | null } };

/**
 * Builds the helper. Routes: `POST {basePath}` creates a session from the reference's create
 * body, `GET {basePath}/:id` reads one. Throws at once for a missing key or a bad option.
 */
export function createConnectHandler(options: ConnectHandlerOptions): ConnectHandler {
  const config = resolveOptions(options);
  const upstream = createUpstreamClient({
    apiKey: options.apiKey,
    baseUrl: config.upstreamUrl,
    timeoutMs: config.timeoutMs,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  });
  const app = buildApp(config, upstream, options.getUser);
  const log = options.log;
  if (!config.allowedRedirectOrigins && !config.publicOrigin) warnDefaultRedirectOrigins(log);

  const handler = async (request: Request): Promise<Response> => {
    const started = performance.now();
    let response: Response;
    try {
      response = await app.fetch(request);
    } catch {
      response = errorResponse(500, 'internal_error', MESSAGES.internal);
    }
    if (log) {
      try {
        log(logLine(request, response, performance.now() - started));
      } catch {
        // A failing logger must not turn a good answer into an error.
      }
    }
    return response;
  };
  return Object.assign(handler, {
    basePath: config.basePath,
    handles: (pathname: string) => handlesPath(config.basePath, pathname),
  });
}

const DEFAULT_REDIRECT_WARNING =
  'metorial-connect: neither publicOrigin nor allowedRedirectOrigins is set, so redirect_url is checked against ' +
  "the request URL's origin, which comes from the Host header. Set publicOrigin in production.";
let warnedDefaultRedirectOrigins = false;

/** Once per handler through `log`, or once per process on the console (tests and dev
 *  servers build many handlers; one console line is enough). */
function warnDefaultRedirectOrigins(log: ConnectHandlerOptions['log']): void {
  if (log) {
    try {
      log(DEFAULT_REDIRECT_WARNING);
    } catch {
      // A failing logger must not stop the host from starting.
    }
  } else if (!warnedDefaultRedirectOrigins) {
    warnedDefaultRedirectOrigins = true;
    console.warn(DEFAULT_REDIRECT_WARNING);
  }
}

interface ResolvedConfig {
  upstreamUrl: string;
  timeoutMs: number;
  basePath: string;
  allowedProviderIds: ReadonlySet<string> | null;
  allowedRedirectOrigins: readonly string[] | null;
  publicOrigin: string | null;
}

function resolveOptions(options: ConnectHandlerOptions): ResolvedConfig {
  if (!options || typeof options.apiKey !== 'string' || options.apiKey.trim() === '') {
    throw new Error('metorial-connect: createConnectHandler needs an apiKey (your secret Metorial API key).');
  }
  const rawUpstream = options.upstreamUrl ?? DEFAULT_UPSTREAM_URL;
  let upstream: URL;
  try {
    upstream = new URL(rawUpstream);
  } catch {
    throw new Error(`metorial-connect: upstreamUrl must be an absolute http(s) URL, got "${rawUpstream}".`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') {
    throw new Error(`metorial-connect: upstreamUrl must use http or https, got "${rawUpstream}".`);
  }
  if (upstream.username || upstream.password || upstream.search || upstream.hash) {
    throw new Error('metorial-connect: upstreamUrl must not contain credentials, a query or a fragment.');
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) {
    throw new Error(`metorial-connect: timeoutMs must be a positive number, got ${String(timeoutMs)}.`);
  }
  return {
    upstreamUrl: `${upstream.origin}${upstream.pathname.replace(/\/+$/, '')}`,
    timeoutMs,
    basePath: normalizeBasePath(options.basePath ?? '/'),
    allowedProviderIds: options.allowedProviderIds ? new Set(options.allowedProviderIds) : null,
    allowedRedirectOrigins: options.allowedRedirectOrigins
      ? options.allowedRedirectOrigins.map((origin) => normalizeOrigin(origin, 'allowedRedirectOrigins'))
      : null,
    publicOrigin: options.publicOrigin ? normalizeOrigin(options.publicOrigin, 'publicOrigin') : null,
  };
}

function normalizeBasePath(basePath: string): string {
  if (!basePath.startsWith('/') || /[?#\\]/.test(basePath)) {
    throw new Error(`metorial-connect: basePath must be a path starting with "/", got "${basePath}".`);
  }
  return basePath.replace(/\/+$/, '');
}

function handlesPath(basePath: string, pathname: string): boolean {
  if (basePath !== '' && pathname !== basePath && !pathname.startsWith(`${basePath}/`)) return false;
  const rest = pathname.slice(basePath.length);
  return rest === '' || rest === '/' || /^\/[^/]+\/?$/.test(rest);
}

function buildApp(
  config: ResolvedConfig,
  upstream: UpstreamClient,
  getUser: ConnectHandlerOptions['getUser'],
): Hono<Env> {
  // `strict: false`: `{endpoint}` and `{endpoint}/` are the same route.
  const app = new Hono<Env>({ strict: false }).basePath(config.basePath || '/');

  /** The custom header forces a CORS preflight for any cross-site request, which the host
   *  never grants, so a third-party page cannot drive the helper with the user's cookies. */
  const requireConnectHeader: MiddlewareHandler<Env> = async (c, next) => {
    if (c.req.header(CONNECT_HEADER) !== CONNECT_HEADER_VALUE) {
      return errorResponse(403, 'forbidden', 'This request was refused because it did not come from the connect widget.');
    }
    await next();
  };

  const resolveUser: MiddlewareHandler<Env> = async (c, next) => {
    if (!getUser) {
      c.set('user', null);
      return next();
    }
    const user = await getUser(c.req.raw);
    if (typeof user !== 'string' || user === '') {
      return errorResponse(401, 'unauthorized', 'Please sign in to connect an account.');
    }
    c.set('user', user);
    await next();
  };

  const requireJson: MiddlewareHandler<Env> = async (c, next) => {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType !== 'application/json') {
      return errorResponse(415, 'unsupported_media_type', 'The request must be sent as JSON (Content-Type: application/json).');
    }
    await next();
  };

  const limitBody = bodyLimit({
    maxSize: LIMITS.bodyBytes,
    onError: () =>
      errorResponse(413, 'payload_too_large', `The request is too large (at most ${LIMITS.bodyBytes / 1024} kB).`),
  });

  app.post('/', requireConnectHeader, resolveUser, requireJson, limitBody, async (c) => {
    const parsed = parseJson(await c.req.text());
    if (!parsed.ok) {
      switch (parsed.reason) {
        case 'syntax':
          return errorResponse(400, 'invalid_json', 'The request body is not valid JSON.');
        case 'depth':
          return errorResponse(400, 'invalid_request', `The request body is nested too deeply (at most ${LIMITS.bodyDepth} levels).`);
        case 'proto':
          return errorResponse(400, 'invalid_request', 'The field name "__proto__" is not allowed.');
      }
    }
    const result = createBodySchema.safeParse(parsed.value);
    if (!result.success) {
      const issue = result.error.issues[0];
      const message = issue ? describeIssue(issue, parsed.value) : 'The request is not valid.';
      return errorResponse(400, 'invalid_request', message);
    }
    const body = result.data;

    if (config.allowedProviderIds && !config.allowedProviderIds.has(body.provider_id)) {
      return errorResponse(403, 'provider_not_allowed', 'This provider is not available on this site.');
    }
    if (body.redirect_url !== undefined) {
      const problem = redirectProblem(body.redirect_url, allowedRedirectOrigins(c, config));
      if (problem) return errorResponse(400, 'redirect_not_allowed', problem);
    }

    const user = c.get('user');
    let metadata: Metadata | undefined = body.metadata;
    if (user !== null) {
      if (metadata && Object.hasOwn(metadata, OWNER_METADATA_KEY)) {
        return errorResponse(400, 'invalid_request', `The metadata key "${OWNER_METADATA_KEY}" is reserved.`);
      }
      metadata = { ...metadata, [OWNER_METADATA_KEY]: user };
    }

    const created = await upstream.createSession(metadata === undefined ? body : { ...body, metadata });
    if (!created.ok) return created.response;
    return sessionResponse(created.session, created.status);
  });
  app.all('/', () => methodNotAllowed('POST'));

  app.get('/:id', requireConnectHeader, resolveUser, async (c) => {
    const id = c.req.param('id');
    // Checked before any upstream call: a malformed id can't exist, and this keeps arbitrary
    // path segments away from the upstream URL.
    if (!SESSION_ID_PATTERN.test(id)) return notFound();
    const fetched = await upstream.getSession(id);
    if (!fetched.ok) return fetched.response;
    const user = c.get('user');
    // Someone else's session answers exactly like an unknown one, so ids can't be probed.
    if (user !== null && ownerOf(fetched.session) !== user) return notFound();
    return sessionResponse(withoutSecret(fetched.session), 200);
  });
  app.all('/:id', () => methodNotAllowed('GET, HEAD'));

  app.notFound(() => errorResponse(404, 'not_found', 'There is nothing at this address.'));
  app.onError(() => errorResponse(500, 'internal_error', MESSAGES.internal));
  return app;
}

function allowedRedirectOrigins(c: Context<Env>, config: ResolvedConfig): readonly string[] {
  if (config.allowedRedirectOrigins) return config.allowedRedirectOrigins;
  // The server's own view of its origin, never the client's claim: a non-browser caller can
  // send any `Origin`, and trusting it would make the hosted page an open redirector.
  const own = config.publicOrigin ?? originOf(c.req.url);
  if (!own) return [];
  // Browsers send `Origin` on every POST; one naming another site (or opaque `null`) means
  // the page asking is not this site, so no redirect target is allowed.
  const header = c.req.header('Origin');
  if (header !== undefined && originOf(header) !== own) return [];
  return [own];
}

/**
 * The session as a `GET` answers it: `url` cut to its origin and path. The full url carries
 * the hosted page's `client_secret`, which only the window opening it needs, and that comes
 * from the create response; a status read (by anyone who learned the id, when `getUser` is
 * not set) must not hand out a page that completes someone else's setup. `url` stays a
 * non-empty string so the session keeps its wire shape.
 */
function withoutSecret(session: SetupSession): SetupSession {
  let url: string;
  try {
    const parsed = new URL(session.url);
    url = `${parsed.origin}${parsed.pathname}`;
  } catch {
    url = '';
  }
  return { ...session, url };
}

function ownerOf(session: SetupSession): unknown {
  const metadata = session.metadata;
  return metadata && typeof metadata === 'object' ? metadata[OWNER_METADATA_KEY] : undefined;
}

function sessionResponse(session: SetupSession, status: 200 | 201): Response {
  return jsonResponse(session, status, {}, { sessionId: session.id });
}

function notFound(): Response {
  return errorResponse(404, 'not_found', MESSAGES.notFound);
}

function methodNotAllowed(allow: string): Response {
  return errorResponse(405, 'method_not_allowed', 'This request method is not supported here.', {
    headers: { Allow: allow },
  });
}

/** One line, no secrets: the path only (never the query), status, and what went wrong. */
function logLine(request: Request, response: Response, elapsedMs: number): string {
  let path = '?';
  try {
    path = new URL(request.url).pathname.slice(0, 200);
  } catch {
    // keep '?'
  }
  const note = logNotes.get(response) ?? {};
  const parts = [`metorial-connect ${request.method} ${path} ${response.status}`];
  if (note.code) parts.push(note.code);
  if (note.upstreamStatus !== undefined) parts.push(`upstream=${note.upstreamStatus}`);
  if (note.sessionId) parts.push(note.sessionId);
  parts.push(`${Math.round(elapsedMs)}ms`);
  return parts.join(' ');
}

