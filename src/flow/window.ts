/**
 * The window the setup page is shown in: a popup, an iframe the host shows (`frameHost`), or
 * this page itself (redirect). Every window opened is held in the flow's disposable set, so
 * ending the flow closes it.
 *
 * The popup must open synchronously in the click, before the session (and so its url and its
 * `ui_mode`) exists: it opens blank, the host may write a placeholder into it, and it is sent
 * to the setup page later (or closed, if the session asks for another mode). In a frame of
 * another origin it opens on the callback page instead, and is stopped there at once (openOwn).
 *
 * The in-page and redirect modes' own code (modes.ts) is loaded on demand: the flow awaits
 * `loadModes()` before it reports `waiting` in one of them, so `show` has it at hand. It also
 * holds the words for a window an embedding site withheld, which only such frames need.
 */
import { CLOSE_HASH } from '../shared/protocol.js';
import type { SetupSession } from '../shared/session.js';
import type { FlowContext } from './context.js';
import { blocked, callHost } from './errors.js';
import type { FrameWindow } from './modes.js';
import { recordKey } from './redirect-store.js';
import type { CancelReason, UiMode } from './types.js';

/** modes.ts, once `loadModes` loaded it. */
let modes: typeof import('./modes.js') | undefined;

/** Loads the in-page and redirect modes' code (modes.ts); the flow awaits it before it shows a
 *  page in one of them. */
export const loadModes = () => import('./modes.js').then((module) => (modes = module));

/** A closing window fires no event: look this often. */
const CLOSED_CHECK_MS = 500;
const WIDTH = 500;
const HEIGHT = 700;

/** In a frame of another origin (whose top this page cannot read). */
function inForeignFrame(): boolean {
  try {
    return top!.origin != origin;
  } catch {
    return true;
  }
}

/** Why no window came back. In a frame of another origin, far more often the embedding site's
 *  doing than the user's popup setting: those words are in modes.ts, loaded on demand (should
 *  that fail, the plain words are still true). */
export const whyBlocked = () => (inForeignFrame() ? loadModes().then((m) => m.blockedInFrame(), blocked) : blocked());

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

  /**
   * Opens a blank popup centred on this window, which becomes the flow's (closed when the flow
   * ends); null when no window came back. In a frame of another origin it opens on the callback
   * page (marked CLOSE_HASH) and is stopped at once, so blank all the same: an embedding page's
   * `Cross-Origin-Opener-Policy: same-origin` takes such a window from the frame (`open()`
   * answers null, yet a window opens), and a blank one would stay open with nobody to close it.
   * On the callback page, marked and with no opener, it closes itself.
   */
  const openOwn = () => {
    // (A fraction is fine: browsers read these features as integers, up to the first non-digit.)
    const left = screenX + (outerWidth - WIDTH) / 2;
    const top = screenY + (outerHeight - HEIGHT) / 2;
    const detour = o.callbackUrl && inForeignFrame();
    const w = open(detour ? o.callbackUrl + CLOSE_HASH : '', '_blank', `popup,width=${WIDTH},height=${HEIGHT},left=${left},top=${top}`);
    if (detour) w?.stop();
    if (!w || w.closed) return null;
    popup = w;
    closePopup = bag.hold(() => w.close());
    return w;
  };
  const watch = (): void => {
    bag.after(CLOSED_CHECK_MS, () => {
      if (popup!.closed) onClosed('closed');
      else watch();
    });
  };

  /** The frame's side (modes.ts, loaded on demand): what it needs of this window. */
  const framed: FrameWindow = {
    popOut(url) {
      const w = openOwn();
      if (w) {
        w.location.replace(url);
        watch();
      }
      return !!w;
    },
    inForeignFrame,
    closed: onClosed,
  };

  return {
    own: () => popup ?? framed.frame?.window,
    openBlank() {
      const w = openOwn();
      if (w) callHost(o.popupPlaceholder, w);
      return !!w;
    },
    show(session, mode, state) {
      if (mode == 'popup') {
        popup!.location.replace(session.url);
        return watch();
      }
      closePopup(); // the speculative popup, if one opened
      popup = null;
      if (mode == 'iframe') modes!.showInFrame(f, session, framed);
      else modes!.redirect(o, session, state, recordKey(o));
    },
  };
}
