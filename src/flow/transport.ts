/**
 * Talking to the host backend: `POST {endpoint}` creates a session and `GET {endpoint}/{id}`
 * reads it, or the host's own `createSession` / `getSession` do. Every request is held in the
 * flow's disposable set (ending the flow aborts it), times out after `requestMs`, and resolves
 * only with a well-formed session of this provider.
 */
import { CONNECT_HEADER, CONNECT_HEADER_VALUE } from '../shared/protocol.js';
import type { CreateSessionBody, SetupSession } from '../shared/session.js';
import type { FlowContext } from './context.js';
import { BACKEND, error, isError, NETWORK } from './errors.js';
import { asSession, nonEmpty } from './session.js';

export interface Transport {
  create(body: CreateSessionBody): Promise<SetupSession>;
  get(id: string): Promise<SetupSession>;
}

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
  if (!response.ok) throw error('backend_error', nonEmpty(data?.error?.message) ? data.error.message : BACKEND);
  return data;
}

export function createTransport({ options: o, timing, bag }: FlowContext, endpoint?: string): Transport {
  /** One request with a timeout. A flow that ended sends nothing (and waits for nothing). */
  const call = (send: (signal: AbortSignal) => Promise<unknown>, id?: string): Promise<SetupSession> => {
    if (bag.released) return new Promise(() => {});
    const controller = new AbortController();
    let settled = false;
    const abort = bag.hold(() => settled || controller.abort());
    return new Promise<unknown>((resolve, reject) => {
      const stop = bag.after(timing.requestMs, () => {
        abort();
        reject(error('network', NETWORK));
      });
      // (a host's function that throws at once is a failed request like any other)
      new Promise((sent) => sent(send(controller.signal)))
        .then(resolve, (e) => reject(isError(e) ? e : error('backend_error', BACKEND)))
        .finally(() => {
          settled = true; // nothing left to abort
          abort();
          stop();
        });
    }).then((value) => asSession(value, o.providerId, id));
  };

  return {
    create: (body) => call((signal) => (o.createSession ? o.createSession(body, signal) : fetchJson(endpoint!, signal, body))),
    get: (id) =>
      call((signal) => (o.getSession ? o.getSession(id, signal) : fetchJson(`${endpoint}/${encodeURIComponent(id)}`, signal)), id),
  };
}
