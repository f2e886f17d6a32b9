/**
 * `metorial-connect/react`, for React 19, which sets custom elements' properties and listens
 * to their events natively: `import 'metorial-connect/react'` registers `<metorial-connect>`
 * and declares it in React's JSX with typed attributes and event handlers
 * (`onconnected={(event) => event.detail.authConfig}`). React 18 and older drop `on…`
 * handlers on custom elements: wrap the element with `@lit/react` instead (see the README).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { CancelledEvent, ConnectedEvent, FailedEvent, StateChangeEvent } from '../element/events.js';
import type { MetorialConnect } from '../element/metorial-connect.js';

export { MetorialConnect } from '../element/define.js';
export type * from '../element/events.js';

/** The element's attributes and events as JSX props (React 19 sets unknown props as attributes,
 *  known ones as properties, and `on<event>` functions as listeners of `<event>`). */
export interface MetorialConnectJsxProps extends DetailedHTMLProps<HTMLAttributes<MetorialConnect>, MetorialConnect> {
  'provider-id'?: string;
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
  metadata?: MetorialConnect['metadata'];
  label?: string;
  disabled?: boolean;
  theme?: 'auto' | 'light' | 'dark';
  createSession?: MetorialConnect['createSession'];
  getSession?: MetorialConnect['getSession'];
  onconnected?: (event: ConnectedEvent) => void;
  onfailed?: (event: FailedEvent) => void;
  oncancelled?: (event: CancelledEvent) => void;
  onstatechange?: (event: StateChangeEvent) => void;
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'metorial-connect': MetorialConnectJsxProps;
    }
  }
}
