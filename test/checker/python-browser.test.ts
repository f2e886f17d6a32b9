/**
 * The real element in Chromium, with the Python example as its backend: what the endpoint
 * contract describes is enough for a flow to reach `connected`. The host page is served by a
 * small site that forwards its `/api/setup-sessions` route to the example (as a reverse proxy
 * would, `PUBLIC_ORIGIN` set to the site), with the element and callback page built from src.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { build } from 'vite';
import { callbackPage } from '../../scripts/build.js';
import type { RunningSandbox } from '../../src/sandbox/index.js';
import type { Provider, SetupSession } from '../../src/shared/session.js';
import { cdnBuildConfig, type CdnEntry } from '../../vite.config.js';
import { WAIT_MS, launchBrowser } from '../e2e/helpers.js';
import { ENDPOINT_PATH, serve, startPythonBackend, startUpstream, USER_COOKIE, type Running } from './support.js';

const page = (providerId: string) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Python backend</title>
    <script type="module" src="/metorial-connect.js"></script>
  </head>
  <body>
    <metorial-connect provider-id="${providerId}" provider-name="GitHub" endpoint="${ENDPOINT_PATH}" callback-url="/callback.html"></metorial-connect>
    <output id="outcome"></output>
    <script type="module">
      const element = document.querySelector('metorial-connect');
      const outcome = document.querySelector('#outcome');
      for (const type of ['connected', 'failed', 'cancelled']) {
        element.addEventListener(type, (event) => {
          outcome.dataset.event = type;
          outcome.dataset.session = event.detail.session?.id ?? '';
          outcome.textContent = event.detail.error?.message ?? type;
        });
      }
    </script>
  </body>
</html>`;

describe('the element in Chromium with the Python example as its backend', () => {
  let sandbox: RunningSandbox;
  let provider: Provider;
  let browser: Browser;
  let python: Running;
  let site: Awaited<ReturnType<typeof serve>>;
  const built = mkdtempSync(`${tmpdir()}/metorial-connect-python-`);

  before(async () => {
    for (const name of ['metorial-connect', 'callback'] as CdnEntry[]) {
      const config = cdnBuildConfig(name);
      await build({ ...config, build: { ...config.build, outDir: built, emptyOutDir: false, sourcemap: false } });
    }
    writeFileSync(`${built}/callback.html`, callbackPage());
    [{ sandbox, provider }, browser] = await Promise.all([startUpstream(), launchBrowser()]);

    let backend = '';
    site = await serve((req, res) => {
      const path = new URL(req.url ?? '/', 'http://site').pathname;
      if (path === ENDPOINT_PATH || path.startsWith(`${ENDPOINT_PATH}/`)) {
        // The reverse proxy: the request as it came (cookies and all), to the example.
        const forwarded = http.request(`${backend}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        forwarded.on('error', () => res.writeHead(502).end());
        req.pipe(forwarded);
        return;
      }
      const files: Record<string, [string, string]> = {
        '/': ['text/html; charset=utf-8', page(provider.id)],
        '/metorial-connect.js': ['text/javascript', readFileSync(`${built}/metorial-connect.js`, 'utf8')],
        '/callback.html': ['text/html; charset=utf-8', readFileSync(`${built}/callback.html`, 'utf8')],
        '/callback.js': ['text/javascript', readFileSync(`${built}/callback.js`, 'utf8')],
      };
      const file = files[path];
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, { 'Content-Type': file[0] }).end(file[1]);
    });
    python = await startPythonBackend(sandbox, { PUBLIC_ORIGIN: site.url });
    backend = new URL(python.endpoint).origin;
  });

  after(async () => {
    await browser?.close();
    await site?.close();
    await python?.close();
    await sandbox?.close();
    rmSync(built, { recursive: true, force: true });
  });

  it('connects through the popup: Connect → Continue → Allow; the session is the signed-in user’s', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(WAIT_MS);
    await context.addCookies([{ name: USER_COOKIE, value: 'alice', url: site.url }]);
    const tab = await context.newPage();
    await tab.goto(`${site.url}/`);
    const popupOpened = tab.waitForEvent('popup');
    await tab.locator('metorial-connect').getByRole('button', { name: 'Connect', exact: true }).click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('button', { name: 'Allow' }).click();

    const outcome = tab.locator('#outcome[data-event]');
    await outcome.waitFor();
    assert.equal(await outcome.getAttribute('data-event'), 'connected', (await outcome.textContent()) ?? '');
    const id = await outcome.getAttribute('data-session');
    const response = await fetch(`${sandbox.url}/provider-setup-sessions/${id}`, { headers: { Authorization: `Bearer ${sandbox.apiKey}` } });
    const session = (await response.json()) as SetupSession;
    assert.equal(session.status, 'completed');
    assert.equal(session.metadata?.metorial_connect_owner, 'alice');
    assert.equal(new URL(session.redirect_url!).origin, site.url);
    await context.close();
  });
});
