/** The shell every sandbox page shares: a centered card in the system font. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { randomToken } from '../secure.js';
import { html, SafeHtml } from './html.js';

const STYLES = `
:root { color-scheme: light dark; --accent: #4f46e5; --fg: #111827; --muted: #6b7280; --bg: #f3f4f6; --card: #fff; --line: #e5e7eb; }
@media (prefers-color-scheme: dark) { :root { --fg: #f3f4f6; --muted: #9ca3af; --bg: #111318; --card: #1b1e25; --line: #2c313b; --accent: #818cf8; } }
* { box-sizing: border-box; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; padding: 24px;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: var(--bg); }
main { width: 100%; max-width: 420px; background: var(--card); border: 1px solid var(--line); border-radius: 16px;
  padding: 32px 28px; box-shadow: 0 10px 30px rgba(0,0,0,.06); text-align: center; }
.logos { display: flex; justify-content: center; align-items: center; gap: 12px; margin-bottom: 16px; }
.logos img { width: 56px; height: 56px; border-radius: 14px; }
h1 { font-size: 20px; margin: 0 0 6px; }
p { margin: 0 0 16px; color: var(--muted); }
ul.scopes { list-style: none; margin: 0 0 24px; padding: 0; text-align: left; border: 1px solid var(--line); border-radius: 12px; }
ul.scopes li { padding: 10px 14px; border-top: 1px solid var(--line); }
ul.scopes li:first-child { border-top: 0; }
ul.scopes strong { display: block; font-size: 14px; }
ul.scopes span { font-size: 13px; color: var(--muted); }
.actions { display: flex; gap: 10px; }
button { flex: 1; font: inherit; font-weight: 600; padding: 11px 16px; border-radius: 10px; cursor: pointer;
  border: 1px solid var(--line); background: transparent; color: var(--fg); }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button:focus-visible { outline: 3px solid color-mix(in srgb, var(--accent) 45%, transparent); outline-offset: 2px; }
.status { min-height: 1.5em; margin: 16px 0 0; font-size: 14px; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; letter-spacing: .02em; text-transform: uppercase;
  color: var(--muted); margin-bottom: 12px; }
.icon { font-size: 40px; line-height: 1; margin-bottom: 12px; }
footer { margin-top: 20px; font-size: 12px; color: var(--muted); }
form { text-align: left; }
.field { display: grid; gap: 4px; margin: 0 0 14px; }
.field label { font-weight: 600; font-size: 14px; }
.field .optional { font-weight: 400; color: var(--muted); }
.field input:not([type=checkbox]), .field select, .field textarea { font: inherit; width: 100%; padding: 9px 11px;
  border: 1px solid var(--line); border-radius: 8px; background: var(--card); color: var(--fg); }
.field textarea { resize: vertical; }
.field.check { grid-template-columns: auto 1fr; align-items: center; column-gap: 8px; }
.field.check .help, .field.check .error { grid-column: 2; }
.field [aria-invalid=true] { border-color: #dc2626; }
.help { font-size: 13px; color: var(--muted); }
.error, .form-error { font-size: 13px; color: #dc2626; }
a { color: var(--accent); }
`;

export interface PageOptions {
  title: string;
  body: SafeHtml;
  status?: ContentfulStatusCode;
  /** Inline script (runs with the page's CSP nonce). */
  script?: string;
  /** Extra headers (framing policy, COOP). */
  headers?: Record<string, string>;
  /** Send no framing headers: the hosted setup page, as upstream's sets none. Default: framing refused
   *  (`X-Frame-Options: DENY`, `frame-ancestors 'none'`), as the demo provider's consent. */
  frameable?: boolean;
}

export function renderPage(c: Context, options: PageOptions): Response {
  const nonce = randomToken(16);
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    "img-src 'self'",
    "connect-src 'self'",
    "base-uri 'none'",
    ...(options.frameable ? [] : ["frame-ancestors 'none'"]),
  ].join('; ');
  const document = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title}</title>
<style nonce="${nonce}">${new SafeHtml(STYLES)}</style>
</head>
<body>
<main>
${options.body}
</main>
${options.script ? html`<script nonce="${nonce}">${new SafeHtml(options.script)}</script>` : ''}
</body>
</html>`;
  return c.html(document.value, options.status ?? 200, {
    'Content-Security-Policy': csp,
    // The setup page's URL carries its client secret: never send it as a Referer.
    'Referrer-Policy': 'no-referrer',
    ...(options.frameable ? {} : { 'X-Frame-Options': 'DENY' }),
    ...options.headers,
  });
}

/** A screen with an icon, a title and a message (errors, completed, failed). */
export function messagePage(
  c: Context,
  status: ContentfulStatusCode,
  options: { title: string; message: string; icon: string; logoUrl?: string; frameable?: boolean },
): Response {
  return renderPage(c, {
    title: options.title,
    status,
    frameable: options.frameable ?? true,
    body: html`
${options.logoUrl ? html`<div class="logos"><img src="${options.logoUrl}" alt=""></div>` : html`<div class="icon" aria-hidden="true">${options.icon}</div>`}
<h1>${options.title}</h1>
<p role="status">${options.message}</p>`,
  });
}
