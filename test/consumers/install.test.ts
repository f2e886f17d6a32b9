/**
 * `npm install <tarball>` in an empty project, as a browser-only site does: only Lit comes
 * along; the server helper then says what to install (to `import` and to `require()`), and
 * works both ways once it is installed.
 * Uses npm's cache (filled by the repository's own `npm ci`), not the network, when it can.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { TARBALL, assertPacked } from './support.js';

const run = promisify(execFile);
// Outside the repository, so that nothing resolves from its node_modules.
const PROJECT = `${tmpdir()}/metorial-connect-install-${process.pid}`;
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

/** Total bytes of the files under a folder. */
function bytes(dir: string): number {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(`${e.parentPath}/${e.name}`).size, 0);
}

const importServer = `import('metorial-connect/server').then((m) => console.log(typeof m.createConnectHandler), (e) => { console.log(e.message); process.exitCode = 3; })`;
const requireServer = `try { console.log(typeof require('metorial-connect/server').createConnectHandler); } catch (e) { console.log(e.message); process.exitCode = 3; }`;

describe('install: a browser-only site installs Lit only', () => {
  assertPacked();

  it('npm install <tarball> adds lit and its parts, nothing of the server helper; the helper then names what to install', async (t) => {
    rmSync(PROJECT, { recursive: true, force: true });
    mkdirSync(PROJECT, { recursive: true });
    t.after(() => rmSync(PROJECT, { recursive: true, force: true }));
    writeFileSync(`${PROJECT}/package.json`, JSON.stringify({ name: 'browser-site', private: true, type: 'module' }));

    await run('npm', ['install', ...NPM_FLAGS, TARBALL], { cwd: PROJECT });
    const installed = readdirSync(`${PROJECT}/node_modules`, { recursive: true })
      .map(String)
      .filter((p) => /^(@[^/]+\/)?[^/@][^/]*$/.test(p) && !p.startsWith('.') && !p.includes('/node_modules'))
      .filter((p) => !p.startsWith('@') || p.includes('/'));
    for (const unwanted of ['hono', '@hono/node-server', 'zod', 'react', '@types/react']) {
      assert.equal(installed.includes(unwanted), false, `${unwanted} is not installed`);
    }
    assert.ok(installed.includes('lit'));
    const browserOnly = bytes(`${PROJECT}/node_modules`);
    t.diagnostic(`browser-only install: ${(browserOnly / 1e6).toFixed(2)} MB in node_modules (${installed.join(', ')})`);

    for (const [how, script] of [['importing', importServer], ['requiring', requireServer]] as const) {
      const missing = await run(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: PROJECT }).catch((error) => error);
      assert.equal(missing.code, 3, `${how} the helper without its peers fails`);
      assert.match(missing.stdout, /npm install hono @hono\/node-server zod/, `${how}: the error says what to install`);
    }

    await run('npm', ['install', ...NPM_FLAGS, 'hono', '@hono/node-server', 'zod'], { cwd: PROJECT });
    for (const script of [importServer, requireServer]) {
      const { stdout } = await run(process.execPath, ['--input-type=commonjs', '-e', script], { cwd: PROJECT });
      assert.equal(stdout.trim(), 'function');
    }
    t.diagnostic(`with the server helper's peers: ${(bytes(`${PROJECT}/node_modules`) / 1e6).toFixed(2)} MB`);
  });
});
