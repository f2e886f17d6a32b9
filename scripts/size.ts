// Size budget: builds, then measures every standalone entry point minified + gzipped.
// Fails (exit 1) when one is over budget. Run with `npm run size`.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { buildAll } from './build.js';

const BUDGETS_KB: Record<string, number> = {
  'dist/cdn/metorial-connect.js': 12, // the element with Lit and the engine (aim: 10)
  'dist/cdn/flow.js': 3, // the headless engine
  'dist/cdn/callback.js': 1, // the callback script
};

await buildAll();
let over = false;
console.log('entry                          min      min+gzip   budget');
for (const [file, budgetKb] of Object.entries(BUDGETS_KB)) {
  const source = readFileSync(file);
  const gzipped = gzipSync(source, { level: 9 }).length;
  const ok = gzipped <= budgetKb * 1000;
  over ||= !ok;
  console.log(
    `${file.padEnd(30)} ${(source.length / 1000).toFixed(2).padStart(6)} kB ${(gzipped / 1000).toFixed(2).padStart(6)} kB ${String(budgetKb).padStart(4)} kB ${ok ? 'ok' : 'OVER BUDGET'}`,
  );
}
process.exit(over ? 1 : 0);
