// Browser tests in the three engines, each the system's own build with its popup blocker on:
// Chromium (puppeteer over CDP), Firefox (puppeteer over WebDriver BiDi) and WebKit
// (WebKitGTK's MiniBrowser over WebDriver). TypeScript is served through esbuild, which does
// not type-check; `npm run typecheck` does that as its own step.
// `BROWSERS=firefox,webkit npm run test:browser` runs a subset.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import * as puppeteer from 'puppeteer-core';
import { CHROMIUM_ARGS, FIREFOX_PREFS, findBrowser, selectedEngines } from './scripts/browsers.js';
import { fakeBackend } from './test/browser/support/fake-backend.js';
import { startWebKitDriver } from './test/support/webkit-driver.js';

const launchers = {
  chromium: () =>
    chromeLauncher({
      launchOptions: {
        executablePath: findBrowser('chromium'),
        headless: true,
        // puppeteer adds --disable-popup-blocking by default; the tests need the blocker on.
        ignoreDefaultArgs: ['--disable-popup-blocking'],
        args: CHROMIUM_ARGS.filter((a) => a !== '--headless=new'),
      },
    }),
  firefox: () =>
    // What @web/test-runner-puppeteer does, with puppeteer-core and the system's Firefox.
    chromeLauncher({
      puppeteer,
      launchOptions: { browser: 'firefox', executablePath: findBrowser('firefox'), headless: true, extraPrefsFirefox: FIREFOX_PREFS },
    }),
  webkit: () => webkitLauncher(),
};

/** The webdriver launcher, in front of a WebKitWebDriver (and Xvfb) it starts and stops. */
function webkitLauncher() {
  let driver;
  let inner;
  const launcher = {
    name: 'WebKit',
    type: 'webdriver',
    async initialize(config, testFiles) {
      driver = await startWebKitDriver();
      inner = webdriverLauncher({
        hostname: driver.hostname,
        port: driver.port,
        logLevel: 'error',
        capabilities: { ...driver.capabilities, 'wdio:enforceWebDriverClassic': true },
      });
      await inner.initialize(config, testFiles);
      launcher.name = `WebKit (${inner.name})`;
    },
    async stop() {
      await inner?.stop();
      await driver?.stop();
    },
  };
  // Everything else (sessions, mouse and keys for @web/test-runner-commands) is the inner launcher's.
  return new Proxy(launcher, {
    get(target, key) {
      if (key in target) return target[key];
      const value = inner?.[key];
      return typeof value === 'function' ? value.bind(inner) : value;
    },
  });
}

export default {
  files: ['test/browser/**/*.test.ts'],
  nodeResolve: true,
  concurrency: 1,
  // Lit's dev build is kept for its extra checks; its one-line banner is noise in every file.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  testFramework: { config: { timeout: 10000 } },
  // A fake host backend for the flow engine's tests (answers /fake-backend/… only).
  middleware: [fakeBackend],
  plugins: [esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers: selectedEngines().map((engine) => launchers[engine]()),
};
