// `npm run bench -- <mode>`: loopback benchmarks, bounded in count and time, never part of
// `npm test` (numbers go in notes and reports). Each mode lives in scripts/bench/<mode>.ts.
//   flows   (default) create + read through the helper against the sandbox, a few at a time
//   load    200 concurrent connections for 10 s against helper → sandbox (create then read)
//   scale   list latency with 1k / 10k / 100k stored sessions; RSS around an authorize flood
//   render  the element's rendering (scripts/bench/render.ts, when present)
import { existsSync } from 'node:fs';

const MODES = ['flows', 'load', 'scale', 'render'] as const;
const mode = process.argv[2] ?? 'flows';

if (!(MODES as readonly string[]).includes(mode)) {
  console.error(`Unknown bench mode "${mode}". Use one of: ${MODES.join(', ')}.`);
  process.exit(1);
}
if (mode === 'render' && !existsSync(new URL('./bench/render.ts', import.meta.url))) {
  console.log('render mode: scripts/bench/render.ts not present');
} else {
  // A variable specifier: render.ts may not exist, so it is not resolved at type-check time.
  const specifier = `./bench/${mode}.js`;
  await import(specifier);
}
