/** Public API of the sandbox: a faithful local implementation of the setup-session API. */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { buildSandboxApp, DEFAULT_HOST, type SandboxOptions } from './app.js';

export { createSandboxApp, DEFAULT_API_KEY, DEFAULT_MAX_OAUTH_GRANTS, DEFAULT_PORT, DEFAULT_UI_MODE, type SandboxOptions } from './app.js';
export { DEFAULT_RATE_LIMIT, DEFAULT_RATE_WINDOW_SECONDS } from './api/rate-limit.js';
export { CATALOG, PROVIDERS, findCatalogEntry, type CatalogEntry, type SessionType } from './catalog.js';
export { DEFAULT_SESSION_NAME, OAUTH_STEP_MS } from './sessions.js';
export { FORM_REDIRECT_DELAY_MS } from './pages/setup.js';
export { DEFAULT_MAX_SESSIONS, DEFAULT_RETENTION_MS, MemoryStore, type MemoryStoreOptions, type SessionStore, type SessionRecord } from './store.js';

export interface RunningSandbox {
  /** e.g. 'http://127.0.0.1:5174' (no trailing slash). */
  url: string;
  apiKey: string;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? DEFAULT_HOST;
  let url = '';
  const { app, ctx } = buildSandboxApp({ ...options, publicUrl: () => url });

  const server = await new Promise<Server>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(started as Server));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const log = options.log === false ? undefined : (options.log ?? console.log);
  log?.(`Sandbox (in-memory store) listening on ${url} — API ${url}/provider-setup-sessions, providers ${url}/providers`);

  return {
    url,
    apiKey: ctx.apiKey,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Keep-alive connections (fetch keeps them) would otherwise hold close() open.
        server.closeAllConnections();
      }),
  };
}
