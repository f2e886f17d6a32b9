/**
 * Server-rendering frameworks, from the packed tarball, built and served their own way and
 * driven in Chromium through the real flows against the sandbox:
 * - Next.js (App Router, React 19): `next build` + `next start`, then `next dev` (StrictMode).
 *   `<MetorialConnect>` from `metorial-connect/react` is rendered on the server, hydrated, and
 *   must then set `metadata` (an object) and call `onConnected` / `onStateChange` exactly once per
 *   event, with exactly one session per click. The callback page is the package's own, served by
 *   a route handler (`app/connect-callback/[file]/route.ts`).
 * - SvelteKit (Svelte 5): `vite build` with adapter-node, served by `node build`.
 * - React 18: markup from React 18's server renderer, hydrated by React 18 (`hydrateRoot`).
 * The apps' backends are the packed server helper, pointed at the sandbox.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { extname } from 'node:path';
import { createServer } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import { MemoryStore, startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { WAIT_MS, launchBrowser } from '../e2e/helpers.js';
import { CONSUMERS_DIR, FIXTURES, INSTALLED, ROOT, assertPacked } from './support.js';

const NEXT_APP = `${FIXTURES}/next`;
const SVELTEKIT_APP = `${FIXTURES}/sveltekit`;
const NEXT = `${ROOT}/node_modules/next/dist/bin/next`;
const VITE = `${ROOT}/node_modules/vite/bin/vite.js`;
/** A framework's first compile (next dev compiles each page on its first request) takes longer
 *  than a flow's step on two shared cores: the bound of a navigation, not a sleep. */
const COMPILE_MS = 120_000;

interface Served {
  url: string;
  stop(): Promise<void>;
}

/** Runs a command to its end; fails with its output. */
function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${output}`))));
  });
}

/** Starts a server process and waits for the line that says where it listens. */
function serve(command: string, args: string[], cwd: string, env: Record<string, string>, listening: RegExp): Promise<Served> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that stopping it stops the workers it starts.
    const child: ChildProcess = spawn(command, args, { cwd, env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    const exited = new Promise<void>((done) => child.on('exit', () => done()));
    const stop = async () => {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGTERM');
      await exited;
    };
    const read = (chunk: Buffer) => {
      output += chunk;
      const url = listening.exec(output)?.[1];
      if (url) {
        child.stdout!.off('data', read);
        resolve({ url, stop });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited with ${code} before listening:\n${output}`)));
  });
}

/** A free loopback port. Next.js sees its own listen address as the request URL, not the
 *  address the browser used, so the backend is told its public origin before it starts
 *  (`PUBLIC_ORIGIN`, the helper's `publicOrigin`): the port must be known first. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
    probe.on('error', reject);
  });
}

/** Starts `next start` or `next dev` on a free port with the backend's environment. */
async function startNext(command: 'start' | 'dev', env: Record<string, string>): Promise<Served> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  return serve(process.execPath, [NEXT, command, '-H', '127.0.0.1', '-p', String(port)], NEXT_APP, { ...env, PUBLIC_ORIGIN: origin }, /Local:\s+(http:\/\/\S+)/);
}

describe('metorial-connect/react, from the tarball', () => {
  it("<MetorialConnect> sets every public property of the element (its list is the element's)", async () => {
    const { MetorialConnect } = await import(`${INSTALLED}/dist/element/metorial-connect.js`);
    const { PROPERTIES } = await import(`${INSTALLED}/dist/react/component.js`);
    const properties = MetorialConnect.properties as Record<string, { state?: boolean }>;
    const element = Object.keys(properties).filter((name) => !properties[name]!.state);
    assert.deepEqual([...PROPERTIES].sort(), element.sort());
  });
});

