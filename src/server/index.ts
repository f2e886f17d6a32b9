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
 * `hono`, `@hono/node-server` and `zod` are optional peer dependencies: a site that only uses
 * the element never installs them. They are loaded here, behind one dynamic import, so that a
 * server without them fails with a message that says what to install rather than with
 * "Cannot find package 'hono'" from deep inside the helper.
 */
import { loadServerModules } from './peers.js';

const { handler, node, schema } = await loadServerModules();

export const createConnectHandler = handler.createConnectHandler;
export const DEFAULT_TIMEOUT_MS = handler.DEFAULT_TIMEOUT_MS;
export const DEFAULT_UPSTREAM_URL = handler.DEFAULT_UPSTREAM_URL;
export const OWNER_METADATA_KEY = handler.OWNER_METADATA_KEY;
export const connectMiddleware = node.connectMiddleware;
export const toNodeListener = node.toNodeListener;
export const LIMITS = schema.LIMITS;

export type { ConnectHandler, ConnectHandlerOptions } from './handler.js';
export type { ConnectStyleMiddleware, NodeListener } from './node.js';
export type { HostErrorCode } from './errors.js';
