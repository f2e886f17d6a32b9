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
  uiMode: string;
  providerCoop: boolean;
  /** OAuth apps registered at the demo provider, one per catalog credentials. */
  demoClients: DemoClients;
  /** Cap on the demo provider's unanswered consent requests, and on its issued codes. */
  maxOAuthGrants: number;
}
