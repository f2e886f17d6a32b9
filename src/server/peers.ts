/**
 * The helper's own dependencies are optional peers of the package (browser-only sites do not
 * need them). This loads the modules that use them and, when one is missing, throws an error
 * naming what to install.
 */
export const SERVER_PEERS = ['hono', '@hono/node-server', 'zod'] as const;

export async function loadServerModules() {
  try {
    const [handler, node, schema] = await Promise.all([import('./handler.js'), import('./node.js'), import('./schema.js')]);
    return { handler, node, schema };
  } catch (error) {
    const missing = SERVER_PEERS.filter((name) => isMissing(error, name));
    if (missing.length === 0) throw error;
    throw new Error(
      `metorial-connect/server needs ${SERVER_PEERS.join(', ')} (optional peer dependencies of metorial-connect); ` +
        `${missing.join(', ')} could not be found. Install them: npm install ${SERVER_PEERS.join(' ')}`,
      { cause: error },
    );
  }
}

/** Node says `Cannot find package 'hono' imported from …`; bundlers word it their own way. */
function isMissing(error: unknown, name: string): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(`'${name}'`) || message.includes(`"${name}"`);
}
