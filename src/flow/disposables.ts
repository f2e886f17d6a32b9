/**
 * A flow's disposable set. Everything a flow starts (timers, listeners, its channel, requests,
 * its window) is held here, so ending or disposing the flow is one loop and nothing leaks
 * (oidc-client-ts keeps its child window's `_disposeHandlers` the same way).
 */
export interface Disposables {
  /** True once `release` ran: the flow is over. */
  released: boolean;
  /** Keeps `dispose` until release. The returned function runs it early and forgets it (so a
   *  polling flow's set stays small). Held after release, it runs at once. */
  hold(dispose: () => void): () => void;
  /** Runs `fn` after `ms` unless the set is released first; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
  /** Listens on this window until release, or until the returned function is called. */
  on<K extends keyof WindowEventMap>(type: K, listener: (event: WindowEventMap[K]) => void): () => void;
  /** Runs every disposer held. */
  release(): void;
}

/** setTimeout fires at once for delays past 2^31 - 1 ms. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export function disposables(): Disposables {
  const held = new Set<() => void>();

  const hold = (dispose: () => void) => {
    const drop = () => {
      held.delete(drop);
      dispose();
    };
    if (bag.released) dispose();
    else held.add(drop);
    return drop;
  };

  const bag: Disposables = {
    released: false,
    hold,
    after(ms, fn) {
      const id = setTimeout(() => {
        stop();
        fn();
      }, Math.min(ms, MAX_DELAY_MS));
      const stop = hold(() => clearTimeout(id));
      return stop;
    },
    on(type, listener) {
      addEventListener(type, listener);
      return hold(() => removeEventListener(type, listener));
    },
    release() {
      bag.released = true;
      // (each also leaves the set) A host's FrameHandle.close() that throws must not stop the
      // rest from being released, nor the flow from reporting its outcome.
      held.forEach((drop) => {
        try {
          drop();
        } catch (error) {
          reportError(error);
        }
      });
    },
  };
  return bag;
}
