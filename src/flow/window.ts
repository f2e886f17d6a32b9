/**
 * The window the setup page is shown in: a popup, an iframe the host shows (`frameHost`), or
 * this page itself (redirect). Every window opened is held in the flow's disposable set, so
 * ending the flow closes it.
 *
 * The popup must open synchronously in the click, before the session (and so its url and its
 * `ui_mode`) exists: it opens blank, the host may write a placeholder into it, and it is sent
 * to the setup page later (or closed, if the session asks for another mode).
 *
 * In-page, the framed page may be the browser's own error page (framing refused, network
 * error), which no event tells apart. The host offers "Open in a new window instead": the
 * flow opens the same page in a popup in that click, closes the frame and goes on in popup
 * mode. If the browser blocks that popup the frame stays, and so does the flow.
 */
import type { SetupSession } from '../shared/session.js';
import type { FlowContext } from './context.js';
import { callHost, error, TRY_AGAIN } from './errors.js';
import { recordKey, type RedirectRecord } from './redirect-store.js';
import type { CancelReason, FrameHandle, UiMode } from './types.js';

/** A closing window fires no event: look this often. */
const CLOSED_CHECK_MS = 500;
const WIDTH = 500;
const HEIGHT = 700;

/** A popup centred on this window, or null when the browser blocked it. */
function openPopup(url: string): Window | null {
  const left = Math.round(screenX + (outerWidth - WIDTH) / 2);
  const top = Math.round(screenY + (outerHeight - HEIGHT) / 2);
  const popup = open(url, '_blank', `popup,width=${WIDTH},height=${HEIGHT},left=${left},top=${top}`);
  return popup && !popup.closed ? popup : null;
}

export interface SetupWindow {
  /** The window the callback page may post from: the popup, or the frame's. */
  own(): Window | null | undefined;
  /** Opens the blank popup (in the click) and lets the host fill it; false when blocked. */
  openBlank(): boolean;
  /** Shows the session's setup page in `mode` (closing the blank popup if that is not a popup). */
  show(session: SetupSession, mode: UiMode, state: string): void;
}

/** `onClosed`: the popup looks closed (`closed`), or the user dismissed the frame (`cancelled`). */
export function createSetupWindow(f: FlowContext, onClosed: (reason: CancelReason) => void): SetupWindow {
  const { bag, options: o } = f;
  let popup: Window | null = null;
  let closePopup = () => {};
  let frame: FrameHandle | undefined;

  /** `w` becomes the flow's popup: closed when the flow ends. */
  const adopt = (w: Window) => {
    popup = w;
    closePopup = bag.hold(() => w.close());
  };
  const watch = (): void => {
    bag.after(CLOSED_CHECK_MS, () => {
      if (popup!.closed) onClosed('closed');
      else watch();
    });
  };

  const showInFrame = (session: SetupSession) => {
    // An OAuth session's page takes its own window to the provider, which refuses framing: its
    // url is never framed; the host offers to continue in a popup instead (FrameHost).
    const stopLoadTimer = bag.after(o.timing?.frameLoadMs ?? 20_000, () => f.fail(error('iframe_failed', 'The setup page did not load.' + TRY_AGAIN)));
    const handle = o.frameHost!.open(session.auth_method?.type == 'oauth' ? '' : session.url, {
      onLoad: stopLoadTimer,
      onDismiss() {
        if (frame != handle) return; // (popped out: a dialog closing with its frame is no cancel)
        closeFrame();
        onClosed('cancelled');
      },
      onPopOut() {
        // Only from the frame still shown, while the user is on it (not after a callback came).
        // In the user's click, so the popup is allowed: the same page, in a window.
        const w = frame == handle && f.state.status == 'waiting' && openPopup(session.url);
        if (!w) return; // blocked: the frame stays
        closeFrame();
        adopt(w);
        f.set({ status: 'waiting', mode: 'popup' });
        watch();
      },
    });
    frame = handle;
    const closeFrame = bag.hold(() => {
      stopLoadTimer();
      frame = undefined;
      handle.close();
    });
  };

  return {
    own: () => popup ?? frame?.window,
    openBlank() {
      const w = openPopup('');
      if (!w) return false;
      adopt(w);
      callHost(o.popupPlaceholder, w);
      return true;
    },
    show(session, mode, state) {
      if (mode == 'popup') {
        popup!.location.replace(session.url);
        return watch();
      }
      closePopup(); // the speculative popup, if one opened
      popup = null;
      if (mode == 'iframe') {
        showInFrame(session);
      } else {
        const record: RedirectRecord = { state, sessionId: session.id, returnUrl: location.href };
        sessionStorage.setItem(recordKey(o), JSON.stringify(record));
        if (o.navigate) o.navigate(session.url);
        else location.assign(session.url);
      }
    },
  };
}
