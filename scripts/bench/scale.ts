// `npm run bench -- scale`: does the sandbox stay flat and bounded as it fills?
//  1. RSS before and after 10,000 unauthenticated GET /demo-oauth/authorize requests carrying the
//     largest state and scope the demo provider accepts (a fresh sandbox in a child process,
//     measured after a full GC there, after a warm-up with the same requests from an unknown client).
//  2. List latency (GET /provider-setup-sessions?limit=10, over HTTP) with 1k, 10k and 100k stored
//     sessions; the store is filled directly, which is what a long-running sandbox accumulates.
// Loopback only; bounded in count.
import { CATALOG, MemoryStore, startSandbox } from '../../src/sandbox/index.js';
import type { SandboxContext } from '../../src/sandbox/context.js';
import { createIdGenerator } from '../../src/sandbox/ids.js';
import { MAX_SCOPE_LENGTH, MAX_STATE_LENGTH } from '../../src/sandbox/oauth/demo-provider.js';
import { createSessionRecord, resolveReferences } from '../../src/sandbox/sessions.js';
import { BENCH_RATE_LIMIT, forkTarget, percentile } from './stack.js';

const FLOOD = Number(process.env.BENCH_FLOOD ?? 10_000);
const SIZES = [1_000, 10_000, 100_000];
const LIST_SAMPLES = 300;
const MB = 1024 * 1024;

/** Runs `count` requests made by `makeUrl`, `concurrency` at a time; returns each one's ms. */
async function run(count: number, concurrency: number, makeUrl: (i: number) => string, headers: Record<string, string> = {}) {
  const times: number[] = [];
  let next = 0;
  let failures = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const i = next++;
        const started = performance.now();
        // One retry: an idle keep-alive socket the server closed meanwhile is not the server's fault.
        const response = await fetch(makeUrl(i), { headers }).catch(() => fetch(makeUrl(i), { headers }));
        await response.arrayBuffer();
        times.push(performance.now() - started);
        if (!response.ok) failures++;
      }
    }),
  );
  return { times, failures };
}

// 1. The authorize flood.
{
  const sandbox = await forkTarget('sandbox');
  const authorize = (i: number, clientId = `demo_client_${CATALOG[0]!.credentials[0]!.id}`) => {
    const url = new URL('/demo-oauth/authorize', sandbox.url);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: `${sandbox.url}/oauth/callback`,
      scope: 's'.repeat(MAX_SCOPE_LENGTH),
      state: `${i}`.padEnd(MAX_STATE_LENGTH, 'x'),
      code_challenge: 'A'.repeat(43),
      code_challenge_method: 'S256',
    }).toString();
    return url.href;
  };
  // Warm-up with the same requests from an unknown client (an error page, nothing stored): a
  // fresh process's first ~10k requests grow its RSS by ~40 MB whatever they do (young
  // generation, JIT code, buffers), which is not what this measures.
  await run(FLOOD, 32, (i) => authorize(i, 'demo_client_unknown'));
  const before = await sandbox.memory();
  const flood = await run(FLOOD, 32, (i) => authorize(i));
  const after = await sandbox.memory();
  await run(FLOOD, 32, (i) => authorize(FLOOD + i));
  const again = await sandbox.memory();
  const mb = (bytes: number) => (bytes / MB).toFixed(1);
  console.log(`authorize flood: ${FLOOD} requests (${flood.failures} failed), p50 ${percentile(flood.times, 0.5)} ms, p95 ${percentile(flood.times, 0.95)} ms`);
  console.log(
    `  sandbox RSS (after a warm-up of ${FLOOD} such requests from an unknown client, which store nothing) before ${mb(before.rss)} MB, after ${mb(after.rss)} MB: ` +
      `growth ${mb(after.rss - before.rss)} MB (heap in use ${mb(after.heapUsed - before.heapUsed)} MB)`,
  );
  console.log(`  a second flood of ${FLOOD}: RSS ${mb(again.rss - after.rss)} MB, heap in use ${mb(again.heapUsed - after.heapUsed)} MB (the caps hold)`);
  sandbox.close();
}

// 2. List latency as the store grows.
{
  const now = Date.now;
  const store = new MemoryStore({ maxSessions: Math.max(...SIZES) });
  const sandbox = await startSandbox({ port: 0, log: false, store, rateLimit: BENCH_RATE_LIMIT });
  // What createSessionRecord reads: the store, the clock, ids, the public URL and the defaults.
  const ctx = { store, now, nextId: createIdGenerator(now), publicUrl: () => sandbox.url, sessionTtlMs: 1_800_000, uiMode: 'metorial_elements' } as Partial<SandboxContext> as SandboxContext;
  const headers = { authorization: `Bearer ${sandbox.apiKey}` };
  const rssEmpty = process.memoryUsage().rss;
  let stored = 0;
  for (const size of SIZES) {
    for (; stored < size; stored++) {
      const entry = CATALOG[stored % CATALOG.length]!;
      const input = { provider_id: entry.provider.id, metadata: { user_id: `u_${stored}` } };
      const refs = resolveReferences(input);
      if ('error' in refs) throw new Error('catalog reference');
      createSessionRecord(ctx, input, refs);
    }
    const list = (query: string) => run(LIST_SAMPLES, 1, () => `${sandbox.url}/provider-setup-sessions?${query}`, headers);
    await list('limit=10'); // warm-up
    const first = await list('limit=10');
    const middle = store.ids()[Math.floor(size / 2)]!;
    const paged = await list(`limit=10&order=desc&after=${middle}`);
    const filtered = await list(`limit=10&provider_id=${CATALOG[2]!.provider.id}&status=pending`);
    const failures = first.failures + paged.failures + filtered.failures;
    console.log(
      `list with ${size.toLocaleString('en')} sessions (${LIST_SAMPLES} each${failures ? `, ${failures} failed` : ''}): ` +
        `first page p50 ${percentile(first.times, 0.5)} / p95 ${percentile(first.times, 0.95)} ms; ` +
        `from the middle, desc p50 ${percentile(paged.times, 0.5)} / p95 ${percentile(paged.times, 0.95)} ms; ` +
        `provider+status filter p50 ${percentile(filtered.times, 0.5)} / p95 ${percentile(filtered.times, 0.95)} ms`,
    );
  }
  console.log(`  RSS of this process with ${stored.toLocaleString('en')} sessions: +${((process.memoryUsage().rss - rssEmpty) / MB).toFixed(0)} MB over the empty store`);
  await sandbox.close();
}
