/** Shared helpers for the sandbox tests: a started sandbox with a controllable clock, API
 *  calls, and a small parser for the forms of the sandbox's own HTML pages. */
import assert from 'node:assert/strict';
import { startSandbox, type RunningSandbox, type SandboxOptions } from '../../src/sandbox/index.js';
import type { SetupSession } from '../../src/shared/session.js';

export const DEMO_CLIENT_SECRET = 'demo_secret_for_tests';

export interface TestSandbox extends RunningSandbox {
  clock: { now: number; advance(ms: number): void };
  /** JSON API call with the API key (unless `headers.Authorization` overrides it). */
  api(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any; headers: Headers }>;
  createSession(body?: Record<string, unknown>): Promise<SetupSession>;
  logs: string[];
}

export async function startTestSandbox(options: SandboxOptions = {}): Promise<TestSandbox> {
  const clock = {
    now: Date.parse('2026-01-15T12:00:00.000Z'),
    advance(ms: number) {
      clock.now += ms;
    },
  };
  const logs: string[] = [];
  const sandbox = await startSandbox({
    port: 0,
    log: (line) => logs.push(line),
    now: () => clock.now,
    demoClientSecret: DEMO_CLIENT_SECRET,
    ...options,
  });
  const api: TestSandbox['api'] = async (method, path, body, headers = {}) => {
    const response = await fetch(`${sandbox.url}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${sandbox.apiKey}`,
        ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
  };
  return {
    ...sandbox,
    clock,
    logs,
    api,
    async createSession(body = {}) {
      const res = await api('POST', '/provider-setup-sessions', { provider_id: GITHUB_ID, ...body });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body as SetupSession;
    },
  };
}

export const GITHUB_ID = 'pro_0mfkzfzfsjRaTvm3fsHseX';

/** Asserts the upstream error shape and returns the body. */
export function assertError(res: { status: number; body: any }, status: number, code: string) {
  assert.equal(res.status, status, JSON.stringify(res.body));
  assert.equal(res.body.object, 'error');
  assert.equal(res.body.ok, false);
  assert.equal(res.body.status, status);
  assert.equal(res.body.code, code);
  assert.equal(typeof res.body.message, 'string');
  assert.equal(typeof res.body.hint, 'string');
  return res.body;
}

// ---- HTML forms of the sandbox's own pages ----

const decodeEntities = (value: string) =>
  value
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const match of tag.matchAll(/([a-zA-Z_:-]+)="([^"]*)"/g)) out[match[1]!] = decodeEntities(match[2]!);
  return out;
}

export interface ParsedForm {
  action: string;
  method: string;
  fields: Record<string, string>;
  buttons: Array<{ name?: string; value?: string; label: string }>;
}

/** The first form of a page: its action, hidden fields and submit buttons. */
export function parseForm(html: string): ParsedForm {
  const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/.exec(html);
  assert.ok(form, 'page has a form');
  const attrs = attributes(form[1]!);
  const fields: Record<string, string> = {};
  for (const input of form[2]!.matchAll(/<input\b([^>]*)>/g)) {
    const a = attributes(input[1]!);
    if (a.name) fields[a.name] = a.value ?? '';
  }
  const buttons = [...form[2]!.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)].map((b) => {
    const a = attributes(b[1]!);
    return { name: a.name, value: a.value, label: decodeEntities(b[2]!.trim()) };
  });
  return { action: attrs.action ?? '', method: (attrs.method ?? 'get').toLowerCase(), fields, buttons };
}

/** Submits a parsed form like a browser (urlencoded), optionally with one of its buttons. */
export async function submitForm(pageUrl: string, form: ParsedForm, buttonLabel?: string, overrides: Record<string, string> = {}) {
  const body = new URLSearchParams(form.fields);
  if (buttonLabel !== undefined) {
    const button = form.buttons.find((b) => b.label === buttonLabel);
    assert.ok(button, `form has a "${buttonLabel}" button`);
    if (button.name) body.set(button.name, button.value ?? '');
  }
  for (const [key, value] of Object.entries(overrides)) body.set(key, value);
  return fetch(new URL(form.action, pageUrl), { method: 'POST', body, redirect: 'manual' });
}

export function location(response: Response, base: string): string {
  const value = response.headers.get('location');
  assert.ok(value, `response ${response.status} has a Location`);
  return new URL(value, base).href;
}

/**
 * Walks a session from its setup page to the provider's answer (the callback URL the
 * provider redirects to), without following that redirect.
 */
export async function walkToCallback(
  session: SetupSession,
  decision: 'Allow' | 'Deny',
): Promise<{ callbackUrl: string; consentResponse: Response; consentHtml: string; cookie: string }> {
  const setup = await fetch(session.url, { redirect: 'manual' });
  assert.equal(setup.status, 200);
  const setupForm = parseForm(await setup.text());
  assert.ok(setupForm.buttons.some((b) => b.label === 'Continue'));

  const start = await submitForm(session.url, setupForm, 'Continue');
  assert.equal(start.status, 303);
  const authorizeUrl = location(start, session.url);
  // What a browser would send back to the callback (name=value pairs of Set-Cookie).
  const cookie = start.headers
    .getSetCookie()
    .map((line) => line.split(';')[0]!)
    .join('; ');

  const consentResponse = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(consentResponse.status, 200);
  const consentHtml = await consentResponse.text();
  const decided = await submitForm(authorizeUrl, parseForm(consentHtml), decision);
  assert.equal(decided.status, 302);
  return { callbackUrl: location(decided, authorizeUrl), consentResponse, consentHtml, cookie };
}

/** Loads a callback URL like the browser that started the flow (with its cookie). */
export function fetchCallback(callbackUrl: string | URL, cookie: string) {
  return fetch(callbackUrl, { redirect: 'manual', headers: cookie ? { Cookie: cookie } : {} });
}

/** The whole flow: setup page → consent → callback. Returns the callback's response. */
export async function runFlow(session: SetupSession, decision: 'Allow' | 'Deny') {
  const { callbackUrl, cookie } = await walkToCallback(session, decision);
  return { callbackUrl, cookie, response: await fetchCallback(callbackUrl, cookie) };
}
