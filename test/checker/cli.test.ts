/**
 * The command line, as a user runs it (a child process: exit codes 0 / 1 / 2) and in this
 * process: one line per rule with its mark, the broken rules named in the summary, --json on
 * stdout with progress on stderr, and clear usage errors.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { checkEndpoint } from '../../src/cli/check-endpoint.js';
import type { Report } from '../../src/cli/checks/index.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import { toNodeListener } from '../../src/server/index.js';
import type { Provider } from '../../src/shared/session.js';
import { BROKEN } from './broken/variants.js';
import { ALICE, BOB, ENDPOINT_PATH, ROOT, serve, startNodeBackend, startUpstream, type Running } from './support.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `metorial-connect …` from the source (tsx), as `npx metorial-connect …` runs the built file. */
function cli(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', `${ROOT}/src/cli/index.ts`, ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** Runs the command in this process, its output captured. */
async function inProcess(...args: string[]): Promise<Run> {
  const run: Run = { code: 0, stdout: '', stderr: '' };
  run.code = await checkEndpoint(args, { stdout: { write: (text: string) => (run.stdout += text) }, stderr: { write: (text: string) => (run.stderr += text) } });
  return run;
}

describe('metorial-connect check-endpoint (command line)', () => {
  let sandbox: RunningSandbox;
  let provider: Provider;
  let backend: Running;
  before(async () => {
    ({ sandbox, provider } = await startUpstream());
    backend = await startNodeBackend(sandbox);
  });
  after(async () => {
    await backend.close();
    await sandbox.close();
  });

  it('exits 0 with a ✓ line per rule against the helper', async () => {
    const run = await cli('check-endpoint', backend.endpoint, '--provider', provider.id, '--cookie-a', ALICE, '--cookie-b', BOB);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.split('\n').filter((line) => /^[✓✗-] /.test(line));
    assert.equal(lines.length, 17);
    assert.ok(lines.every((line) => line.startsWith('✓ ')), run.stdout);
    assert.match(run.stdout, /^Checking http:\/\/127\.0\.0\.1:\d+\/api\/setup-sessions$/m);
    assert.match(run.stdout, /^17 passed, 0 failed, 0 skipped$/m);
  });

  it('with the url alone, exits 0 and says what it skipped and why', async () => {
    const run = await inProcess(backend.endpoint);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^- create +skipped: nothing is created without --provider <id>$/m);
    assert.match(run.stdout, /^- other-user +skipped: needs two users/m);
    assert.match(run.stdout, /^✓ csrf-header /m);
    assert.match(run.stdout, /^5 passed, 0 failed, 12 skipped$/m);
  });

  it('exits 1 and names the broken rule, with what it saw', async () => {
    let origin = '';
    const broken = await serve(toNodeListener(BROKEN['csrf-header']!.build(sandbox, () => origin)));
    origin = broken.url;
    try {
      const run = await cli('check-endpoint', broken.url + ENDPOINT_PATH, '--provider', provider.id, '--cookie-a', ALICE, '--cookie-b', BOB);
      assert.equal(run.code, 1, run.stdout + run.stderr);
      assert.match(run.stdout, /^✗ csrf-header +requests without X-Metorial-Connect: 1 are refused with 403 forbidden/m);
      assert.match(run.stdout, /^ +POST http:\S+ without X-Metorial-Connect: answered 20[01], expected 403 forbidden$/m);
      assert.match(run.stdout, /^16 passed, 1 failed, 0 skipped\. Broken: csrf-header$/m);
    } finally {
      await broken.close();
    }
  });

  it('--json prints the report on stdout and progress on stderr', async () => {
    const run = await inProcess(backend.endpoint, '--json', '--header-a', `Cookie: ${ALICE}`);
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout) as Report;
    assert.equal(report.ok, true);
    assert.equal(report.endpoint, backend.endpoint);
    assert.equal(report.checks.length, 17);
    const signIn = report.checks.find((check) => check.id === 'sign-in-required');
    assert.deepEqual([signIn?.status, signIn?.status === 'pass' && signIn.detail], ['pass', 'create only (no session to read)']);
    assert.equal(run.stderr.split('\n').filter((line) => /^check-endpoint \[\d+\/17\] [✓✗-] [a-z-]+$/.test(line)).length, 17);
  });

  it('exits 1 when the endpoint cannot be reached', async () => {
    const gone = await serve(() => {});
    await gone.close();
    const run = await inProcess(gone.url + ENDPOINT_PATH);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^✗ reachable .*\n +GET \S+ got no answer: ECONNREFUSED$/m);
    assert.match(run.stdout, /^- create +skipped: the endpoint could not be reached/m);
  });

  it('exits 2 with the usage for a usage error, and for an unknown command', async () => {
    const missing = await cli('check-endpoint');
    assert.deepEqual([missing.code, missing.stdout], [2, '']);
    assert.match(missing.stderr, /^metorial-connect check-endpoint: give the endpoint url\n\nUsage: metorial-connect check-endpoint <url>/);
    const unknown = await cli('frobnicate');
    assert.deepEqual([unknown.code, unknown.stdout], [2, '']);
    assert.match(unknown.stderr, /^metorial-connect: unknown command "frobnicate"\n\nUsage: metorial-connect <command>/);
  });

  const usageErrors: Array<[string[], RegExp]> = [
    [['not a url'], /the url must be an absolute URL/],
    [['ftp://example.com/x'], /must use http or https/],
    [['http://127.0.0.1:1/x?y=1'], /must not have a query/],
    [['http://127.0.0.1:1/x', 'http://127.0.0.1:1/y'], /one url only, got 2/],
    [['http://127.0.0.1:1/x', '--origin', 'https://app.example/path'], /--origin takes an origin only/],
    [['http://127.0.0.1:1/x', '--cookie-b', 'a=b'], /needs a first one/],
    [['http://127.0.0.1:1/x', '--header-a', 'no colon'], /--header-a takes "Name: value"/],
    [['http://127.0.0.1:1/x', '--timeout', 'soon'], /--timeout takes milliseconds/],
    [['http://127.0.0.1:1/x', '--provider', 'a/b'], /--provider takes a provider id/],
    [['http://127.0.0.1:1/x', '--what'], /Unknown option '--what'/],
  ];
  for (const [args, message] of usageErrors) {
    it(`refuses with the usage (2): check-endpoint ${args.join(' ')}`, async () => {
      const run = await inProcess(...args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Usage: metorial-connect check-endpoint/);
      assert.equal(run.stdout, '');
    });
  }

  it('--help prints the usage and exits 0', async () => {
    const run = await inProcess('--help');
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: metorial-connect check-endpoint <url> \[options\]/);
  });
});
