'use client';
/**
 * `metorial-connect/react`: the `MetorialConnect` component (React 18 and 19, client-only and
 * server-rendered, Next.js Server Component trees included: this module is a client boundary),
 * and the JSX types of the bare `<metorial-connect>` tag. React is a peer: nothing here reaches
 * the element's own bundle.
 */
export { MetorialConnect } from './component.js';
export type { MetorialConnectEventProps, MetorialConnectProperties, MetorialConnectProps } from './component.js';
export type { MetorialConnectJsxProps } from './jsx.js';
export type { MetorialConnect as MetorialConnectElement } from '../element/metorial-connect.js';
export type * from '../element/events.js';
export type { MetorialConnectAttributes } from '../types/attributes.js';
