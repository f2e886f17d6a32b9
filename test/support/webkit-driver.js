// WebKit for the tests: WebKitGTK's WebDriver server (WebKitWebDriver), which starts
// MiniBrowser for each session. WebKitGTK needs an X display; where there is none (CI, a
// server), a private Xvfb is started for as long as the driver runs.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname } from 'node:path';
import { findBrowser, findXvfb } from '../../scripts/browsers.js';

/** A free loopback port (WebKitWebDriver takes a port number, not 0). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}

/** Starts Xvfb on a display it picks itself (-displayfd) and resolves with `:N`. */
function startXvfb(xvfb) {
  const child = spawn(xvfb, ['-displayfd', '3', '-screen', '0', '1280x1024x24', '-nolisten', 'tcp'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    let errors = '';
    child.stderr.on('data', (chunk) => (errors += chunk));
    child.stdio[3].on('data', (chunk) => {
      output += chunk;
      if (output.includes('\n')) resolve({ child, display: `:${output.trim()}` });
    });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`Xvfb exited (${code}) before it gave a display: ${errors.trim()}`)));
  });
}

/** Waits until the driver answers its /status. */
async function waitForStatus(url, child) {
  let exited = false;
  child.once('exit', () => (exited = true));
  for (let attempt = 0; attempt < 200; attempt++) {
    if (exited) throw new Error('WebKitWebDriver exited at start');
    try {
      const response = await fetch(`${url}/status`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`WebKitWebDriver did not answer at ${url}/status`);
}

/** MiniBrowser, the browser WebKitWebDriver drives, installed beside the driver's libraries. */
export function findMiniBrowser(driverPath) {
  const candidates = [
    process.env.WEBKIT_BROWSER_PATH,
    '/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    '/usr/lib/aarch64-linux-gnu/webkit2gtk-4.1/MiniBrowser',
    '/usr/libexec/webkit2gtk-4.1/MiniBrowser',
    `${dirname(driverPath)}/MiniBrowser`,
  ].filter(Boolean);
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`No MiniBrowser found beside WebKitWebDriver (looked in ${candidates.join(', ')}); set WEBKIT_BROWSER_PATH.`);
  return found;
}

/** The capabilities of a MiniBrowser session: WebDriver classic (no BiDi upgrade). */
export function webkitCapabilities(driverPath) {
  return {
    browserName: 'MiniBrowser',
    'webkitgtk:browserOptions': { binary: findMiniBrowser(driverPath), args: ['--automation'] },
  };
}

/**
 * Starts WebKitWebDriver (and Xvfb when there is no DISPLAY) on loopback.
 * @returns {Promise<{ url: string, hostname: string, port: number, capabilities: object, stop(): Promise<void> }>}
 */
export async function startWebKitDriver(extraArgs = []) {
  const driverPath = findBrowser('webkit');
  const capabilities = webkitCapabilities(driverPath);
  let xvfb;
  const env = { ...process.env };
  if (!env.DISPLAY && !env.WAYLAND_DISPLAY) {
    const xvfbPath = findXvfb();
    if (!xvfbPath) throw new Error('WebKitGTK needs a display: install Xvfb (Debian/Ubuntu: apt-get install -y xvfb) or set DISPLAY.');
    xvfb = await startXvfb(xvfbPath);
    env.DISPLAY = xvfb.display;
  }
  const port = await freePort();
  const driver = spawn(driverPath, [`--port=${port}`, '--host=local', ...extraArgs], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  driver.stderr.resume();
  const url = `http://127.0.0.1:${port}`;
  const stopChildren = async () => {
    for (const child of [driver, xvfb?.child]) {
      if (!child || child.exitCode !== null) continue;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  };
  try {
    await waitForStatus(url, driver);
  } catch (error) {
    await stopChildren();
    throw error;
  }
  return { url, hostname: '127.0.0.1', port, capabilities, stop: stopChildren };
}
