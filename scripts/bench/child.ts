// A bench target in its own process, so the load generator shares neither its event loop nor
// its memory figures. `child.ts stack` runs helper → sandbox, `child.ts sandbox` the sandbox
// alone. Tells the parent its URL; answers `memory` with its RSS after a full GC; stops when
// the parent disconnects.
import { startSandbox } from '../../src/sandbox/index.js';
import { startHelper, startStack } from './stack.js';

const [kind, upstreamUrl, apiKey] = process.argv.slice(2);
const target =
  kind === 'sandbox'
    ? await startSandbox({ port: 0, log: false }).then((sandbox) => ({ url: sandbox.url, close: sandbox.close }))
    : kind === 'helper'
      ? await startHelper(upstreamUrl!, apiKey!).then((helper) => ({ url: helper.helperUrl, close: helper.close }))
      : await startStack().then((stack) => ({ url: stack.helperUrl, close: stack.close }));

process.on('message', (message) => {
  if (message !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  process.send!({ rss: process.memoryUsage().rss, heapUsed: process.memoryUsage().heapUsed });
});
process.send!({ url: target.url });
process.once('disconnect', () => {
  void target.close().finally(() => process.exit(0));
});
