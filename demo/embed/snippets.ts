/**
 * The embed code the demo shows for its current settings: the element, the callback page and
 * the backend route. Plain text builders, so the page shows exactly what a developer copies.
 */
import type { DemoProvider } from '../server.js';
import { CALLBACK_URL, CDN_BASE, DEFAULT_LANGUAGE, directionOf, ENDPOINT, type Language, type Theme, type UiMode } from '../settings.js';

export type SnippetTab = 'html' | 'callback' | 'server';

/** What the element snippet depends on. */
export interface SnippetSettings {
  provider?: DemoProvider;
  mode: UiMode;
  theme: Theme;
  lang: Language;
  setupOrigin?: string | null;
}

export const SNIPPETS: Record<SnippetTab, { label: string; file: string; note: string; code: (settings: SnippetSettings) => string }> = {
  html: {
    label: 'Element',
    file: 'index.html',
    note: 'Drop this into any page. The element talks only to your backend route.',
    code: elementSnippet,
  },
  callback: {
    label: 'Callback',
    file: 'callback.html',
    note: 'A tiny page on your origin that hands the result back to the element.',
    code: callbackSnippet,
  },
  server: {
    label: 'Server',
    file: 'server.js',
    note: 'Your backend keeps the secret API key; the browser never sees it.',
    code: serverSnippet,
  },
};

export const SNIPPET_TABS = Object.keys(SNIPPETS) as SnippetTab[];

function elementSnippet({ provider, mode, theme, lang, setupOrigin }: SnippetSettings): string {
  const attributes: Array<[string, string | undefined]> = [
    ['provider-id', provider?.id ?? 'pro_…'],
    ['provider-name', provider?.name ?? 'GitHub'],
    ['endpoint', ENDPOINT],
    ['ui-mode', mode],
    ['callback-url', CALLBACK_URL],
    ['setup-origins', setupOrigin || undefined],
    ['theme', theme],
    // English is the element's default; any other language is the standard `lang` attribute.
    ['lang', lang === DEFAULT_LANGUAGE ? undefined : lang],
    ['dir', directionOf(lang)],
  ];
  const escape = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    `<script type="module" src="${CDN_BASE}/metorial-connect.js"></script>`,
    '',
    '<metorial-connect',
    ...attributes.flatMap(([name, value]) => (value === undefined ? [] : [`  ${name}="${escape(value)}"`])),
    '></metorial-connect>',
  ].join('\n');
}

function callbackSnippet(): string {
  return [
    `<!-- ${new URL(CALLBACK_URL).pathname}: the page the provider sends the user back to. -->`,
    '<!doctype html>',
    '<meta charset="utf-8" />',
    '<meta name="referrer" content="no-referrer" />',
    '<title>Connecting…</title>',
    `<script type="module" src="${CDN_BASE}/callback.js"></script>`,
  ].join('\n');
}

function serverSnippet(): string {
  return [
    "import express from 'express';",
    "import { connectMiddleware } from 'metorial-connect/server';",
    '',
    'const app = express();',
    '// Holds the secret key; the browser only ever talks to this route.',
    "app.use('/api/setup-sessions', connectMiddleware({",
    '  apiKey: process.env.METORIAL_API_KEY,',
    `  allowedRedirectOrigins: ['${location.origin}'],`,
    '}));',
  ].join('\n');
}
