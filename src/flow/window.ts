/**
 * The window the setup page is shown in: a popup, an iframe the host shows (`frameHost`), or
 * this page itself (redirect). Every window opened is held in the flow's disposable set, so
 * ending the flow closes it.
 *
 * The popup must open synchronously in the click, before the session (and so its url and its
 * `ui_mode`) exists: it opens blank, the host may write a placeholder into it, and it is sent
 * to the setup page later (or closed, if the session asks for another mode).
 *
 * The in-page and redirect modes' own code (modes.ts) is loaded on demand: the flow awaits
 * `loadModes()` before it reports `waiting` in one of them, so `show` has it at hand.
 */
import type { SetupSession } from '../shared/session.js';
import type { FlowContext } from './context.js';
import { callHost } from './errors.js';
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
export function inForeignFrame(): boolean {
  try {
    return top!.origin != origin;
  } catch {
    return true;
  }
}

/**
 * A blank popup centred on this window, or null when no window came back. In a frame of another
 * origin it opens on the callback page (`via`) and is stopped at once, so blank all the same: an
 * embedding page's `Cross-Origin-Opener-Policy: same-origin` takes such a window from the frame
 * (`open()` answers null, yet a window opens), and a blank one would stay open with nobody to
 * close it. The callback page, opened with no flow's state and no opener, closes itself.
 */
function openPopup(via?: string): Window | null {
  // (A fraction is fine: browsers read these features as integers, up to the first non-digit.)
  const left = screenX + (outerWidth - WIDTH) / 2;
  const top = screenY + (outerHeight - HEIGHT) / 2;
  const detour = via && inForeignFrame();
  const popup = open(detour ? via : '', '_blank', `popup,width=${WIDTH},height=${HEIGHT},left=${left},top=${top}`);
  if (detour) popup?.stop();
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

  /** The frame's side (modes.ts, loaded on demand): what it needs of this window. */
  const framed: FrameWindow = {
    popOut(url) {
      const w = openPopup(o.callbackUrl);
      if (w) {
        w.location.replace(url);
        adopt(w);
        watch();
      } else if (inForeignFrame()) {
        f.fail(modes!.blockedInFrame()); // (no popup setting would help: a retry could not either)
      }
      return !!w;
    },
    closed: onClosed,
  };

  return {
    own: () => popup ?? framed.frame?.window,
    openBlank() {
      const w = openPopup(o.callbackUrl);
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
      if (mode == 'iframe') modes!.showInFrame(f, session, framed);
      else modes!.redirect(o, session, state, recordKey(o));
    },
  };
}
