/**
 * `metorial-connect/react`, for React 19, which sets custom elements' properties and listens
 * to their events natively: `import 'metorial-connect/react'` registers `<metorial-connect>`
 * and declares it in React's JSX with typed attributes and event handlers
 * (`onconnected={(event) => event.detail.authConfig}`). React 18 and older drop `on…`
 * handlers on custom elements: wrap the element with `@lit/react` instead (see the README).
 */
import type { DetailedHTMLProps, HTMLAttributes } from 'react';
import type { MetorialConnect } from '../element/metorial-connect.js';
import type { MetorialConnectAttributes } from '../types/attributes.js';

export { MetorialConnect } from '../element/define.js';
export type * from '../element/events.js';
export type { MetorialConnectAttributes };

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
