/**
 * The bare `<metorial-connect>` tag in React's JSX, typed by its attributes and `on<event>`
 * handlers, for React 19 apps that render the element itself (client-side: React 19 does not
 * set custom-element properties or listeners on server-rendered elements it hydrates,
 * facebook/react#35446; the `MetorialConnect` component does).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MetorialConnect } from '../element/metorial-connect.js';
import type { MetorialConnectAttributes } from '../types/attributes.js';

/** The element in JSX: React's own props (ref, key, class…), its attributes and events, and the
 *  properties that take functions (React 19 sets a prop as a property when the element has it). */
export interface MetorialConnectJsxProps
  extends DetailedHTMLProps<HTMLAttributes<MetorialConnect>, MetorialConnect>,
    Partial<MetorialConnectAttributes> {
  createSession?: MetorialConnect['createSession'];
  getSession?: MetorialConnect['getSession'];
}

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'metorial-connect': MetorialConnectJsxProps;
    }
  }
}
