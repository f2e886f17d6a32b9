// `npm run bench -- load`: 200 concurrent connections for 10 s against the helper → sandbox,
// each connection looping create (POST) then read (GET of the id it created). The sandbox and
// the helper each run in a child process (as the upstream and your backend are separate
// servers); the load comes from this one, through a keep-alive `http.Agent` bounded to one
// socket per connection. (autocannon was tried first: on this busy 2-core machine it left a few
// of its own connections unserved for a whole run, which showed as timeouts of its own making.)
//   BENCH_CONNECTIONS=200 BENCH_SECONDS=10 by default
//   BENCH_TARGET=sandbox   the same load on the sandbox's API alone (tells the layers apart)
import http from 'node:http';
import { DEFAULT_API_KEY, PROVIDERS } from '../../src/sandbox/index.js';
import { forkTarget, HELPER_HEADERS, percentile } from './stack.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const SECONDS = Math.min(60, Number(process.env.BENCH_SECONDS ?? 10));
const TIMEOUT_MS = 10_000;
const DIRECT = process.env.BENCH_TARGET === 'sandbox';

const sandbox = await forkTarget('sandbox');
const helper = DIRECT ? undefined : await forkTarget('helper', sandbox.url, DEFAULT_API_KEY);
/** Where create POSTs and `${base}/${id}` reads: the helper's route, or the sandbox's API. */
const base = new URL(helper ? helper.url : `${sandbox.url}/provider-setup-sessions`);
const basePath = base.pathname.replace(/\/$/, '');
const headers: Record<string, string> = helper ? HELPER_HEADERS : { 'Content-Type': 'application/json', Authorization: `Bearer ${DEFAULT_API_KEY}` };
const createBody = JSON.stringify({ provider_id: PROVIDERS[0]!.id });
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });

type Outcome = { status: number; body: string } | { error: 'timeout' | 'connection' };

function send(method: 'POST' | 'GET', path: string, body?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const request = http.request(
      { host: base.hostname, port: base.port, path, method, agent, timeout: TIMEOUT_MS, headers: body ? { ...headers, 'Content-Length': Buffer.byteLength(body) } : headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        response.on('error', () => resolve({ error: 'connection' }));
      },
    );
    request.on('timeout', () => {
      request.destroy();
      resolve({ error: 'timeout' });
    });
    request.on('error', () => resolve({ error: 'connection' }));
    request.end(body);
  });
}

const latencies: number[] = [];
const counts = { creates: 0, reads: 0, non2xx: 0, timeouts: 0, connection: 0 };
const deadline = performance.now() + SECONDS * 1000;

/** Times one request and files its outcome; returns it when it succeeded. */
async function timed(method: 'POST' | 'GET', path: string, expected: number, body?: string) {
  const started = performance.now();
  const outcome = await send(method, path, body);
  if ('error' in outcome) {
    counts[outcome.error === 'timeout' ? 'timeouts' : 'connection']++;
    return undefined;
  }
  latencies.push(performance.now() - started);
  if (outcome.status !== expected) {
    counts.non2xx++;
    return undefined;
  }
  return outcome;
}

async function connection(): Promise<void> {
  while (performance.now() < deadline) {
    const created = await timed('POST', basePath || '/', 200, createBody);
    counts.creates++;
    if (!created || performance.now() >= deadline) continue;
    await timed('GET', `${basePath}/${(JSON.parse(created.body) as { id: string }).id}`, 200);
    counts.reads++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: CONNECTIONS }, connection));
const elapsedS = (performance.now() - started) / 1000;
agent.destroy();
helper?.close();
sandbox.close();

const total = counts.creates + counts.reads;
const failed = counts.non2xx + counts.timeouts + counts.connection;
console.log(`load: ${CONNECTIONS} connections × ${SECONDS} s against ${DIRECT ? 'the sandbox alone' : 'helper → sandbox'} (create, then read)`);
console.log(
  `requests ${total} in ${elapsedS.toFixed(1)} s (${(total / elapsedS).toFixed(0)} requests/s; ${counts.creates} creates, ${counts.reads} reads), ` +
    `errors ${failed} (non-2xx ${counts.non2xx}, timeouts >${TIMEOUT_MS / 1000} s ${counts.timeouts}, connection ${counts.connection})`,
);
console.log(`latency: p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(latencies, 0.95)} ms, p99 ${percentile(latencies, 0.99)} ms, max ${percentile(latencies, 1)} ms`);
if (failed > 0) process.exitCode = 1;
