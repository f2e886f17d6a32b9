/**
 * The setup step of `npm test` and CI: finds Chromium, Firefox and WebKit (WebKitWebDriver,
 * plus Xvfb where there is no display). What is missing is installed where this step can do
 * it (Debian/Ubuntu, as root: apt-get); elsewhere it prints the one command that does, and
 * fails. `BROWSERS=chromium,firefox` limits it to those engines.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { engineLabel, findXvfb, installCommand, locate, selectedEngines, type Engine } from './browsers.js';

function missing(engines: Engine[]): Engine[] {
  return engines.filter((engine) => {
    if ('problem' in locate(engine)) return true;
    return engine === 'webkit' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY && !findXvfb();
  });
}

const engines = selectedEngines();
let absent = missing(engines);
const canInstall = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/apt-get');

if (absent.length && canInstall) {
  const command = installCommand(absent);
  console.log(`ensure-browsers: installing ${absent.map(engineLabel).join(', ')}: ${command}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...command.split(' install -y ')[1]!.split(' ')], { stdio: 'inherit', env });
  absent = missing(engines);
}

if (absent.length) {
  for (const engine of absent) {
    const found = locate(engine);
    console.error('problem' in found ? found.problem : `${engineLabel(engine)} needs a display: install Xvfb or set DISPLAY.`);
  }
  console.error(`\nInstall them with (Debian/Ubuntu, as root):\n  ${installCommand(absent)}\nor run a subset: BROWSERS=${engines.filter((e) => !absent.includes(e)).join(',') || 'chromium'} npm test`);
  process.exit(1);
}
for (const engine of engines) console.log(`ensure-browsers: ${engineLabel(engine)}: ${(locate(engine) as { path: string }).path}`);
