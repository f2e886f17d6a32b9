/**
 * `metorial-connect/server`: the piece a host mounts in its own backend so the browser can
 * create and read provider setup sessions while the secret API key stays on the server.
 *
 * ```ts
 * import { createConnectHandler, toNodeListener } from 'metorial-connect/server';
 * const handler = createConnectHandler({ apiKey: process.env.METORIAL_API_KEY!, getUser });
 * http.createServer(toNodeListener(handler)).listen(3000);
 * ```
 *
 * This is the `import` entry. `hono`, `@hono/node-server` and `zod` are optional peer
 * dependencies, so the API (api.ts) is loaded behind one dynamic import whose failure names
 * what to install (a static import's failure cannot be caught). `require()` gets index.cts.
 */
import { missingPeerError } from './peers.js';

const api = await import('./api.js').catch((error: unknown) => {
  throw missingPeerError(error);
});

export const createConnectHandler = api.createConnectHandler;
export const DEFAULT_TIMEOUT_MS = api.DEFAULT_TIMEOUT_MS;
export const DEFAULT_UPSTREAM_URL = api.DEFAULT_UPSTREAM_URL;
export const OWNER_METADATA_KEY = api.OWNER_METADATA_KEY;
export const connectMiddleware = api.connectMiddleware;
export const toNodeListener = api.toNodeListener;
export const LIMITS = api.LIMITS;

export type { ConnectHandler, ConnectHandlerOptions, ConnectStyleMiddleware, HostErrorCode, NodeListener } from './api.js';