describe('server-rendering frameworks, from the tarball, to connected', () => {
  let sandbox: RunningSandbox;
  let browser: Browser;
  const store = new MemoryStore();
  const servers: Served[] = [];

  before(async () => {
    assertPacked();
    [sandbox, browser] = await Promise.all([startSandbox({ port: 0, log: false, store }), launchBrowser()]);
  });

  after(async () => {
    await browser?.close();
    for (const server of servers) await server.stop();
    await sandbox?.close();
  });

  /** The backend's environment: the server helper talks to the sandbox. */
  const backendEnv = () => ({ METORIAL_API_KEY: sandbox.apiKey, METORIAL_API_URL: sandbox.url });

  /** Opens the page in a fresh context; `errors` collects what the page logs as errors. */
  async function open(url: string, timeout = WAIT_MS, errors?: string[]): Promise<Page> {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    const page = await context.newPage();
    if (errors) page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    await page.goto(url, { timeout });
    return page;
  }

  /** The sandbox's session: its status and the metadata its create body carried. */
  async function sessionAtSandbox(id: string): Promise<{ status: string; metadata: Record<string, unknown> | null }> {
    const response = await fetch(`${sandbox.url}/provider-setup-sessions/${id}`, { headers: { authorization: `Bearer ${sandbox.apiKey}` } });
    return (await response.json()) as { status: string; metadata: Record<string, unknown> | null };
  }

  /** Waits until the element is defined and hydration has set its properties (a user's click
   *  before that would reach an element without its provider). */
  async function hydrated(page: Page): Promise<void> {
    await page.waitForFunction(() => {
      const element = document.querySelector('metorial-connect') as (HTMLElement & { providerId?: string }) | null;
      return !!customElements.get('metorial-connect') && !!element?.providerId;
    });
  }

  /** Popup mode, as a user: Connect → Continue → Allow; the callback page closes the popup. */
  async function connectThroughPopup(page: Page, button = 'Connect'): Promise<void> {
    const popupOpened = page.waitForEvent('popup');
    await page.locator('metorial-connect').getByRole('button', { name: button, exact: true }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    const closed = popup.waitForEvent('close');
    await popup.getByRole('button', { name: 'Allow' }).click();
    await closed;
  }

  /** The app's outcome: connected, confirmed by the sandbox, with the metadata set as an object. */
  async function assertConnected(page: Page, metadata: Record<string, unknown>): Promise<string> {
    const outcome = page.locator('#outcome[data-event="connected"]');
    await outcome.waitFor();
    assert.match((await outcome.textContent()) ?? '', /Connected: pac_/);
    const session = await sessionAtSandbox((await outcome.getAttribute('data-session'))!);
    assert.equal(session.status, 'completed');
    assert.deepEqual(session.metadata, metadata, 'the metadata object reached the create body');
    return (await outcome.getAttribute('data-states'))!;
  }

  /** The Next app's home page, hydrated: the element got its properties, no stray attributes. */
  async function openNextHome(url: string, timeout?: number): Promise<Page> {
    const page = await open(url, timeout);
    await hydrated(page);
    const element = await page.locator('metorial-connect').evaluate((node) => ({
      metadata: (node as HTMLElement & { metadata?: unknown }).metadata,
      attributes: node.getAttributeNames(),
    }));
    assert.deepEqual(element.metadata, { team: 't_1' }, 'metadata is set as an object after hydration');
    assert.deepEqual(element.attributes, [], 'no property was written as an attribute');
    return page;
  }

  /** One click, one session, each event heard once. */
  async function assertOneSessionPerClick(page: Page): Promise<void> {
    const before = store.ids().length;
    await connectThroughPopup(page);
    const states = await assertConnected(page, { team: 't_1' });
    assert.equal(store.ids().length - before, 1, 'exactly one session was created');
    assert.equal(states, 'creating waiting confirming connected onConnected', 'every state and the connected event reached React once');
  }

  describe('Next.js App Router: next build + next start', () => {
    let url: string;

    before(async () => {
      // The route modules are evaluated while building: the helper needs its key then too.
      await run(process.execPath, [NEXT, 'build'], NEXT_APP, backendEnv());
      const started = await startNext('start', backendEnv());
      servers.push(started);
      url = started.url;
    });

    it('the server HTML has the bare tag and no element code ran on the server', async () => {
      const html = await (await fetch(`${url}/`)).text();
      assert.match(html, /<metorial-connect><\/metorial-connect>/);
      const server = await (await fetch(`${url}/server`)).text();
      assert.match(server, /<metorial-connect><\/metorial-connect>/);
    });

    it('popup: <MetorialConnect> in a client component, hydrated: metadata in the create body, one session, each event once', async () => {
      const page = await openNextHome(`${url}/`);
      await assertOneSessionPerClick(page);
      await page.context().close();
    });

    it('popup: <MetorialConnect> straight in a Server Component, connected with its metadata', async () => {
      const page = await open(`${url}/server`);
      await hydrated(page);
      const created = page.waitForResponse((response) => response.url().endsWith('/api/setup-sessions') && response.request().method() === 'POST');
      await connectThroughPopup(page);
      const session = (await (await created).json()) as { id: string };
      await page.locator('metorial-connect').getByText('Connected').waitFor();
      const atSandbox = await sessionAtSandbox(session.id);
      assert.equal(atSandbox.status, 'completed');
      assert.deepEqual(atSandbox.metadata, { team: 't_2' });
      await page.context().close();
    });

    it('in-page (iframe mode), a token form (Sentry): filled in the dialog’s frame, connected', async () => {
      const page = await openNextHome(`${url}/?mode=iframe&provider=sentry`);
      await page.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
      const frame = page.frameLocator('metorial-connect iframe');
      await frame.getByLabel('Auth token').fill('sntrys_secret_value');
      await frame.getByLabel('Organization slug').fill('acme');
      await frame.getByRole('button', { name: 'Connect', exact: true }).click();
      const states = await assertConnected(page, { team: 't_1' });
      assert.match(states, /^creating waiting .*connected onConnected$/);
      assert.equal(states.split(' ').filter((state) => state === 'onConnected').length, 1);
      await page.context().close();
    });

    // The sandbox's OAuth consent refuses to be framed (`frame-ancestors 'none'`), as real
    // providers do: the dialog frames nothing and offers "Continue to GitHub", which opens the
    // setup page in a window of its own.
    it('in-page (iframe mode), OAuth (GitHub): connected, the provider consent in its own window', async () => {
      const page = await openNextHome(`${url}/?mode=iframe`);
      await page.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
      const popupOpened = page.waitForEvent('popup');
      await page.locator('metorial-connect').getByRole('button', { name: 'Continue to GitHub' }).click();
      const popup = await popupOpened;
      await popup.getByRole('button', { name: 'Continue', exact: true }).click();
      await popup.getByRole('button', { name: 'Allow' }).click();
      const states = await assertConnected(page, { team: 't_1' });
      assert.match(states, /connected onConnected$/);
      assert.equal(states.split(' ').filter((state) => state === 'onConnected').length, 1);
      await page.context().close();
    });

    it('the callback page and its script are the installed package’s, byte for byte', async () => {
      for (const [file, type] of [
        ['callback.html', 'text/html'],
        ['callback.js', 'text/javascript'],
      ] as const) {
        const response = await fetch(`${url}/connect-callback/${file}`);
        assert.equal(response.status, 200);
        assert.match(response.headers.get('content-type') ?? '', new RegExp(`^${type}`));
        assert.equal(await response.text(), readFileSync(`${INSTALLED}/dist/cdn/${file}`, 'utf8'));
      }
      assert.equal((await fetch(`${url}/connect-callback/other.js`)).status, 404);
    });
  });

  describe('Next.js App Router: next dev (StrictMode mounts every effect twice)', () => {
    let url: string;

    before(async () => {
      const started = await startNext('dev', backendEnv());
      servers.push(started);
      url = started.url;
      // next dev compiles each route on its first request, here slower than the element waits
      // for an answer (15 s): both routes are compiled before the user comes.
      for (const path of ['/', '/api/setup-sessions/ses_warmup']) await fetch(`${url}${path}`, { signal: AbortSignal.timeout(COMPILE_MS) });
    });

    it('popup, twice on one page: one session per click, each event once, metadata in the create body', async () => {
      const page = await openNextHome(`${url}/`, COMPILE_MS);
      await assertOneSessionPerClick(page);
      const before = store.ids().length;
      await connectThroughPopup(page, 'Reconnect');
      await page.locator('#outcome[data-states$="onConnected creating waiting confirming connected onConnected"]').waitFor();
      assert.equal(store.ids().length - before, 1, 'exactly one more session');
      await page.context().close();
    });
  });

  describe('SvelteKit: vite build (adapter-node) + node build', () => {
    let url: string;

    before(async () => {
      await run(process.execPath, [VITE, 'build', '--logLevel', 'error'], SVELTEKIT_APP);
      const port = await freePort();
      // adapter-node's ORIGIN is the site's public origin (its request URLs, and the helper's publicOrigin).
      const env = { ...backendEnv(), HOST: '127.0.0.1', PORT: String(port), ORIGIN: `http://127.0.0.1:${port}` };
      const started = await serve(process.execPath, ['build'], SVELTEKIT_APP, env, /Listening on (http:\/\/\S+)/);
      servers.push(started);
      url = started.url;
    });

    it('popup: the server-rendered element, hydrated: metadata set as an object reaches the create body, connected', async () => {
      const page = await open(`${url}/`);
      await page.waitForFunction(() => !!customElements.get('metorial-connect'));
      // Svelte sets the object as a property once it hydrates (an attribute would read "[object Object]").
      await page.waitForFunction(() => typeof (document.querySelector('metorial-connect') as HTMLElement & { metadata?: unknown })?.metadata === 'object');
      const before = store.ids().length;
      await connectThroughPopup(page);
      await assertConnected(page, { team: 't_3' });
      assert.equal(store.ids().length - before, 1, 'exactly one session was created');
      await page.context().close();
    });

    it('svelte-check: the page, the endpoints and their generated types check (with the SvelteHTMLElements declaration)', async () => {
      // (The build has generated .svelte-kit/, the types of routes and of $env.)
      await run(`${ROOT}/node_modules/.bin/svelte-check`, ['--tsconfig', './tsconfig.json', '--fail-on-warnings', '--output', 'machine'], SVELTEKIT_APP);
    });

    it('the callback page and its script are the installed package’s, prerendered', async () => {
      for (const file of ['callback.html', 'callback.js']) {
        const response = await fetch(`${url}/connect-callback/${file}`);
        assert.equal(response.status, 200);
        assert.equal(await response.text(), readFileSync(`${INSTALLED}/dist/cdn/${file}`, 'utf8'));
      }
    });
  });

  describe('React 18: server-rendered markup, hydrated', () => {
    let url: string;

    before(async () => {
      const outDir = `${CONSUMERS_DIR}/react18-hydrate`;
      await build({ root: `${FIXTURES}/react18`, configFile: `${FIXTURES}/react18/vite.config.ts`, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
      const { createConnectHandler, toNodeListener } = await import(`${INSTALLED}/dist/server/index.js`);
      const api = toNodeListener(createConnectHandler({ apiKey: sandbox.apiKey, upstreamUrl: sandbox.url, basePath: '/api/setup-sessions' }));
      const types: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript' };
      // The app's files, its backend, and the package's callback page beside its script.
      const server = createHttpServer((request, response) => {
        const path = new URL(request.url ?? '/', 'http://host').pathname;
        if (path.startsWith('/api/setup-sessions')) return api(request, response);
        const file = path === '/connect-callback.html' || path === '/callback.js' ? `${INSTALLED}/dist/cdn/${path.slice(1).replace('connect-', '')}` : `${outDir}${path}`;
        if (path.includes('..') || !existsSync(file) || !statSync(file).isFile()) return response.writeHead(404).end();
        response.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
        createReadStream(file).pipe(response);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      servers.push({ url, stop: () => new Promise((resolve) => server.close(() => resolve())) });
    });

    it('tsc --strict with @types/react 18: the app and metorial-connect/react’s declarations check', async () => {
      await run(process.execPath, [`${ROOT}/node_modules/typescript/bin/tsc`, '-p', `${FIXTURES}/react18/tsconfig.json`], FIXTURES);
    });

    it('popup: hydrated without a mismatch, metadata set as an object reaches the create body, connected', async () => {
      const errors: string[] = [];
      const page = await open(`${url}/hydrate.html`, WAIT_MS, errors);
      await hydrated(page);
      assert.deepEqual(await page.locator('metorial-connect').evaluate((node) => (node as HTMLElement & { metadata?: unknown }).metadata), { team: 't_1' });
      const before = store.ids().length;
      await connectThroughPopup(page);
      await assertConnected(page, { team: 't_1' });
      assert.equal(store.ids().length - before, 1, 'exactly one session was created');
      assert.deepEqual(errors, [], 'React reported no hydration error');
      await page.context().close();
    });
  });
});
