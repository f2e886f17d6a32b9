/**
 * Turns the events of the <metorial-connect> elements below `root` into store records. The
 * events bubble (not composed), so one listener per event on a common ancestor hears them all.
 */
import type { CancelledEvent, ConnectedEvent, FailedEvent, StateChangeEvent } from '../../src/element/events.js';
import type { SetupSession } from '../../src/shared/session.js';
import type { DemoStore } from './store.js';

/** Starts recording; returns the function that stops it. */
export function recordElementEvents(root: HTMLElement, store: DemoStore): () => void {
  const listeners = {
    statechange: (event: StateChangeEvent) => {
      const flowState = event.detail.state;
      const session = 'session' in flowState ? flowState.session : undefined;
      store.recordEvent(flowState.status, {
        event: 'statechange',
        providerId: providerOf(event),
        code: flowState.status,
        summary: flowState.status === 'waiting' ? `${flowState.status} (${flowState.mode})` : flowState.status,
        ...(session && { detail: { session: publicSession(session) } }),
      }, session);
    },
    connected: (event: ConnectedEvent) => {
      const providerId = providerOf(event);
      const { authConfig, session } = event.detail;
      store.recordConnection(providerId, authConfig);
      store.recordEvent('connected', {
        event: 'connected',
        providerId,
        summary: `auth config ${authConfig.id} (${authConfig.status})`,
        detail: { authConfig, session: publicSession(session) },
      }, session);
    },
    failed: (event: FailedEvent) => {
      const { error, session } = event.detail;
      // The element itself shows error.message next to its button.
      store.recordEvent('failed', {
        event: 'failed',
        providerId: providerOf(event),
        code: error.code,
        summary: `${error.code}: ${error.message}`,
        detail: { error, session: publicSession(session) },
      }, session);
    },
    cancelled: (event: CancelledEvent) => {
      const { reason, session } = event.detail;
      store.recordEvent('cancelled', {
        event: 'cancelled',
        providerId: providerOf(event),
        code: reason,
        summary: reason === 'closed' ? 'the user closed the window' : 'cancelled',
        ...(session && { detail: { session: publicSession(session) } }),
      }, session);
    },
  } satisfies { [K in keyof GlobalEventHandlersEventMap]?: (event: GlobalEventHandlersEventMap[K]) => void };

  const entries = Object.entries(listeners) as Array<[string, EventListener]>;
  for (const [type, listener] of entries) root.addEventListener(type, listener);
  return () => {
    for (const [type, listener] of entries) root.removeEventListener(type, listener);
  };
}

function providerOf(event: Event): string {
  const target = event.target as Element | null;
  return target?.closest('metorial-connect')?.getAttribute('provider-id') ?? '';
}

/** The session without its `url`, which carries a bearer secret and has no place in a log. */
function publicSession(session: SetupSession | undefined): Partial<SetupSession> | undefined {
  if (!session) return undefined;
  const { url: _secret, ...rest } = session;
  return rest;
}
