/**
 * `npm run test:browser`: the browser suite in each engine, one engine after the other (on a
 * small machine three browsers at once slow each other into timeouts), with the time each took.
 * Arguments go to web-test-runner (e.g. a glob of test files); `BROWSERS` picks the engines.
 */
import { spawnSync } from 'node:child_process';
import { engineLabel, selectedEngines } from './browsers.js';

const times: string[] = [];
let failed = false;
for (const engine of selectedEngines()) {
  const started = Date.now();
  const run = spawnSync('npx', ['web-test-runner', ...process.argv.slice(2)], { stdio: 'inherit', env: { ...process.env, BROWSERS: engine } });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  times.push(`${engineLabel(engine)}: ${seconds} s${run.status === 0 ? '' : ' (failed)'}`);
  failed ||= run.status !== 0;
}
console.log(`\nbrowser suite per engine: ${times.join(', ')}`);
process.exit(failed ? 1 : 0);
