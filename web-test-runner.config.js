// Browser tests: real headless Chromium (the system one), TypeScript served through esbuild.
// esbuild does not type-check; `npm run typecheck` does that as its own step.
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher } from '@web/test-runner-chrome';
import { findChromium, CHROMIUM_ARGS } from './scripts/find-chromium.js';
import { fakeBackend } from './test/browser/support/fake-backend.js';

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
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: findChromium(),
        headless: true,
        args: CHROMIUM_ARGS.filter((a) => a !== '--headless=new'),
      },
    }),
  ],
};
