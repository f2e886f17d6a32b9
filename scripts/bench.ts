// `npm run bench -- <mode>`: loopback benchmarks, bounded in count and time, never part of
// `npm test` (numbers go in notes and reports). Each mode lives in scripts/bench/<mode>.ts.
//   flows   (default) create + read through the helper against the sandbox, a few at a time
//   load    200 concurrent connections for 10 s against helper → sandbox (create then read)
//   scale   list latency with 1k / 10k / 100k stored sessions; RSS around an authorize flood
//   render  1,000 idle elements against 1,000 bare Lit elements in one Chromium run
const MODES = ['flows', 'load', 'scale', 'render'] as const;
const mode = process.argv[2] ?? 'flows';

if (!(MODES as readonly string[]).includes(mode)) {
  console.error(`Unknown bench mode "${mode}". Use one of: ${MODES.join(', ')}.`);
  process.exit(1);
}
// Modes run on import; one that exports a main function (render.ts, also runnable on its own)
// runs when called.
const loaded: { default?: () => Promise<void> } = await import(`./bench/${mode}.js`);
await loaded.default?.();
