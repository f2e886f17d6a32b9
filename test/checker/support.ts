/**
 * What the checker's tests run it against, all real and on loopback: the sandbox, the Node
 * helper mounted as Express-style middleware over it, the Python example, and the checker
 * itself (in-process, or as the command line).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { connectMiddleware, type ConnectHandlerOptions } from '../../src/server/index.js';
import { startSandbox, type RunningSandbox } from '../../src/sandbox/index.js';
import { listen } from '../server/helpers.js';
import type { Provider } from '../../src/shared/session.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url)).replace(/\/$/, '');
export const ENDPOINT_PATH = '/api/setup-sessions';
/** The tests' users sign in with this cookie (the Python example reads the same one). */
export const USER_COOKIE = 'demo_user';
export const ALICE = `${USER_COOKIE}=alice`;
export const BOB = `${USER_COOKIE}=bob`;

/** The signed-in user of a request, from the demo cookie (a real host reads its own session). */
export function userFromCookie(request: Request): string | null {
  const cookie = request.headers.get('Cookie') ?? '';
  const match = new RegExp(`(?:^|;\\s*)${USER_COOKIE}=([A-Za-z0-9_-]+)`).exec(cookie);
  return match ? match[1]! : null;
}

export interface Running {
  /** The endpoint: `http://127.0.0.1:{port}/api/setup-sessions`. */
  endpoint: string;
  close(): Promise<void>;
}

export async function startUpstream(): Promise<{ sandbox: RunningSandbox; provider: Provider }> {
  const sandbox = await startSandbox({ port: 0, log: false });
  const response = await fetch(`${sandbox.url}/providers`, { headers: { Authorization: `Bearer ${sandbox.apiKey}` } });
  const providers = ((await response.json()) as { items: Provider[] }).items;
  return { sandbox, provider: providers[0]! };
}

/** A Node HTTP server on port 0 that answers with `listener` (the helper tests' own). */
export const serve = listen;

/** The helper's options for the tests: the sandbox upstream, users from the demo cookie. */
export function helperOptions(sandbox: RunningSandbox, options: Partial<ConnectHandlerOptions> = {}): ConnectHandlerOptions {
  return { apiKey: sandbox.apiKey, upstreamUrl: sandbox.url, getUser: userFromCookie, log: () => {}, ...options };
}

/** The helper as a host mounts it: `app.use('/api/setup-sessions', connectMiddleware(…))`,
 *  here with Node's own server and a minimal mount (the prefix stripped, as Express does). */
export async function startNodeBackend(sandbox: RunningSandbox, options: Partial<ConnectHandlerOptions> = {}): Promise<Running> {
  const middleware = connectMiddleware({ ...helperOptions(sandbox, options), basePath: ENDPOINT_PATH });
  const server = await serve((req, res) =>
    middleware(req, res, () => {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not the endpoint');
    }),
  );
  return { endpoint: server.url + ENDPOINT_PATH, close: server.close };
}

/** The Python example backend (`examples/python/`), started with `python3`, its port read from
 *  the line it prints once it listens. */
export async function startPythonBackend(sandbox: RunningSandbox, env: Record<string, string> = {}): Promise<Running> {
  const child: ChildProcess = spawn('python3', [`${ROOT}/examples/python/server.py`], {
    env: { ...process.env, METORIAL_API_KEY: sandbox.apiKey, METORIAL_API_URL: sandbox.url, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const lines = createInterface({ input: child.stdout! });
  const exited = once(child, 'exit').then(
    ([code]) => {
      throw new Error(`the Python example exited (${String(code)}) before listening: ${stderr}`);
    },
    (error: NodeJS.ErrnoException) => {
      throw error.code === 'ENOENT' ? new Error('the Python example needs python3 (3.11 or later) on the PATH', { cause: error }) : error;
    },
  );
  const listening = (async () => {
    for await (const line of lines) {
      const match = /listening on (http:\/\/\S+)/.exec(line);
      if (match) return match[1]!;
    }
    throw new Error(`the Python example printed no "listening on" line: ${stderr}`);
  })();
  const base = await Promise.race([listening, exited]);
  exited.catch(() => {});
  return {
    endpoint: base + ENDPOINT_PATH,
    close: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
