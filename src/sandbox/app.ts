/** Assembles one sandbox instance: the Hono app with the API, hosted pages and demo OAuth provider. */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { CATALOG } from './catalog.js';
import type { SandboxContext } from './context.js';
import { createIdGenerator } from './ids.js';
import { requestLogLine } from './log.js';
import { MemoryStore, type SessionStore } from './store.js';
import { apiError } from './api/errors.js';
import { registerApiRoutes } from './api/routes.js';
import { DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_SECONDS } from './api/rate-limit.js';
import { registerPageRoutes } from './pages/routes.js';
import { registerDemoOAuthRoutes } from './oauth/demo-provider.js';
import { registerCallbackRoutes } from './oauth/callback.js';
import { DemoClients } from './oauth/clients.js';

export interface SandboxOptions {
  /** 0 = random free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 'metorial_sk_sandbox'. */
  apiKey?: string;
  /** Default 1800. */
  sessionTtlSeconds?: number;
  /** `ui_mode` of new sessions. Default `metorial_elements`, the only value upstream's public API
   *  gives. Any other value is a deliberate, test-only difference (the element's tests exercise
   *  how it maps modes); see the docs' list of differences. */
  uiMode?: string;
  /** Requests allowed per window on the API key; past it, 429 `rate_limit_exceeded`.
   *  Default 5,000, as upstream. */
  rateLimit?: number;
  /** The rate limit's window in seconds. Default 600 (10 minutes), as upstream. */
  rateWindowSeconds?: number;
  /** Demo provider's consent page sends `Cross-Origin-Opener-Policy: same-origin`. */
  providerCoop?: boolean;
  /** One line per request and the start-up line. Default console.log; false = silent. */
  log?: ((line: string) => void) | false;
  /** Clock in ms (tests move time with it). Default Date.now. */
  now?: () => number;
  /** Session storage. Default a new MemoryStore with `maxSessions` and `retentionSeconds`. */
  store?: SessionStore;
  /** Sessions kept at most; creating one more evicts the oldest. Default 100,000. */
  maxSessions?: number;
  /** A session is dropped this long after its `expires_at`, whatever its status. Default 86,400 (1 day). */
  retentionSeconds?: number;
  /** The demo OAuth provider keeps at most this many unanswered consent requests, and as many
   *  issued codes; one more evicts the oldest. Default 1,000. */
  maxOAuthGrants?: number;
  /** Client secret of the demo provider's OAuth apps (so tests can craft token requests).
   *  Default: random per instance. Client ids are `demo_client_<credentials id>`. */
  demoClientSecret?: string;
}

export const DEFAULT_API_KEY = 'metorial_sk_sandbox';
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 5174;
export const DEFAULT_MAX_OAUTH_GRANTS = 1000;
/** The only `ui_mode` upstream's public API creates. */
export const DEFAULT_UI_MODE = 'metorial_elements';
/** Request bodies above this get 413. */
export const MAX_BODY_BYTES = 64 * 1024;

/** Internal: `publicUrl` may be a getter, since with port 0 it is known only after listen. */
export function buildSandboxApp(options: SandboxOptions & { publicUrl: string | (() => string) }): { app: Hono; ctx: SandboxContext } {
  const now = options.now ?? Date.now;
  const { publicUrl } = options;
  const ctx: SandboxContext = {
    store:
      options.store ??
      new MemoryStore({
        ...(options.maxSessions !== undefined && { maxSessions: options.maxSessions }),
        ...(options.retentionSeconds !== undefined && { retentionMs: options.retentionSeconds * 1000 }),
      }),
    now,
    nextId: createIdGenerator(now),
    publicUrl: typeof publicUrl === 'function' ? publicUrl : () => publicUrl,
    apiKey: options.apiKey ?? DEFAULT_API_KEY,
    sessionTtlMs: (options.sessionTtlSeconds ?? 1800) * 1000,
    uiMode: options.uiMode ?? DEFAULT_UI_MODE,
    rateLimit: Math.max(1, options.rateLimit ?? DEFAULT_RATE_LIMIT),
    rateWindowMs: Math.max(1, options.rateWindowSeconds ?? DEFAULT_RATE_WINDOW_SECONDS) * 1000,
    providerCoop: options.providerCoop ?? false,
    demoClients: new DemoClients(options.demoClientSecret),
    maxOAuthGrants: Math.max(1, options.maxOAuthGrants ?? DEFAULT_MAX_OAUTH_GRANTS),
  };
  const log = options.log === false ? undefined : (options.log ?? console.log);

  const app = new Hono();

  // One line per request: method, raw path (never decoded, never the query), status, ms.
  // The error handler's finding joins the request's line, so there is still one line per request.
  const errors = new WeakMap<Request, string>();
  app.use(async (c, next) => {
    const started = performance.now();
    await next();
    log?.(requestLogLine(c.req.method, c.req.url, c.res.status, performance.now() - started, errors.get(c.req.raw)));
  });

  // Retention: drops sessions past it, starting at the oldest; O(1) when none is due.
  app.use(async (c, next) => {
    ctx.store.sweep(ctx.now());
    await next();
  });

  app.use(async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) =>
        apiError(c, 413, 'payload_too_large', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, 'Send a smaller body.'),
    }),
  );

  registerApiRoutes(app, ctx);
  registerPageRoutes(app, ctx);
  registerDemoOAuthRoutes(app, ctx);
  registerCallbackRoutes(app, ctx);

  app.get('/providers/:key/logo.svg', (c) => {
    const entry = CATALOG.find((e) => e.provider.key === c.req.param('key'));
    if (!entry) return apiError(c, 404, 'not_found', 'No such logo.', 'See GET /providers for the catalog.');
    return c.body(entry.logoSvg, 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Cache-Control': 'public, max-age=3600',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
      'Cross-Origin-Resource-Policy': 'cross-origin',
    });
  });

  // Browsers ask for it on every page; answer quietly instead of with a 404 in the console.
  app.get('/favicon.ico', (c) => c.body(null, 204));

  app.notFound((c) => apiError(c, 404, 'not_found', `No route for ${c.req.method} ${c.req.path}.`, 'See the API reference for the available endpoints.'));

  // Last resort: never leak a stack trace.
  app.onError((error, c) => {
    errors.set(c.req.raw, error instanceof Error ? error.name : 'unknown');
    return apiError(c, 500, 'internal_error', 'Something went wrong in the sandbox.', 'Try again; if it persists, report a bug.');
  });

  return { app, ctx };
}

/** The sandbox as a Hono app, without a server. `publicUrl` defaults to http://127.0.0.1:5174. */
export function createSandboxApp(options: SandboxOptions & { publicUrl?: string } = {}): Hono {
  const publicUrl = options.publicUrl ?? `http://${options.host ?? DEFAULT_HOST}:${options.port ?? DEFAULT_PORT}`;
  return buildSandboxApp({ ...options, publicUrl: publicUrl.replace(/\/+$/, '') }).app;
}
