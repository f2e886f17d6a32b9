/**
 * The element's words. English is built in; other languages are modules loaded on demand
 * (`import()`), so the base bundle does not grow with each language. `{provider}` is replaced
 * with the provider's display name.
 */
import type { ConnectErrorCode } from '../flow/types.js';

/** Every string the element shows, plus one message per error code. Set any of them through
 *  the element's `messages` property. In `rate_limited`, `{seconds}` is replaced with how long
 *  to wait. */
export interface MetorialConnectMessages extends Record<ConnectErrorCode, string> {
  connect: string;
  waiting: string;
  confirming: string;
  connected: string;
  cancelled: string;
  tryAgain: string;
  reconnect: string;
  cancel: string;
  close: string;
  /** Title of the in-page dialog and of its frame. */
  dialogTitle: string;
  popOut: string;
  /** The in-page dialog's button that takes an OAuth session to a popup (its consent page
   *  cannot be framed). */
  continue: string;
  /** Text of the popup while the setup page loads. */
  placeholder: string;
}

export type Translation = Partial<MetorialConnectMessages>;

/** English. Its words for errors are the engine's own messages (`error.message`), so each
 *  English sentence is in the bundle once. */
export const EN: Omit<MetorialConnectMessages, ConnectErrorCode> = {
  connect: 'Connect',
  waiting: 'Waiting for {provider}…',
  confirming: 'Confirming…',
  connected: 'Connected to {provider}',
  cancelled: 'Cancelled',
  tryAgain: 'Try again',
  reconnect: 'Reconnect',
  cancel: 'Cancel',
  close: 'Close',
  dialogTitle: 'Connect {provider}',
  popOut: 'Open in a new window instead',
  continue: 'Continue to {provider}',
  placeholder: 'Connecting to {provider}…',
};

/** Built-in languages by primary subtag (`pt` is Brazilian Portuguese). */
const LOADERS: Record<string, () => Promise<{ default: Translation }>> = {
  de: () => import('./locales/de.js'),
  fr: () => import('./locales/fr.js'),
  es: () => import('./locales/es.js'),
  pt: () => import('./locales/pt-BR.js'),
  ja: () => import('./locales/ja.js'),
  ar: () => import('./locales/ar.js'),
};

/** One load per language for the whole page, shared by every element. */
const loaded = new Map<string, Translation | Promise<Translation | undefined>>();

/** The translation for a BCP 47 tag: at once (already loaded, or none: undefined for English or
 *  a language without a module) or once its module has loaded. A module that fails to load
 *  leaves English. */
export function translation(lang: string): Translation | undefined | Promise<Translation | undefined> {
  const primary = lang.toLowerCase().split('-')[0]!;
  const load = LOADERS[primary];
  if (!load) return undefined;
  let found = loaded.get(primary);
  if (!found) {
    found = load().then(
      (module) => (loaded.set(primary, module.default), module.default),
      () => undefined,
    );
    loaded.set(primary, found);
  }
  return found;
}

/** `text` with `{provider}` replaced by the name exactly as given: a function replacement, as a
 *  string one would rewrite `$&`, `$'`, `` $` `` and `$$` in the name. (As text: the result is
 *  never parsed as HTML.) */
export const fill = (text: string, provider: string) => text.replace('{provider}', () => provider);
