// The stack the server-side benches measure: the sandbox and the host helper in front of it,
// each on a random loopback port.
import { fork } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startSandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import { createConnectHandler, toNodeListener } from '../../src/server/index.js';

export interface Stack {
  /** The helper's base URL: POST it to create, GET `${helperUrl}/${id}` to read. */
  helperUrl: string;
  close(): Promise<void>;
}

/** The benches send far more than upstream's 5,000 requests per 10 minutes: they measure
 *  speed, not the rate limit, so their sandbox sets its own. */
export const BENCH_RATE_LIMIT = 1_000_000_000;

export async function startStack(sandboxOptions: SandboxOptions = {}): Promise<Stack> {
  const sandbox = await startSandbox({ port: 0, log: false, rateLimit: BENCH_RATE_LIMIT, ...sandboxOptions });
  const helper = await startHelper(sandbox.url, sandbox.apiKey);
  return {
    helperUrl: helper.helperUrl,
    async close() {
      await helper.close();
      await sandbox.close();
    },
  };
}

/** The host helper alone, in front of a sandbox at `upstreamUrl`. */
export async function startHelper(upstreamUrl: string, apiKey: string): Promise<Stack> {
  const helper = http.createServer(toNodeListener(createConnectHandler({ apiKey, upstreamUrl, publicOrigin: 'http://127.0.0.1' })));
  await new Promise<void>((resolve) => helper.listen(0, '127.0.0.1', resolve));
  return {
    helperUrl: `http://127.0.0.1:${(helper.address() as AddressInfo).port}`,
    async close() {
      helper.closeAllConnections();
      await new Promise((resolve) => helper.close(resolve));
    },
  };
}

/** The helper's request headers (the element sends the same). */
export const HELPER_HEADERS = { 'Content-Type': 'application/json', 'X-Metorial-Connect': '1' };

/** The value at fraction `p` (0–1) of `values`, in ms with two decimals. */
export function percentile(values: readonly number[], p: number): string {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!.toFixed(2);
}

export interface ChildTarget {
  url: string;
  /** The child's RSS and heap after a full GC, in bytes. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  close(): void;
}

/** Starts `scripts/bench/child.ts <kind>` and waits until it listens. */
export async function forkTarget(kind: 'sandbox' | 'helper', ...args: string[]): Promise<ChildTarget> {
  const child = fork(fileURLToPath(new URL('./child.ts', import.meta.url)), [kind, ...args], { execArgv: ['--import', 'tsx', '--expose-gc'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { url: string }).url));
    child.once('exit', (code) => reject(new Error(`the bench target exited (${code})`)));
  });
  return {
    url,
    memory: () =>
      new Promise((resolve) => {
        child.once('message', (message) => resolve(message as { rss: number; heapUsed: number }));
        child.send('memory');
      }),
    close: () => child.disconnect(),
  };
}
