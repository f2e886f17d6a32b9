/**
 * The `require` entry of `metorial-connect/server`, for CommonJS servers. It is a shim, not a
 * second build: Node's require(esm) (on by default from Node 20.19, our `engines`) loads the
 * same api.js the `import` entry loads, so a process that both imports and requires the helper
 * gets one copy of it (no dual-package hazard). A missing peer is named as in index.ts.
 * Its types are index.d.ts's (scripts/build.ts).
 */
const { missingPeerError } = require('./peers.js') as typeof import('./peers.js');

try {
  module.exports = require('./api.js') as typeof import('./api.js');
} catch (error) {
  throw missingPeerError(error);
}
