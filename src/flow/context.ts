/**
 * What the parts of one flow share (internal; type-only). flow.ts makes it; transport.ts,
 * confirm.ts and window.ts get it.
 */
import type { ConnectError } from '../shared/protocol.js';
import type { SetupSession } from '../shared/session.js';
import type { Disposables } from './disposables.js';
import type { ConnectFlowOptions, FlowState } from './types.js';

/** A state as the parts report it: the flow adds the session itself (see `set`). */
export type Report = FlowState extends infer S ? (S extends unknown ? Omit<S, 'session'> : never) : never;

export interface FlowContext {
  readonly options: ConnectFlowOptions;
  /** `options.endpoint` without a trailing slash. */
  readonly endpoint?: string;
  /** Everything the flow holds; released when it ends. */
  readonly bag: Disposables;
  /** The state last reported. */
  state: FlowState;
  /** The session as last read from the backend (with its secret url); unset until created. */
  session?: SetupSession;
  /** Reports `next` with the session (once there is one), unless the flow ended or it is the
   *  state already reported. */
  set(next: Report): void;
  /** Ends the flow in `failed`. */
  fail(error: ConnectError): void;
}
