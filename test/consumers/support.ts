/** Paths and helpers shared by the consumer tests (which use the packed tarball, never src/). */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
/** Scratch space (gitignored): the tarball and the consumers' build outputs. */
export const CONSUMERS_DIR = `${ROOT}/.consumers`;
export const TARBALL = `${CONSUMERS_DIR}/metorial-connect.tgz`;
/** The fixtures' sources: each folder is one consumer project. */
export const FIXTURES = `${ROOT}/test/consumers/fixtures`;
/** The unpacked tarball, where every fixture's `import 'metorial-connect…'` lands. */
export const INSTALLED = `${FIXTURES}/node_modules/metorial-connect`;

/** Fails with what to run when the tarball was not packed first. */
export function assertPacked(): void {
  assert.ok(existsSync(`${INSTALLED}/package.json`), `no packed package at ${INSTALLED}: run \`npx tsx test/consumers/pack.ts\` first (npm run test:consumers does)`);
}
