/**
 * Late completion, in real windows against the sandbox: sessions there live 3 s, and, as
 * upstream, `expired` is computed when a pending session is read, while a consent begun in time
 * may still complete it. The user reaches the provider's consent before `expires_at`, the
 * session reads `expired`, then the user allows: the element ends `connected`.
 */
import assert from 'node:assert/strict';
import { setTimeout as delay } from 'node:timers/promises';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startDemo, type DemoHandle } from '../../demo/server.js';
import type { ListResponse, SetupSession } from '../../src/shared/session.js';
import { assertConnected, firstProvider, launchBrowser, openDemo } from './helpers.js';

describe('late completion: consent begun before expires_at, finished after', () => {
  let demo: DemoHandle;
  let browser: Browser;
  before(async () => {
    [demo, browser] = await Promise.all([startDemo({ port: 0, log: false, sandbox: { sessionTtlSeconds: 3 } }), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });

  /** The newest session of `providerId`, read from the sandbox with the key only the server holds. */
  async function newestSession(providerId: string): Promise<SetupSession> {
    const response = await fetch(`${demo.sandboxUrl}/provider-setup-sessions?provider_id=${providerId}&order=desc&limit=1`, {
      headers: { authorization: `Bearer ${demo.sandboxApiKey}` },
    });
    const list = (await response.json()) as ListResponse<SetupSession>;
    assert.equal(list.items.length, 1);
    return list.items[0]!;
  }

  it('popup: the session reads expired while the user is at the consent page; Allow → connected', async () => {
    const page = await openDemo(browser, demo, 'popup');
    const { id, button } = await firstProvider(page);
    const popupOpened = page.waitForEvent('popup');
    await button.click();
    const popup = await popupOpened;
    await popup.getByRole('button', { name: 'Continue' }).click();
    await popup.getByRole('button', { name: 'Allow' }).waitFor(); // at the provider, in time

    // The signal that expires_at has passed: the sandbox reads the session as expired.
    while ((await newestSession(id)).status !== 'expired') await delay(250);
    assert.equal(
      (await page.locator(`article[data-provider-id="${id}"] metorial-connect [part=status]`).textContent())?.trim(),
      'Waiting for GitHub…',
      'the element still waits: the user may complete late',
    );

    await popup.getByRole('button', { name: 'Allow' }).click();
    await assertConnected(page, demo, id);
    await page.context().close();
  });
});
