/**
 * The sales demo's server: a Vite dev server for the page (demo/), with the host helper
 * mounted at /api/setup-sessions and two small read-only routes the page needs:
 *   GET /api/config     which mode the demo runs in (sandbox or live) and the setup origin
 *   GET /api/providers  the provider catalog, fetched server-side so the page never sees a key
 *
 * By default it also starts the local sandbox of the upstream API on another port; with
 * `live` it talks to the real upstream instead and starts no sandbox.
 * `npm start` (scripts/start.ts) and the e2e tests both start everything through `startDemo`.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Hono } from 'hono';
import { getRequestListener } from '@hono/node-server';
import { createServer as createViteServer, type Plugin, type ViteDevServer } from 'vite';
import { startSandbox } from '../src/sandbox/index.js';
import { connectMiddleware } from '../src/server/index.js';
import type { ListResponse, Provider } from '../src/shared/session.js';

export type DemoLog = boolean | ((line: string) => void);

export interface StartDemoOptions {
  /** Port of the demo app on 127.0.0.1; 0 picks a free one. Default 5173. */
  port?: number;
  /** Options of the local sandbox (ignored in live mode). */
  sandbox?: {
    /** The demo OAuth provider's consent page sends `Cross-Origin-Opener-Policy: same-origin`. */
    providerCoop?: boolean;
    /** The `ui_mode` the sandbox gives its sessions. Default `metorial_elements`, as upstream;
     *  anything else is a test-only override. */
    uiMode?: string;
    /** Port of the sandbox on 127.0.0.1; 0 picks a free one. Default 0. */
    port?: number;
    /** The sandbox's API key; the demo's helper uses the same one. Default the sandbox's own. */
    apiKey?: string;
    /** Lifetime of new sessions, in seconds. Default the sandbox's (1800). */
    sessionTtlSeconds?: number;
    /** Requests per window on the sandbox's API key before 429. Default the sandbox's (5000, as upstream). */
    rateLimit?: number;
    /** The rate limit's window, in seconds. Default the sandbox's (600, as upstream). */
    rateWindowSeconds?: number;
  };
  /** Talk to the real upstream instead of a sandbox. */
  live?: {
    apiKey: string;
    /** Default https://api.metorial.com */
    upstreamUrl?: string;
    /** Provider ids to show: the upstream API has no catalog endpoint the demo could list. */
    providerIds?: string[];
  };
  /** `false` silences everything; a function receives each line; default: console. */
  log?: DemoLog;
}

export interface DemoHandle {
  /** The demo page's origin, `http://127.0.0.1:<port>`. */
  url: string;
  /** The sandbox's base URL, or null in live mode. */
  sandboxUrl: string | null;
  /** The sandbox's secret API key (server side only; tests use it to read sessions). Null in live mode. */
  sandboxApiKey: string | null;
  /** Stops the demo app and the sandbox. Idempotent. */
  close(): Promise<void>;
}

/** What GET /api/config answers. */
export interface DemoConfig {
  mode: 'sandbox' | 'live';
  /** Origin of the hosted setup pages, for the element's `setup-origins`. Null when unknown. */
  setupOrigin: string | null;
}

/** A provider as the page needs it: the catalog entry without anything secret or bulky. */
export interface DemoProvider {
  id: string;
  key: string;
  name: string;
  description: string;
  /** Absolute http(s) URL of the logo, or null (the page then draws a monogram). */
  logoUrl: string | null;
  scopes: Array<{ scope: string; name: string; description: string }>;
}

/** What GET /api/providers answers (or `{ error: { code, message } }`). */
export interface DemoProvidersResponse {
  providers: DemoProvider[];
}

