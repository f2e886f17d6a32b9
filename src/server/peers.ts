/**
 * The helper's own dependencies are optional peers of the package (browser-only sites do not
 * need them). Both entries load `api.js` (which imports them) through `missingPeerError`, so
 * that a server without one fails with an error naming what to install rather than with
 * "Cannot find package 'hono'" from deep inside the helper.
 */
export const SERVER_PEERS = ['hono', '@hono/node-server', 'zod'] as const;

/** The error to throw for a failed load of `api.js`: a missing peer is named with what to
 *  install; any other error is returned as it is. */
export function missingPeerError(error: unknown): unknown {
  const missing = SERVER_PEERS.filter((name) => isMissing(error, name));
  if (missing.length === 0) return error;
  return new Error(
    `metorial-connect/server needs ${SERVER_PEERS.join(', ')} (optional peer dependencies of metorial-connect); ` +
      `${missing.join(', ')} could not be found. Install them: npm install ${SERVER_PEERS.join(' ')}`,
    { cause: error },
  );
}

/** Node says `Cannot find package 'hono' imported from …`; bundlers word it their own way. */
function isMissing(error: unknown, name: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(`'${name}'`) || message.includes(`"${name}"`);
}
