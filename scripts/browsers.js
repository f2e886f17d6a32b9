// Finds the three browser engines the tests run in, on this machine: Chromium, Firefox and
// WebKit (WebKitGTK's WebDriver server). An environment variable names each one; otherwise the
// usual system paths are tried. Nothing is ever downloaded: `scripts/ensure-browsers.ts`
// installs what is missing from the system's packages, or prints the command that does.
import { existsSync } from 'node:fs';

/** @typedef {'chromium' | 'firefox' | 'webkit'} Engine */

/** Every engine, in the order the suites run them. */
export const ENGINES = /** @type {const} */ (['chromium', 'firefox', 'webkit']);

/** Flags that work headless as root on a machine without network or GPU. */
export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Firefox preferences for automation. puppeteer's automation profile sets
 * `dom.disable_open_during_load: false`, which turns the popup blocker off; a popup test needs
 * it on, as every user's Firefox has it.
 */
export const FIREFOX_PREFS = {
  'dom.disable_open_during_load': true,
};

/** What each engine is called, where it is looked for, and which package brings it. */
const ENGINE_INFO = {
  chromium: {
    label: 'Chromium',
    env: 'CHROME_PATH',
    debianPackages: ['chromium'],
    candidates: [
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ],
  },
  firefox: {
    label: 'Firefox',
    env: 'FIREFOX_PATH',
    debianPackages: ['firefox-esr'],
    candidates: ['/usr/bin/firefox-esr', '/usr/bin/firefox', '/usr/lib/firefox/firefox', '/Applications/Firefox.app/Contents/MacOS/firefox'],
  },
  webkit: {
    label: 'WebKit (WebKitWebDriver)',
    env: 'WEBKIT_DRIVER_PATH',
    // The driver, and the X server it needs on a machine without a display.
    debianPackages: ['webkit2gtk-driver', 'xvfb'],
    candidates: ['/usr/bin/WebKitWebDriver', '/usr/lib/webkit2gtk-4.1/WebKitWebDriver', '/usr/lib/webkit2gtk-4.0/WebKitWebDriver'],
  },
};

/** @param {Engine} engine */
export function engineLabel(engine) {
  return ENGINE_INFO[engine].label;
}

/** The Debian/Ubuntu packages that bring the given engines. @param {readonly Engine[]} engines */
export function debianPackages(engines) {
  return [...new Set(engines.flatMap((engine) => ENGINE_INFO[engine].debianPackages))];
}

/** The one command that installs the given engines on Debian/Ubuntu. @param {readonly Engine[]} engines */
export function installCommand(engines) {
  return `apt-get update && apt-get install -y ${debianPackages(engines).join(' ')}`;
}

/**
 * Where an engine is, or why it is not found: its env variable first (which must then exist),
 * then the system paths. @param {Engine} engine
 * @returns {{ path: string } | { problem: string }}
 */
export function locate(engine) {
  const { label, env, candidates } = ENGINE_INFO[engine];
  const fromEnv = process.env[env];
  if (fromEnv) {
    return existsSync(fromEnv) ? { path: fromEnv } : { problem: `${env}=${fromEnv} does not exist: fix ${env} or unset it to use the system's ${label}.` };
  }
  const found = candidates.find((path) => existsSync(path));
  if (found) return { path: found };
  return { problem: `No ${label} found: install it (Debian/Ubuntu: ${installCommand([engine])}) or set ${env} to its executable.` };
}

/** The engine's executable; exits the process with one line saying what to do if none.
 *  @param {Engine} engine */
export function findBrowser(engine) {
  const found = locate(engine);
  if ('path' in found) return found.path;
  console.error(found.problem);
  process.exit(1);
}

/** Xvfb, which WebKitGTK needs where there is no display. */
export function findXvfb() {
  return ['/usr/bin/Xvfb', '/usr/X11R6/bin/Xvfb'].find((path) => existsSync(path));
}

/** The engines a run covers: all, or the comma-separated list in BROWSERS (e.g.
 *  `BROWSERS=firefox npm run test:browser`). Fails on a name it does not know. */
export function selectedEngines() {
  const wanted = process.env.BROWSERS?.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  if (!wanted?.length) return [...ENGINES];
  const unknown = wanted.filter((name) => !ENGINES.includes(/** @type {Engine} */ (name)));
  if (unknown.length) {
    console.error(`BROWSERS names ${unknown.join(', ')}; the engines are ${ENGINES.join(', ')}.`);
    process.exit(1);
  }
  return /** @type {Engine[]} */ (ENGINES.filter((engine) => wanted.includes(engine)));
}

/** Path of a Chromium executable (CHROME_PATH, then system paths); exits with one line if none. */
export function findChromium() {
  return findBrowser('chromium');
}
