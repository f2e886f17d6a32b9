/**
 * Browser-side handle on the fake host backend (fake-backend.js, a web-test-runner
 * middleware): each test gets its own scenario, and so its own endpoint.
 */
export interface Reply {
  status?: number;
  json?: unknown;
  text?: string;
  hang?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  connectHeader: string;
  contentType: string;
  body?: any;
}

export interface Scenario {
  id: string;
  /** The flow's `endpoint` for this scenario. */
  endpoint: string;
  /** What the engine sent so far, and the session as the backend holds it. */
  read(): Promise<{ requests: RecordedRequest[]; session: any }>;
  /** Changes the stored session (e.g. `{ status: 'completed' }`, which also adds an auth config). */
  update(patch: Record<string, unknown>): Promise<any>;
  /** The flow's state, read from the `redirect_url` it sent on create. */
  flowState(): Promise<string>;
}

export async function scenario(config: { create?: Reply; get?: Reply; session?: Record<string, unknown> } = {}): Promise<Scenario> {
  const response = await fetch('/fake-backend/_scenarios', { method: 'POST', body: JSON.stringify(config) });
  const { id } = (await response.json()) as { id: string };
  const read = async () => (await fetch(`/fake-backend/_scenarios/${id}`)).json();
  return {
    id,
    endpoint: `/fake-backend/${id}`,
    read,
    async update(patch) {
      const r = await fetch(`/fake-backend/_scenarios/${id}/session`, { method: 'POST', body: JSON.stringify(patch) });
      return r.json();
    },
    async flowState() {
      const { requests } = await read();
      const redirect = requests.find((r: RecordedRequest) => r.method === 'POST')?.body?.redirect_url;
      const state = redirect && new URL(redirect).searchParams.get('metorial_connect_state');
      if (!state) throw new Error('the flow sent no state');
      return state;
    },
  };
}

/** Origin of the same test server under another host name: a real cross-origin. */
export const crossOrigin = () => `http://127.0.0.1:${location.port}`;

export const CALLBACK_PAGE = '/test/browser/support/callback.html';
