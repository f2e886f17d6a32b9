/**
 * The tarball's shape, checked by the ecosystem's own tools and by reading what ships.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { INSTALLED, ROOT, TARBALL, assertPacked } from './support.js';

const run = promisify(execFile);
const bin = (name: string) => `${ROOT}/node_modules/.bin/${name}`;

describe('package: the packed tarball', () => {
  assertPacked();
  const manifest = JSON.parse(readFileSync(`${INSTALLED}/package.json`, 'utf8'));

  it('publint finds nothing to report', async () => {
    const { stdout } = await run(bin('publint'), ['--strict', TARBALL]);
    assert.match(stdout, /All good!/);
  });

  it('are the types wrong: every entry point resolves to its types, ESM-only (node16 ESM and bundler)', async () => {
    // The browser entries are ESM-only on purpose (Lit is ESM-only; `engines` is Node ≥ 20.19,
    // where require(esm) works), so the CommonJS resolutions attw would flag are ignored by its
    // esm-only profile. callback.html is a page to serve, not a module to import.
    await run(bin('attw'), [TARBALL, '--profile', 'esm-only', '--exclude-entrypoints', 'callback.html', '--format', 'ascii']);
  });

  it('are the types wrong: ./server also for CommonJS (node16 require, ESM and bundler)', async () => {
    // ./server has a `require` entry for CommonJS servers, so it is held to the node16 profile
    // (CommonJS resolution included; only node10, which ignores `exports`, is left out).
    await run(bin('attw'), [TARBALL, '--profile', 'node16', '--entrypoints', 'server', '--format', 'ascii']).catch((error: { stdout: string }) =>
      assert.fail(`attw ./server:\n${error.stdout}`),
    );
  });

  it('ships the LICENSE and every file its exports name', () => {
    assert.ok(existsSync(`${INSTALLED}/LICENSE`));
    assert.match(readFileSync(`${INSTALLED}/LICENSE`, 'utf8'), /MIT License/);
    const targets = exportTargets(manifest.exports).filter((target) => !target.includes('*'));
    assert.ok(targets.length >= 10);
    for (const target of targets) assert.ok(existsSync(`${INSTALLED}/${target}`), `${target} is in the tarball`);
  });

  it("the CDN bundle that carries Lit ships Lit's licence beside it", () => {
    const element = readFileSync(`${INSTALLED}/dist/cdn/metorial-connect.js`, 'utf8');
    assert.ok(element.includes('`$lit$`'), 'the element bundle carries Lit'); // (lit-html's attribute marker)
    const notices = readFileSync(`${INSTALLED}/dist/cdn/THIRD-PARTY-LICENSES.txt`, 'utf8');
    assert.match(notices, /BSD 3-Clause License/);
    assert.match(notices, /Copyright \(c\) 2017 Google LLC/);
  });

  it('the callback page loads a script that sits beside it', () => {
    const page = readFileSync(`${INSTALLED}/${manifest.exports['./callback.html']}`, 'utf8');
    const src = /<script type="module" src="\.\/([^"]+)"/.exec(page)?.[1];
    assert.ok(src && existsSync(`${INSTALLED}/dist/cdn/${src}`), `callback.html loads ./${src}, which ships`);
  });

  it('source maps carry their sources (src/ does not ship)', () => {
    const maps = filesUnder(`${INSTALLED}/dist`).filter((f) => f.endsWith('.js.map'));
    assert.ok(maps.length > 10);
    for (const file of maps) {
      const map = JSON.parse(readFileSync(file, 'utf8'));
      assert.equal(map.sourcesContent?.length, map.sources.length, `${file} has sourcesContent`);
      assert.ok(map.sourcesContent.every((s: unknown) => typeof s === 'string' && s.length > 0), `${file}: no empty source`);
    }
    assert.equal(filesUnder(`${INSTALLED}/dist`).some((f) => f.endsWith('.d.ts.map')), false, 'no declaration maps pointing at unshipped sources');
  });

  it('custom-elements.json is exported and names only shipped modules', () => {
    assert.equal(manifest.exports['./custom-elements.json'], './custom-elements.json');
    const cem = JSON.parse(readFileSync(`${INSTALLED}/custom-elements.json`, 'utf8'));
    const paths = [...JSON.stringify(cem).matchAll(/"(?:path|module)":"([^"]+)"/g)].map((m) => m[1]!);
    assert.ok(paths.includes('dist/element/metorial-connect.js'));
    for (const path of paths) assert.ok(existsSync(`${INSTALLED}/${path}`), `${path} ships`);
    const element = cem.modules.flatMap((m: { declarations?: { tagName?: string }[] }) => m.declarations ?? []).find((d: { tagName?: string }) => d.tagName === 'metorial-connect');
    assert.deepEqual(element.events.map((e: { name: string }) => e.name).sort(), ['cancelled', 'connected', 'failed', 'statechange']);
  });

  it('the browser code depends on Lit only; the server helper’s packages are optional peers', () => {
    assert.deepEqual(Object.keys(manifest.dependencies), ['lit']);
    for (const name of ['hono', '@hono/node-server', 'zod']) {
      assert.ok(manifest.peerDependencies[name], `${name} is a peer`);
      assert.equal(manifest.peerDependenciesMeta[name]?.optional, true, `${name} is optional`);
    }
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath}/${e.name}`);
}

/** Every file path on the right-hand side of an `exports` map. */
function exportTargets(node: unknown): string[] {
  if (typeof node === 'string') return [node];
  return Object.values(node as Record<string, unknown>).flatMap(exportTargets);
}
