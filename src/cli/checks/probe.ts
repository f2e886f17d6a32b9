/**
 * How the checker talks to an endpoint: requests shaped like the element's (or deliberately
 * not), sent as one of two users or as nobody, and every answer kept so that the checks about
 * all answers (caching, error shape) can read them afterwards.
 */
import http from 'node:http';
import https from 'node:https';
import { CONNECT_HEADER, CONNECT_HEADER_VALUE, STATE_PARAM } from '../../shared/protocol.js';
import type { SetupSession } from '../../shared/session.js';

/** Who sends a request: the first user, the second user, or nobody signed in. */
export type Who = 'a' | 'b' | 'none';

/** A user's credentials: request headers (a `Cookie`, an `Authorization`, …) sent as they are. */
export type Credentials = Record<string, string>;

export interface CheckOptions {
  /** The endpoint, as the element's `endpoint`: `POST {endpoint}` creates, `GET {endpoint}/{id}` reads. */
  endpoint: string;
  /** The site's own origin: where `redirect_url` may point and what the browser sends as `Origin`.
   *  Default: the endpoint's origin. */
  origin?: string;
  /** The callback page the element would send as `redirect_url` (default `{origin}/callback`). */
  callbackUrl?: string;
  /** A provider id the backend accepts. Without it nothing is created. */
  provider?: string;
  /** The first user's credentials; absent when the endpoint needs no sign-in (or none was given). */
  userA?: Credentials;
  /** A second user's credentials, to prove the first user's session is unreadable to others. */
  userB?: Credentials;
  /** Deadline of one request, in ms (the element's own is 15 s). */
  timeoutMs?: number;
}

/** A request shaped like the element's (its headers, the first user's credentials), or
 *  deliberately not. */
export interface SendOptions {
  method?: string;
  /** Appended to the endpoint: `/{id}`. */
  path?: string;
  who?: Who;
  /** Send `X-Metorial-Connect: 1` (default true). */
  connectHeader?: boolean;
  /** `Content-Type`; default `application/json`, which the element sends on reads too. */
  contentType?: string;
  /** A string is sent with its Content-Length; chunks are streamed without one (chunked). */
  body?: string | Uint8Array[];
}

export interface Answer {
  /** What was sent, for the report: `POST {endpoint}` … */
  request: string;
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: unknown;
  /** `{ error: { code, message } }` when the body has that shape. */
  error: { code: string; message: string } | undefined;
}

/** Thrown when the endpoint cannot be reached or does not answer in time. */
export class Unreachable extends Error {}

/** An id of the right shape (`pas_` + 22 characters) that no session has. */
export const UNKNOWN_SESSION_ID = 'pas_0000000000000000000000';
/** A provider id of the right shape that no provider has (used when no `--provider` is given:
 *  the refusals under test come before the backend asks the upstream anything). */
export const PLACEHOLDER_PROVIDER_ID = 'pro_metorialConnectChecker';

export class Probe {
  readonly endpoint: string;
  readonly origin: string;
  readonly callbackUrl: string;
  readonly provider: string | undefined;
  readonly users: Record<Who, Credentials | undefined>;
  /** Every answer received, in order. */
  readonly answers: Answer[] = [];
  /** The session the create check made (as created, with its full url), if it did. */
  created: SetupSession | undefined;
  private readonly timeoutMs: number;

  constructor(options: CheckOptions) {
    this.endpoint = options.endpoint.replace(/\/+$/, '');
    this.origin = new URL(options.origin ?? options.endpoint).origin;
    this.callbackUrl = options.callbackUrl ?? `${this.origin}/callback`;
    this.provider = options.provider;
    this.users = { a: options.userA, b: options.userB, none: undefined };
    this.timeoutMs = options.timeoutMs ?? 15_000;
  }

  /** The provider id to put in a create body: the real one if given, else a placeholder. */
  get providerId(): string {
    return this.provider ?? PLACEHOLDER_PROVIDER_ID;
  }

