/**
 * The in-page (`iframe`) and `redirect` modes, loaded on demand once a flow knows it needs one
 * (most flows are popups): so this module imports nothing it would share with the rest of the
 * engine (the bundler would split that into a chunk of its own); what it needs comes in.
 *
 * In-page: the setup page in a frame the host shows (`frameHost`). An OAuth session's page takes
 * its own window to the provider, which refuses framing: its url is never framed, the host offers
 * to continue in a popup instead (FrameHost). A framed page may be the browser's own error page
 * (network error), which no event tells apart: the host offers "Open in a new window instead".
 * Either click opens the same page in a popup, closes the frame, and the flow goes on in popup
 * mode; if the browser blocks that popup the frame stays, and so does the flow (but OAuth in a
 * frame of another origin, with no way on, ends `popup_blocked_in_frame`).
 *
 * Redirect: the flow's record goes to sessionStorage (under the key redirect-store.ts makes from
 * the element's options) and this page navigates to the setup page.
 *
 * And one rare error's words (blockedInFrame), which only a flow in another site's frame needs.
 */
import type { SetupSession } from '../shared/session.js';
import type { FlowContext } from './context.js';
import type { RedirectRecord } from './redirect-store.js';
import type { CancelReason, ConnectError, ConnectFlowOptions, FrameHandle } from './types.js';

/**
 * No window came back to a flow in a frame of another origin. With a click, that is the
 * embedding site's doing (its `Cross-Origin-Opener-Policy: same-origin`, or a `sandbox` without
 * `allow-popups`) far more often than the user's popup setting, and the page in its own tab is
 * the way forward. (Here, on demand: flows outside such frames never need these words.)
 */
export const blockedInFrame = (): ConnectError => ({
  code: 'popup_blocked_in_frame',
  message: 'This page is embedded in a site that blocks its windows. Open it in its own tab.',
});

/** What the frame needs of the flow's window (window.ts). */
export interface FrameWindow {
  /** The frame shown now (undefined once closed): messages may come from its window. */
  frame?: FrameHandle;
  /** Opens `url` (the session's page) in a popup the flow watches; false when the browser blocked it. */
  popOut(url: string): boolean;
  /** Whether this page is in a frame of another origin. */
  inForeignFrame(): boolean;
  closed(reason: CancelReason): void;
}

export function showInFrame(f: FlowContext, session: SetupSession, w: FrameWindow): void {
  const { bag, options: o } = f;
  const stopLoadTimer = bag.after(o.timing?.frameLoadMs ?? 20_000, () =>
    f.fail({ code: 'iframe_failed', message: 'The setup page did not load. Please try again.' }),
  );
  const framedUrl = session.auth_method?.type == 'oauth' ? '' : session.url;
  const handle = o.frameHost!.open(framedUrl, {
    onLoad: stopLoadTimer,
    onDismiss() {
      if (w.frame != handle) return; // (popped out: a dialog closing with its frame is no cancel)
      closeFrame();
      w.closed('cancelled');
    },
    onPopOut() {
      // Only from the frame still shown, while the user is on it (not after a callback came),
      // in the user's click, so the popup is allowed.
      if (w.frame != handle || f.state.status != 'waiting') return;
      if (w.popOut(session.url)) {
        closeFrame();
        f.set({ status: 'waiting', mode: 'popup' });
      } else if (!framedUrl && w.inForeignFrame()) {
        // OAuth, which needs a window, in a frame whose embedding site withholds them: nothing
        // here can go on (a framed form still can: its frame stays, with the host's words).
        f.fail(blockedInFrame());
      }
    },
  });
  w.frame = handle;
  const closeFrame = bag.hold(() => {
    stopLoadTimer();
    w.frame = undefined;
    handle.close();
  });
}

/** Stores the flow's way back under `key` and navigates this page to the setup page. */
export function redirect(o: ConnectFlowOptions, session: SetupSession, state: string, key: string): void {
  const record: RedirectRecord = { state, sessionId: session.id, returnUrl: location.href };
  sessionStorage.setItem(key, JSON.stringify(record));
  if (o.navigate) o.navigate(session.url);
  else location.assign(session.url);
}
