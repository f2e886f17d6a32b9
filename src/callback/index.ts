/**
 * `metorial-connect/callback`: runs on the host's callback page (the session's `redirect_url`).
 * It only tells the page that started the flow that the provider came back, by the flow's
 * state; the flow confirms the outcome with the backend. It never reads or sends anything else.
 *
 * - popup: posts to `window.opener`, then closes the popup;
 * - iframe: posts to `window.parent`;
 * - both: also posts on the BroadcastChannel named after the state, for a popup whose opener
 *   was severed by Cross-Origin-Opener-Policy;
 * - redirect (no opener, no parent): finds the flow's record in sessionStorage by its state and
 *   sends the user back to the page that started it (same origin only);
 * - no state, marked CLOSE_HASH, no opener: the window an embedding page's COOP took from a flow
 *   in its frame (flow/window.ts) closes itself. Any other page without a state does nothing.
 * Messages target this page's own origin, never '*': only a page of the same origin hears them.
 *
 * Importing it where there is no page (Node, server-side rendering) does nothing.
 */
import { CALLBACK_MESSAGE_TYPE, CHANNEL_PREFIX, CLOSE_HASH, STATE_PARAM, type CallbackMessage } from '../shared/protocol.js';
import { STORAGE_PREFIX, type RedirectRecord } from '../flow/redirect-store.js';

/** The stored record of a redirect-mode flow with this state, if any. */
function findRedirect(state: string): RedirectRecord | undefined {
  for (const [key, value] of Object.entries(sessionStorage)) {
    if (!key.startsWith(STORAGE_PREFIX)) continue;
    try {
      const record = JSON.parse(value);
      if (record?.state === state && typeof record.returnUrl == 'string') return record;
    } catch {
      // not ours
    }
  }
}

function finish(): void {
  const state = new URLSearchParams(location.search).get(STATE_PARAM);
  const framed = parent != window;
  // A flow's state is 32 random bytes in base64url; anything else is not from a flow.
  if (state && /^[\w-]{43}$/.test(state)) {
    // A redirect-mode flow stored its way back; checked first, since the tab that started it may
    // itself have an opener (a portal that opened the app), which must not be mistaken for a popup.
    const record = !framed && findRedirect(state);
    if (record) {
      const back = new URL(record.returnUrl, location.href);
      if (back.origin == origin) {
        back.searchParams.set(STATE_PARAM, state);
        return location.replace(back.href);
      }
    }
    const message: CallbackMessage = { type: CALLBACK_MESSAGE_TYPE, state };
    const target = opener ?? (framed ? parent : null);
    try {
      target?.postMessage(message, origin); // (this page's own origin, never *)
    } catch {
      // a closed or severed window: the channel below still reaches the flow
    }
    const channel = new BroadcastChannel(CHANNEL_PREFIX + state);
    channel.postMessage(message);
    channel.close();
  } else if (location.hash != CLOSE_HASH || opener) {
    // Not from a flow. (Marked and with no opener, it is the window an embedding page's isolation
    // took from a flow in its frame, flow/window.ts openOwn: nobody else can close it, below.)
    return;
  }
  // A popup (even one whose opener was severed) can close itself; a tab cannot, hence the text.
  if (!framed) close();
}

if (typeof document !== 'undefined') {
  finish();
  document.body.textContent = 'You can close this window.';
}