  /** Who makes the requests that are not about users: the first user if given, else nobody. */
  get signedIn(): Who {
    return this.users.a ? 'a' : 'none';
  }

  /** `redirect_url` exactly as the element builds it: the callback page + a fresh state. */
  redirectUrl(base = this.callbackUrl): string {
    const url = new URL(base);
    url.searchParams.set(STATE_PARAM, randomState());
    return url.href;
  }

  /** The create body the element sends (plus `extra`). */
  createBody(extra: Record<string, unknown> = {}): string {
    return JSON.stringify({ provider_id: this.providerId, redirect_url: this.redirectUrl(), ...extra });
  }

  async send(options: SendOptions = {}): Promise<Answer> {
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    const url = this.endpoint + (options.path ?? '');
    const headers: Record<string, string> = { Accept: 'application/json', ...this.users[options.who ?? this.signedIn] };
    if (options.connectHeader !== false) headers[CONNECT_HEADER] = CONNECT_HEADER_VALUE;
    headers['Content-Type'] = options.contentType ?? 'application/json';
    // A browser sends Origin on a POST (the page's, for the element's same-origin requests).
    if (method === 'POST') headers.Origin = this.origin;

    const request = `${method} ${url}`;
    let answered: { status: number; headers: Headers; text: string };
    try {
      answered = await exchange(url, method, headers, options.body, this.timeoutMs);
    } catch (error) {
      throw new Unreachable(`${request} got no answer: ${describeError(error)}`);
    }
    const { status, text } = answered;
    let json: unknown;
    try {
      json = text === '' ? undefined : JSON.parse(text);
    } catch {
      json = undefined;
    }
    const answer: Answer = { request, status, headers: answered.headers, text, json, error: errorOf(json) };
    this.answers.push(answer);
    return answer;
  }
}

/** `{ error: { code, message } }` with two non-empty strings, else undefined. */
export function errorOf(json: unknown): Answer['error'] {
  const error = (json as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  if (error && typeof error.code === 'string' && error.code !== '' && typeof error.message === 'string' && error.message !== '') {
    return { code: error.code, message: error.message };
  }
  return undefined;
}

/**
 * One request on a connection of its own, closed after the answer. Not `fetch`: its pool
 * reuses connections, and the checker's deliberately bad requests (a body refused before it was
 * read) may leave a connection that the server then drops, failing an unrelated next check.
 */
function exchange(
  url: string,
  method: string,
  headers: Record<string, string>,
  body: string | Uint8Array[] | undefined,
  timeoutMs: number,
): Promise<{ status: number; headers: Headers; text: string }> {
  const transport = url.startsWith('https:') ? https : http;
  const sent: Record<string, string> = { ...headers, Connection: 'close' };
  if (typeof body === 'string') sent['Content-Length'] = String(Buffer.byteLength(body));
  return new Promise((resolve, reject) => {
    const request = transport.request(url, { method, headers: sent, agent: false, signal: AbortSignal.timeout(timeoutMs) }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const received = new Headers();
        for (const [name, value] of Object.entries(response.headers)) {
          for (const one of Array.isArray(value) ? value : [value ?? '']) received.append(name, one);
        }
        resolve({ status: response.statusCode ?? 0, headers: received, text: Buffer.concat(chunks).toString('utf8') });
      });
    });
    // A server may answer (say, 413) and close before the whole body is written: once the
    // answer is in, a later write error changes nothing (the promise is settled).
    request.on('error', reject);
    if (Array.isArray(body)) for (const chunk of body) request.write(chunk);
    request.end(typeof body === 'string' ? body : undefined);
  });
}

function describeError(error: unknown): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) return 'it did not answer in time';
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && code !== 'ABORT_ERR') return code;
  return error instanceof Error ? error.message : String(error);
}

/** 32 random bytes, base64url, 43 characters: the element's own state. */
function randomState(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}
