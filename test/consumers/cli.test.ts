/**
 * The command line from the tarball, as an integrator runs it: `npm install <tarball>` in an
 * empty project (no server peers), then `npx metorial-connect check-endpoint <url>` against the
 * helper over the sandbox. The bin needs nothing but Node: its only imports are Node built-ins.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import type { Provider } from '../../src/shared/session.js';
import { ALICE, BOB, startNodeBackend, startUpstream, type Running } from '../checker/support.js';
import { TARBALL, assertPacked } from './support.js';

const run = promisify(execFile);
const PROJECT = `${tmpdir()}/metorial-connect-cli-${process.pid}`;
const NPM_FLAGS = ['--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'];

describe('npx metorial-connect check-endpoint, from the tarball', () => {
  assertPacked();
  let sandbox: RunningSandbox;
  let provider: Provider;
  let backend: Running;

  before(async () => {
    rmSync(PROJECT, { recursive: true, force: true });
    mkdirSync(PROJECT, { recursive: true });
    writeFileSync(`${PROJECT}/package.json`, JSON.stringify({ name: 'python-site', private: true }));
    await run('npm', ['install', ...NPM_FLAGS, TARBALL], { cwd: PROJECT });
    ({ sandbox, provider } = await startUpstream());
    backend = await startNodeBackend(sandbox);
  });
  after(async () => {
    await backend?.close();
    await sandbox?.close();
    rmSync(PROJECT, { recursive: true, force: true });
  });

  it('the bin is one file that imports only Node built-ins', () => {
    const pkg = JSON.parse(readFileSync(`${PROJECT}/node_modules/metorial-connect/package.json`, 'utf8')) as { bin: Record<string, string> };
    assert.deepEqual(Object.keys(pkg.bin), ['metorial-connect']);
    const source = readFileSync(`${PROJECT}/node_modules/metorial-connect/${pkg.bin['metorial-connect']}`, 'utf8');
    assert.ok(source.startsWith('#!/usr/bin/env node\n'));
    const imports = [...source.matchAll(/^import .* from "([^"]+)";$|\bimport\("([^"]+)"\)/gm)].map((match) => match[1] ?? match[2]);
    assert.ok(imports.length > 0 && imports.every((name) => name?.startsWith('node:')), `imports: ${imports.join(', ')}`);
  });

  it('passes the helper with two users and exits 0', async () => {
    const { stdout } = await run('npx', ['--no-install', 'metorial-connect', 'check-endpoint', backend.endpoint, '--provider', provider.id, '--cookie-a', ALICE, '--cookie-b', BOB], { cwd: PROJECT });
    assert.equal(stdout.split('\n').filter((line) => line.startsWith('✓ ')).length, 17, stdout);
    assert.match(stdout, /^17 passed, 0 failed, 0 skipped$/m);
  });

  it('exits 2 with the usage when the url is missing', async () => {
    const failed = await run('npx', ['--no-install', 'metorial-connect', 'check-endpoint'], { cwd: PROJECT }).catch((error: { code: number; stderr: string }) => error);
    assert.equal((failed as { code: number }).code, 2);
    assert.match((failed as { stderr: string }).stderr, /give the endpoint url/);
  });
});
