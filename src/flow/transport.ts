/**
 * Talking to the host backend: `POST {endpoint}` creates a session and `GET {endpoint}/{id}`
 * reads it, or the host's own `createSession` / `getSession` do. Every request is held in the
 * flow's disposable set (ending the flow aborts it), times out after `requestMs`, and resolves
 * only with a well-formed session of this provider.
 */
import { CONNECT_HEADER, CONNECT_HEADER_VALUE } from '../shared/protocol.js';
import type { CreateSessionBody, SetupSession } from '../shared/session.js';
import type { FlowContext } from './context.js';
import { BACKEND, error, NETWORK } from './errors.js';
import { asSession, nonEmpty } from './session.js';

async function fetchJson(url: string, signal: AbortSignal, body?: CreateSessionBody): Promise<unknown> {
  // (GET and same-origin credentials are fetch's defaults)
  const response = await fetch(url, {
    method: body && 'POST',
    headers: { 'Content-Type': 'application/json', [CONNECT_HEADER]: CONNECT_HEADER_VALUE },
    body: body && JSON.stringify(body),
    signal,
  }).catch(() => {
    throw error('network', NETWORK);
  });
  const data: any = await response.json().catch(() => {});
  // A 429 is the backend's rate limit (the helper's words say when to try again, and its
  // `retry_after_seconds` how long polling waits; a minute when it gives none).
  const limited = response.status == 429;
  if (!response.ok)
    throw Object.assign(
      error(limited ? 'rate_limited' : 'backend_error', nonEmpty(data?.error?.message) ? data.error.message : BACKEND),
      limited && { retryAfter: +data?.error?.retry_after_seconds || 60 },
    );
  return data;
}

/** Reads session `id`, or creates one with `body`. A flow that ended sends nothing (and waits
 *  for nothing). The request's signal is aborted once it is over: answered, timed out, or the
 *  flow ended. */
export function request({ options: o, endpoint, bag }: FlowContext, id?: string, body?: CreateSessionBody): Promise<SetupSession> {
  return new Promise<unknown>((resolve, reject) => {
    if (bag.released) return;
    const controller = new AbortController();
    const { signal } = controller;
    const abort = bag.hold(() => controller.abort());
    const stop = bag.after(o.timing?.requestMs ?? 15_000, () => {
      abort();
      reject(error('network', NETWORK));
    });
    const host = id ? o.getSession?.bind(o, id) : o.createSession?.bind(o, body!);
    // A host's own error (an axios error with its request config, say) must not reach events
    // that hosts log: it becomes backend_error. (A host function that throws at once too.)
    (host
      ? new Promise((sent) => sent(host(signal))).catch(() => {
          throw error('backend_error', BACKEND);
        })
      : fetchJson(id ? `${endpoint}/${encodeURIComponent(id)}` : endpoint!, signal, body)
    )
      .then(resolve, reject)
      .finally(() => {
        abort();
        stop();
      });
  }).then((value) => asSession(value, o.providerId, id));
}
