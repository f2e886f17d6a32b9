/**
 * The `require` entry of `metorial-connect/server`, for CommonJS servers. It is a shim, not a
 * second build: Node's require(esm) (on by default from Node 20.19 and 22.12, our `engines`)
 * loads the same api.js the `import` entry loads, so a process that both imports and requires
 * the helper gets one copy of it (no dual-package hazard). A missing peer is named as in
 * index.ts. Its types are index.d.ts's (scripts/build.ts).
 */
try {
  module.exports = require('./api.js') as typeof import('./api.js');
} catch (error) {
  // Node 21 and 22.0–22.11 cannot require() an ES module at all: say so, not "not supported".
  if ((error as { code?: unknown } | null)?.code === 'ERR_REQUIRE_ESM') {
    throw new Error(
      `metorial-connect/server: require() needs Node 20.19+ or 22.12+ (this is ${process.version}); upgrade Node, or load it with import().`,
      { cause: error },
    );
  }
  throw (require('./peers.js') as typeof import('./peers.js')).missingPeerError(error);
}
