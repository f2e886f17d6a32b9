// `npm run bench` (flows, the default mode): create + read through the host helper against the
// sandbox, both started in this process on random loopback ports. Bounded in count and time;
// prints latency percentiles and throughput.
//   npm run bench            (BENCH_FLOWS=2000 BENCH_CONCURRENCY=8 by default)
import { PROVIDERS } from '../../src/sandbox/index.js';
import { HELPER_HEADERS, percentile, startStack } from './stack.js';

const FLOWS = Number(process.env.BENCH_FLOWS ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const DEADLINE_MS = 60_000;

const stack = await startStack();
const base = stack.helperUrl;
const headers = HELPER_HEADERS;
const providerId = PROVIDERS[0]!.id;

const createMs: number[] = [];
const readMs: number[] = [];
let next = 0;
let errors = 0;
const started = performance.now();

async function worker(): Promise<void> {
  while (next < FLOWS && performance.now() - started < DEADLINE_MS) {
    next++;
    let t = performance.now();
    const created = await fetch(base, { method: 'POST', headers, body: JSON.stringify({ provider_id: providerId }) });
    const session = (await created.json()) as { id: string };
    createMs.push(performance.now() - t);
    t = performance.now();
    const read = await fetch(`${base}/${session.id}`, { headers });
    await read.arrayBuffer();
    readMs.push(performance.now() - t);
    if (created.status !== 200 || read.status !== 200) errors++;
  }
}

await Promise.all(Array.from({ length: CONCURRENCY }, worker));
const elapsedS = (performance.now() - started) / 1000;
const pct = percentile;
console.log(`flows ${createMs.length} (concurrency ${CONCURRENCY}) in ${elapsedS.toFixed(1)} s, errors ${errors}`);
console.log(`create via helper → sandbox: p50 ${pct(createMs, 0.5)} ms, p95 ${pct(createMs, 0.95)} ms`);
console.log(`read   via helper → sandbox: p50 ${pct(readMs, 0.5)} ms, p95 ${pct(readMs, 0.95)} ms`);
console.log(`throughput: ${((createMs.length * 2) / elapsedS).toFixed(0)} requests/s`);
await stack.close();
