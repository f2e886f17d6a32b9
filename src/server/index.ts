/**
 * `metorial-connect/server`: the piece a host mounts in its own backend so the browser can
 * create and read provider setup sessions while the secret API key stays on the server.
 *
 * ```ts
 * import { createConnectHandler, toNodeListener } from 'metorial-connect/server';
 * const handler = createConnectHandler({ apiKey: process.env.METORIAL_API_KEY!, getUser });
 * http.createServer(toNodeListener(handler)).listen(3000);
 * ```
 */
export {
  createConnectHandler,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_UPSTREAM_URL,
  OWNER_METADATA_KEY,
  type ConnectHandler,
  type ConnectHandlerOptions,
} from './handler.js';
export { connectMiddleware, toNodeListener, type ConnectStyleMiddleware, type NodeListener } from './node.js';
export { LIMITS } from './schema.js';
export type { HostErrorCode } from './errors.js';
