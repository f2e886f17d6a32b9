/**
 * `<metorial-connect>` as markup sees it, for frameworks that type custom elements by their
 * attributes and `on<event>` handlers (React 19's JSX, Svelte 5, Preact, Solid): one list, so
 * that each framework's declaration is one line (see metorial-connect/react and the README).
 */
import type { CancelledEvent, ConnectedEvent, FailedEvent, StateChangeEvent } from '../element/events.js';
import type { MetorialConnect } from '../element/metorial-connect.js';

export interface MetorialConnectAttributes {
  'provider-id': string;
  endpoint?: string;
  'provider-name'?: string;
  'ui-mode'?: 'popup' | 'iframe' | 'redirect';
  'callback-url'?: string;
  'setup-origins'?: string;
  'provider-deployment-id'?: string;
  'provider-auth-method-id'?: string;
  'provider-auth-credentials-id'?: string;
  name?: string;
  description?: string;
  /** A JSON object as text, or (set as a property) the object. */
  metadata?: MetorialConnect['metadata'];
  label?: string;
  disabled?: boolean;
  theme?: 'auto' | 'light' | 'dark';
  onconnected?: (event: ConnectedEvent) => void;
  onfailed?: (event: FailedEvent) => void;
  oncancelled?: (event: CancelledEvent) => void;
  onstatechange?: (event: StateChangeEvent) => void;
}
