/** Small helpers shared by the flow engine's browser tests. */
import type { FlowState } from '../../../src/flow/index.js';

/** Collects every state a flow reports, and lets a test await one. */
export function recorder() {
  const states: FlowState[] = [];
  const waiters: Array<{ status: string; resolve: (s: FlowState) => void }> = [];
  return {
    states,
    onStateChange(state: FlowState) {
      states.push(state);
      for (const w of waiters.splice(0)) {
        if (w.status === state.status) w.resolve(state);
        else waiters.push(w);
      }
    },
    /** Resolves with the first state of that status (already seen, or the next one). */
    next<S extends FlowState['status']>(status: S): Promise<Extract<FlowState, { status: S }>> {
      const seen = states.find((s) => s.status === status);
      if (seen) return Promise.resolve(seen as Extract<FlowState, { status: S }>);
      return new Promise((resolve) => waiters.push({ status, resolve: resolve as (s: FlowState) => void }));
    },
    statuses: () => states.map((s) => s.status),
  };
}

/** Messages the test page receives, so a test can wait until one was delivered (and handled by
 *  the flow, whose listener was added earlier and so runs first). */
export function nextMessage(filter: (e: MessageEvent) => boolean = () => true): Promise<MessageEvent> {
  return new Promise((resolve) => {
    const onMessage = (e: MessageEvent) => {
      if (!filter(e)) return;
      removeEventListener('message', onMessage);
      resolve(e);
    };
    addEventListener('message', onMessage);
  });
}

/** A stand-in popup window for tests that only look at what the engine does to it. */
export function fakePopup() {
  const navigations: string[] = [];
  const popup = {
    closed: false,
    closeCalls: 0,
    navigations,
    location: {
      replace(url: string) {
        navigations.push(url);
      },
      set href(url: string) {
        navigations.push(url);
      },
    },
    close() {
      popup.closeCalls++;
      popup.closed = true;
    },
    postMessage() {},
  };
  return popup;
}
