/**
 * The helper's public API as one ES module without top-level await, so that both entries load
 * this same module instance: `index.ts` (import) through a dynamic `import()`, `index.cts`
 * (require) through Node's require(esm). Its static imports of the optional peers are why the
 * entries wrap loading it: a missing peer then fails with an error naming what to install.
 */
export { createConnectHandler, DEFAULT_TIMEOUT_MS, DEFAULT_UPSTREAM_URL, OWNER_METADATA_KEY } from './handler.js';
export { connectMiddleware, toNodeListener } from './node.js';
export { LIMITS } from './schema.js';

export type { ConnectHandler, ConnectHandlerOptions } from './handler.js';
export type { ConnectStyleMiddleware, NodeListener } from './node.js';
export type { HostErrorCode } from './errors.js';
