/**
 * What a redirect-mode flow leaves in sessionStorage before the page navigates away,
 * read back by `resumeConnectFlow` and (when the session returned to the callback page)
 * by the callback script. Only the state is trusted, and only as far as it matches.
 *
 * Which flow a record belongs to, across the full-page navigation: the record is stored under
 * the options that tell one element from another on the page — the provider id and the session
 * fields the host gives (name, description, metadata, deployment / auth method / credentials
 * ids) — and the state in the address must equal the record's. So the page's other elements
 * (another provider, or the same one with other metadata) find no record under their key: they
 * stay idle and never remove it. Two elements with identical options would create identical
 * sessions; the first of them to resume (in document order) takes the outcome.
 */
import type { ConnectFlowOptions } from './types.js';

export const STORAGE_PREFIX = 'metorial-connect:';

/** The sessionStorage key of the record of a flow started with these options. */
export const recordKey = (o: ConnectFlowOptions) => STORAGE_PREFIX + JSON.stringify([o.providerId, o.session]);

export interface RedirectRecord {
  /** The flow's state; must equal the returning `metorial_connect_state`. */
  state: string;
  sessionId: string;
  /** The page that started the flow; the callback page sends the user back to it (same origin only). */
  returnUrl: string;
}
