// A bench target in its own process, so the load generator shares neither its event loop nor
// its memory figures: `child.ts sandbox`, or `child.ts helper <sandbox url> <api key>`. Tells the parent its URL; answers `memory` with its RSS after a full GC; stops when
// the parent disconnects.
import { startSandbox } from '../../src/sandbox/index.js';
import { BENCH_RATE_LIMIT, startHelper } from './stack.js';

const [kind, upstreamUrl, apiKey] = process.argv.slice(2);
const target =
  kind === 'sandbox'
    ? await startSandbox({ port: 0, log: false, rateLimit: BENCH_RATE_LIMIT }).then((sandbox) => ({ url: sandbox.url, close: sandbox.close }))
    : await startHelper(upstreamUrl!, apiKey!).then((helper) => ({ url: helper.helperUrl, close: helper.close }));

process.on('message', (message) => {
  if (message !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send!({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
});
process.send!({ url: target.url });
process.once('disconnect', () => {
  void target.close().finally(() => process.exit(0));
});