const DEMO_ROOT = fileURLToPath(new URL('.', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const HOST = '127.0.0.1';
const DEFAULT_UPSTREAM = 'https://api.metorial.com';
const CATALOG_TIMEOUT_MS = 10_000;

export async function startDemo(options: StartDemoOptions = {}): Promise<DemoHandle> {
  const log = toLogger(options.log);
  const closers: Array<() => Promise<void>> = [];
  const close = once(async () => {
    // Reverse order: the app first, then the sandbox it talks to.
    for (const closeOne of closers.reverse()) await closeOne().catch(() => undefined);
  });

  try {
    // The helper's redirect allow-list compares origins exactly, so the demo's own origin
    // must be known before the helper is built: listen first, attach the app afterwards.
    let app: ((req: IncomingMessage, res: ServerResponse) => void) | null = null;
    const httpServer = createHttpServer((req, res) => {
      if (app) return app(req, res);
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end('The demo is starting.');
    });
    await listen(httpServer, options.port ?? 5173);
    closers.push(() => closeHttpServer(httpServer));
    const url = `http://${HOST}:${(httpServer.address() as AddressInfo).port}`;

    let backend: Backend;
    let sandboxUrl: string | null = null;
    let sandboxApiKey: string | null = null;
    if (options.live) {
      backend = liveBackend(options.live);
    } else {
      const sandboxPort = options.sandbox?.port ?? 0;
      const sandbox = await startSandbox({
        host: HOST,
        port: sandboxPort,
        ...(options.sandbox?.providerCoop !== undefined && { providerCoop: options.sandbox.providerCoop }),
        ...(options.sandbox?.uiMode !== undefined && { uiMode: options.sandbox.uiMode }),
        ...(options.sandbox?.apiKey !== undefined && { apiKey: options.sandbox.apiKey }),
        ...(options.sandbox?.sessionTtlSeconds !== undefined && { sessionTtlSeconds: options.sandbox.sessionTtlSeconds }),
        ...(options.sandbox?.rateLimit !== undefined && { rateLimit: options.sandbox.rateLimit }),
        ...(options.sandbox?.rateWindowSeconds !== undefined && { rateWindowSeconds: options.sandbox.rateWindowSeconds }),
        log: options.log === false ? false : (line: string) => log(`[sandbox] ${line}`),
      }).catch((error: NodeJS.ErrnoException) => {
        throw error.code === 'EADDRINUSE' ? new Error(`Port ${sandboxPort} on ${HOST} is already in use. Set SANDBOX_PORT to another port.`) : error;
      });
      closers.push(() => sandbox.close());
      const baseUrl: string = sandbox.url.replace(/\/+$/, '');
      sandboxUrl = baseUrl;
      // The helper uses whatever key the sandbox was started with (SANDBOX_API_KEY or its default).
      sandboxApiKey = sandbox.apiKey;
      backend = sandboxBackend(baseUrl, sandbox.apiKey);
    }

    const vite = await createViteServer({
      root: DEMO_ROOT,
      configFile: false,
      appType: 'mpa',
      logLevel: options.log === false ? 'silent' : 'info',
      clearScreen: false,
      cacheDir: fileURLToPath(new URL('../node_modules/.vite-demo', import.meta.url)),
      // Dependencies are plain ESM (lit); serving them as they are avoids Vite's
      // "new dependencies optimized, reloading" page reloads in the middle of a flow.
      optimizeDeps: { noDiscovery: true, include: [] },
      // Lit's production build: no "Lit is in dev mode" warning in the console of a customer demo.
      resolve: { conditions: ['module', 'browser', 'production'] },
      server: {
        middlewareMode: true,
        host: HOST,
        hmr: false,
        ws: false,
        // No CORS middleware at all: Vite's default grants every localhost / 127.0.0.1 origin
        // (any port), and it runs before the helper. The page and its backend share one origin,
        // so nothing needs CORS, and the helper's custom-header check relies on never granting it.
        cors: false,
        // The page imports the element and the callback script from ../src.
        fs: { allow: [REPO_ROOT] },
      },
      plugins: [demoApiPlugin({ origin: url, backend, log })],
    });
    closers.push(() => vite.close());
    app = (req, res) => vite.middlewares(req, res);

    return { url, sandboxUrl, sandboxApiKey, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Where the demo's backend points: the upstream the helper talks to and how to list providers. */
interface Backend {
  config: DemoConfig;
  upstreamUrl: string;
  apiKey: string;
  listProviders(): Promise<DemoProvider[]>;
}

function sandboxBackend(sandboxUrl: string, apiKey: string): Backend {
  return {
    config: { mode: 'sandbox', setupOrigin: new URL(sandboxUrl).origin },
    upstreamUrl: sandboxUrl,
    apiKey,
    async listProviders() {
      const response = await fetch(`${sandboxUrl}/providers?limit=100`, {
        headers: { authorization: `Bearer ${apiKey}` },
        signal: AbortSignal.timeout(CATALOG_TIMEOUT_MS),
      });
      if (!response.ok) throw new CatalogError(`The sandbox answered ${response.status} when asked for its providers.`);
      const body = (await response.json()) as Partial<ListResponse<Provider>>;
      if (!Array.isArray(body.items)) throw new CatalogError('The sandbox sent a provider list the demo does not understand.');
      return body.items.map((provider) => toDemoProvider(provider, sandboxUrl));
    },
  };
}

function liveBackend(live: NonNullable<StartDemoOptions['live']>): Backend {
  const providerIds = (live.providerIds ?? []).filter(Boolean);
  return {
    config: { mode: 'live', setupOrigin: null },
    upstreamUrl: live.upstreamUrl ?? DEFAULT_UPSTREAM,
    apiKey: live.apiKey,
    async listProviders() {
      if (providerIds.length === 0) {
        throw new CatalogError(
          'Live mode has no provider catalog: set METORIAL_PROVIDER_IDS to a comma-separated list of provider ids (pro_…) from your Metorial dashboard and restart.',
        );
      }
      return providerIds.map((id) => ({ id, key: id, name: id, description: 'Provider from your Metorial project.', logoUrl: null, scopes: [] }));
    },
  };
}

class CatalogError extends Error {}

function toDemoProvider(provider: Provider, baseUrl: string): DemoProvider {
  const scopes = new Map<string, DemoProvider['scopes'][number]>();
  for (const method of provider.auth_methods ?? []) {
    for (const { scope, name, description } of method.scopes ?? []) scopes.set(scope, { scope, name, description });
  }
  return {
    id: provider.id,
    key: provider.key,
    name: provider.name,
    description: provider.description,
    logoUrl: safeHttpUrl(provider.logo_url, baseUrl),
    scopes: [...scopes.values()],
  };
}

/** Resolves a URL from the network and keeps it only if it is http(s). */
function safeHttpUrl(value: unknown, baseUrl: string): string | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const url = new URL(value, baseUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

function demoApiPlugin({ origin, backend, log }: { origin: string; backend: Backend; log: (line: string) => void }): Plugin {
  const api = new Hono().basePath('/api');
  api.get('/config', (c) => c.json(backend.config satisfies DemoConfig));
  api.get('/providers', async (c) => {
    try {
      return c.json({ providers: await backend.listProviders() } satisfies DemoProvidersResponse);
    } catch (error) {
      const message =
        error instanceof CatalogError ? error.message : 'The provider catalog could not be reached. Is the sandbox running?';
      log(`providers: ${error instanceof Error ? error.message : String(error)}`);
      return c.json({ error: { code: 'catalog_unavailable', message } }, 502);
    }
  });
  api.all('*', (c) => c.json({ error: { code: 'not_found', message: 'No such demo API route.' } }, 404));
  const apiListener = getRequestListener(api.fetch);

  // The server listens on 127.0.0.1 only, so the page is reachable as http://127.0.0.1:<port>
  // and as http://localhost:<port> (not [::1]); its callback page and redirect-mode returns
  // live on whichever of the two the browser opened.
  const { port } = new URL(origin);
  const setupSessions = connectMiddleware({
    apiKey: backend.apiKey,
    upstreamUrl: backend.upstreamUrl,
    allowedRedirectOrigins: [origin, `http://localhost:${port}`],
    log: (line: string) => log(`[helper] ${line}`),
  });

  return {
    name: 'metorial-connect-demo-api',
    configureServer(server: ViteDevServer) {
      // Mounted under its path, which Connect strips from req.url, so no basePath.
      server.middlewares.use('/api/setup-sessions', setupSessions);
      // HMR is off (ws: false), yet Vite still injects its client, which then complains in the
      // console that it cannot connect. A demo shown to customers gets an empty client instead.
      server.middlewares.use('/@vite/client', (_req, res) => {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end('export {};\n');
      });
      server.middlewares.use((req, res, next) => {
        if (req.url === '/api' || req.url?.startsWith('/api/')) return void apiListener(req, res);
        next();
      });
    },
  };
}

function toLogger(log: DemoLog | undefined): (line: string) => void {
  if (log === false) return () => undefined;
  if (typeof log === 'function') return log;
  return (line) => console.log(line);
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${HOST} is already in use. Set PORT to another port.`) : error);
    };
    server.once('error', onError);
    server.listen(port, HOST, () => {
      server.off('error', onError);
      resolve();
    });
  });
}

function closeHttpServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Browsers keep connections alive; without this close() waits for them to time out.
    server.closeAllConnections();
  });
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let promise: Promise<void> | null = null;
  return () => (promise ??= fn());
}
