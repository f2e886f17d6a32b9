/**
 * `<MetorialConnect>`: the element as a React component, in `@lit/react`'s convention —
 * camelCase properties set as properties (objects stay objects, functions stay functions) and
 * `onConnected` / `onFailed` / `onCancelled` / `onStateChange` listening to its events.
 *
 * Both are applied in a layout effect, after React has created or hydrated the element: React 19
 * sets neither on elements it hydrates from server HTML (facebook/react#35446), and React 18
 * never sets them on custom elements. So the same component works client-only and
 * server-rendered (Next.js), in React 18 and 19.
 *
 * The server never loads the element (nor Lit): it renders the bare tag with React's own props
 * (`id`, `className`, `style`, children as the label…), and the browser loads the element
 * on demand. Properties set before it is defined are taken over when it upgrades.
 */
import { createElement, forwardRef, useCallback, useEffect, useLayoutEffect, useRef, type ForwardedRef, type HTMLAttributes } from 'react';
import type { CancelledEvent, ConnectedEvent, FailedEvent, StateChangeEvent } from '../element/events.js';
import type { MetorialConnect as MetorialConnectElement } from '../element/metorial-connect.js';
import type { UiMode } from '../flow/types.js';

/** The element's public properties, each set as a property, never as an attribute. (Exported for
 *  the test that checks it against the element's own list.) */
export const PROPERTIES = [
  'providerId',
  'providerName',
  'endpoint',
  'uiMode',
  'callbackUrl',
  'setupOrigins',
  'providerDeploymentId',
  'providerAuthMethodId',
  'providerAuthCredentialsId',
  'name',
  'description',
  'metadata',
  'label',
  'disabled',
  'theme',
  'messages',
  'createSession',
  'getSession',
] as const satisfies readonly (keyof MetorialConnectElement)[];

/** Handler props and the events they listen to. */
const EVENTS = {
  onConnected: 'connected',
  onFailed: 'failed',
  onCancelled: 'cancelled',
  onStateChange: 'statechange',
} as const;

type Property = (typeof PROPERTIES)[number];

/** The element's properties as props (their docs are the element's). */
export type MetorialConnectProperties = Partial<Pick<MetorialConnectElement, Property>> & {
  /** Provider to connect (the session's `provider_id`). Required. */
  providerId: string;
  /** `popup`, `iframe` or `redirect`; overrides the session's `ui_mode`. */
  uiMode?: UiMode;
};

export interface MetorialConnectEventProps {
  /** The account is connected: `event.detail` is `{ session, authConfig }`. */
  onConnected?: (event: ConnectedEvent) => void;
  /** The flow failed: `event.detail.error.message` is written for people. */
  onFailed?: (event: FailedEvent) => void;
  /** The user closed the window or dialog, or `cancel()` was called. */
  onCancelled?: (event: CancelledEvent) => void;
  /** Every state the flow goes through, terminal ones included. */
  onStateChange?: (event: StateChangeEvent) => void;
}

/** Props of `<MetorialConnect>`: the element's properties, its events, and React's own props
 *  for the host element (`id`, `className`, `style`, children as the button's label, …). */
export interface MetorialConnectProps
  extends MetorialConnectProperties,
    MetorialConnectEventProps,
    Omit<HTMLAttributes<MetorialConnectElement>, keyof MetorialConnectProperties | keyof MetorialConnectEventProps> {}

/** Loads and registers the element once. Only browsers call it: the server never loads Lit. */
let registration: Promise<unknown> | undefined;
function registerElement(): void {
  registration ??= import('../element/define.js').catch((error: unknown) => {
    registration = undefined; // the next mount tries again
    console.error('metorial-connect: the element could not be loaded', error);
  });
}
// Started as soon as the component is imported in a browser, not at its first render.
if (typeof document !== 'undefined') registerElement();

/** A layout effect in the browser; on the server (where effects never run) a plain one, which
 *  React 18 does not warn about. */
const useBrowserLayoutEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;

function render(props: MetorialConnectProps, forwardedRef: ForwardedRef<MetorialConnectElement>) {
  const element = useRef<MetorialConnectElement | null>(null);
  const latest = useRef(props);
  const assigned = useRef(new Set<Property>());

  // After every render: the props as properties; unset ones that are gone. (The element
  // ignores values that did not change.)
  useBrowserLayoutEffect(() => {
    latest.current = props;
    const node = element.current!;
    const target = node as unknown as Record<Property, unknown>;
    for (const name of PROPERTIES) {
      if (name in props) {
        target[name] = props[name];
        assigned.current.add(name);
      } else if (assigned.current.delete(name)) {
        target[name] = undefined;
      }
    }
  });

  // One listener per event for the element's lifetime, calling the latest handler: no listener
  // is added twice (StrictMode mounts, unmounts and mounts again; cleanup removes them).
  useBrowserLayoutEffect(() => {
    registerElement();
    const node = element.current!;
    const listeners = Object.entries(EVENTS).map(([prop, type]) => {
      const listener = (event: Event) => (latest.current[prop as keyof MetorialConnectEventProps] as ((event: Event) => void) | undefined)?.(event);
      node.addEventListener(type, listener);
      return () => node.removeEventListener(type, listener);
    });
    return () => listeners.forEach((remove) => remove());
  }, []);

  const ref = useCallback(
    (node: MetorialConnectElement | null) => {
      element.current = node;
      if (typeof forwardedRef === 'function') forwardedRef(node);
      else if (forwardedRef) forwardedRef.current = node;
    },
    [forwardedRef],
  );

  // The host element gets React's own props only. React 18 would write `className` to a custom
  // element as a `classname` attribute: it is passed as `class`.
  const host: Record<string, unknown> = { ref };
  for (const [key, value] of Object.entries(props)) {
    if ((PROPERTIES as readonly string[]).includes(key) || key in EVENTS || key === 'ref') continue;
    host[key === 'className' ? 'class' : key] = value;
  }
  return createElement('metorial-connect', host);
}

/**
 * `<metorial-connect>` for React 18 and 19, client-only or server-rendered. The ref is the element.
 *
 * ```tsx
 * <MetorialConnect providerId="pro_…" endpoint="/api/setup-sessions" metadata={{ team }} onConnected={(event) => save(event.detail.authConfig)} />
 * ```
 */
export const MetorialConnect = forwardRef(render);
MetorialConnect.displayName = 'MetorialConnect';
