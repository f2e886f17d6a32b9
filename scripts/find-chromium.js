// Locates the system Chromium for web-test-runner and Playwright: CHROME_PATH first,
// then the usual system paths. Browser downloads are not used anywhere in this project.
import { existsSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

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

/** @returns {string} the path of a Chromium executable; exits the process with one line if none. */
export function findChromium() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (existsSync(fromEnv)) return fromEnv;
    console.error(`CHROME_PATH=${fromEnv} does not exist. Install Chromium (Debian: apt-get install -y chromium) or fix CHROME_PATH.`);
    process.exit(1);
  }
  const found = CANDIDATES.find((path) => existsSync(path));
  if (found) return found;
  console.error('No Chromium found: install it (Debian: apt-get install -y chromium) or set CHROME_PATH to a Chrome/Chromium executable.');
  process.exit(1);
}
