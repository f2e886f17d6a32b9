/**
 * Events of `<metorial-connect>`, one declaration each. All bubble and are not composed:
 * they reach listeners on the element and its ancestors in the same tree (a host
 * component that renders the element in its shadow root hears them there), but do not
 * leak across shadow boundaries, where generic names like `connected` could collide.
 */
import type { AuthConfig, SetupSession } from '../shared/session.js';
import type { CancelReason, ConnectError, FlowState } from '../flow/types.js';

export interface ConnectedDetail {
  session: SetupSession;
  authConfig: AuthConfig;
}
export interface FailedDetail {
  error: ConnectError;
  session?: SetupSession;
}
export interface CancelledDetail {
  reason: CancelReason;
  session?: SetupSession;
}
export interface StateChangeDetail {
  state: FlowState;
}

/** The account is connected; `authConfig` is the new auth config. */
export type ConnectedEvent = CustomEvent<ConnectedDetail>;
/** The flow failed; `error.message` is written for people. */
export type FailedEvent = CustomEvent<FailedDetail>;
/** The user closed the window or dialog, or `cancel()` was called. */
export type CancelledEvent = CustomEvent<CancelledDetail>;
/** Every state the flow goes through, terminal ones included. */
export type StateChangeEvent = CustomEvent<StateChangeDetail>;

export interface MetorialConnectEventMap {
  connected: ConnectedEvent;
  failed: FailedEvent;
  cancelled: CancelledEvent;
  statechange: StateChangeEvent;
}

declare global {
  interface GlobalEventHandlersEventMap extends MetorialConnectEventMap {}
}
