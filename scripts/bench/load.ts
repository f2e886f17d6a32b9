// `npm run bench -- load`: 200 concurrent connections for 10 s against the helper → sandbox,
// each connection looping create (POST) then read (GET of the id it created). The sandbox and
// the helper each run in a child process (as the upstream and your backend are separate
// servers), the load generator (autocannon) in this one. Loopback only.
//   BENCH_CONNECTIONS=200 BENCH_SECONDS=10 by default
//   BENCH_TARGET=sandbox   the same load on the sandbox's API alone (tells the layers apart)
import autocannon from 'autocannon';
import { DEFAULT_API_KEY, PROVIDERS } from '../../src/sandbox/index.js';
import { forkTarget, HELPER_HEADERS, percentile } from './stack.js';

const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 200);
const SECONDS = Math.min(60, Number(process.env.BENCH_SECONDS ?? 10));

const DIRECT = process.env.BENCH_TARGET === 'sandbox';

const sandbox = await forkTarget('sandbox');
const helper = DIRECT ? undefined : await forkTarget('helper', sandbox.url, DEFAULT_API_KEY);
/** Where create POSTs and `${base}/${id}` reads: the helper's route, or the sandbox's API. */
const base = helper ? helper.url : `${sandbox.url}/provider-setup-sessions`;
const headers = helper ? HELPER_HEADERS : { 'Content-Type': 'application/json', Authorization: `Bearer ${DEFAULT_API_KEY}` };

/** Sessions a connection created and has not read yet; a failed create skips the read. */
type Context = { id?: string };
const latencies: number[] = [];
const answered = { creates: 0, reads: 0 };
const options: autocannon.Options = {
  url: base,
  connections: CONNECTIONS,
  duration: SECONDS,
  timeout: 10,
  requests: [
    {
      method: 'POST',
      headers,
      body: JSON.stringify({ provider_id: PROVIDERS[0]!.id }),
      onResponse: (status: number, body: string, context: Context) => {
        answered.creates++;
        context.id = status === 201 ? (JSON.parse(body) as { id: string }).id : undefined;
      },
    },
    {
      method: 'GET',
      headers,
      // Back to the create when there is nothing to read.
      // A falsy request makes autocannon start the connection's sequence over.
      setupRequest: (request: autocannon.Request, context: Context) =>
        context.id ? { ...request, path: `${new URL(base).pathname.replace(/\/$/, '')}/${context.id}` } : (null as unknown as autocannon.Request),
      onResponse: () => {
        answered.reads++;
      },
    },
  ],
};
const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(options, (error, done) => (error ? reject(error) : resolve(done)));
  instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
});
helper?.close();
sandbox.close();

const total = result.requests.total;
const failed = result.errors + result.timeouts + result.non2xx;
console.log(`load: ${CONNECTIONS} connections × ${SECONDS} s against ${DIRECT ? 'the sandbox alone' : 'helper → sandbox'} (create, then read)`);
console.log(`requests ${total} (${(total / SECONDS).toFixed(0)} requests/s; ${answered.creates} creates, ${answered.reads} reads), errors ${failed} (connection ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx})`);
console.log(`latency: p50 ${percentile(latencies, 0.5)} ms, p95 ${percentile(latencies, 0.95)} ms, p99 ${percentile(latencies, 0.99)} ms, max ${percentile(latencies, 1)} ms`);
if (failed > 0) process.exitCode = 1;
