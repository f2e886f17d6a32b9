/** What every part of one sandbox instance shares. */
import type { SessionStore } from './store.js';
import type { DemoClients } from './oauth/clients.js';

export interface SandboxContext {
  store: SessionStore;
  /** Clock in ms; injectable so tests can move time without waiting. */
  now: () => number;
  /** Monotonic upstream-style id generator. */
  nextId: (prefix: string) => string;
  /** Origin the sandbox is reached at (no trailing slash). A getter: with port 0 it is
   *  only known once the server listens. */
  publicUrl: () => string;
  apiKey: string;
  sessionTtlMs: number;
  /** `ui_mode` of new sessions: upstream's `metorial_elements`, or a test-only override. */
  uiMode: string;
  /** Requests per window on the API key, and the window. */
  rateLimit: number;
  rateWindowMs: number;
  providerCoop: boolean;
  /** OAuth apps registered at the demo provider, one per catalog credentials. */
  demoClients: DemoClients;
  /** Cap on the demo provider's unanswered consent requests, and on its issued codes. */
  maxOAuthGrants: number;
}
