/**
 * What a redirect-mode flow leaves in sessionStorage before the page navigates away,
 * read back by `resumeConnectFlow` and (when the session returned to the callback page)
 * by the callback script. Only the state is trusted, and only as far as it matches.
 */
export const STORAGE_PREFIX = 'metorial-connect:';

export interface RedirectRecord {
  /** The flow's state; must equal the returning `metorial_connect_state`. */
  state: string;
  sessionId: string;
  /** The page that started the flow; the callback page sends the user back to it (same origin only). */
  returnUrl: string;
}
