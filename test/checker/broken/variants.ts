/**
 * Deliberately broken backends, one per rule of the endpoint contract: each is the Node helper
 * with one realistic mistake in front of it or behind it (a request or an answer rewritten the
 * way a hand-written backend gets it wrong). The checker must name exactly that rule.
 */
import type { RunningSandbox } from '../../../src/sandbox/index.js';
import { createConnectHandler, type ConnectHandlerOptions } from '../../../src/server/index.js';
import { ENDPOINT_PATH, helperOptions, userFromCookie } from '../support.js';

type Handler = (request: Request) => Promise<Response>;

export interface Variant {
  /** The mistake, in words. */
  mistake: string;
  /** Builds the broken backend's handler over the sandbox; `origin` is its own origin. */
  build(sandbox: RunningSandbox, origin: () => string): Handler;
}

function helper(sandbox: RunningSandbox, options: Partial<ConnectHandlerOptions> = {}): Handler {
  return createConnectHandler({ ...helperOptions(sandbox, options), basePath: ENDPOINT_PATH });
}

/** The request with other headers and/or another body (the original body is read once). */
async function rebuilt(request: Request, change: { headers?: Record<string, string>; body?: string } = {}): Promise<Request> {
  const headers = new Headers(request.headers);
  for (const [name, value] of Object.entries(change.headers ?? {})) headers.set(name, value);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  const body = change.body ?? (hasBody ? await request.text() : undefined);
  return new Request(request.url, { method: request.method, headers, ...(body === undefined ? {} : { body }) });
}

/** An answer with the same status and headers and another JSON body. */
function withBody(response: Response, body: unknown, status = response.status): Response {
  const headers = new Headers(response.headers);
  headers.delete('Content-Length');
  return new Response(JSON.stringify(body), { status, headers });
}

function jsonError(status: number, code: string, message: string): Response {
  return new Response(JSON.stringify({ error: { code, message } }), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' },
  });
}

async function codeOf(response: Response): Promise<string | undefined> {
  if (response.ok) return undefined;
  return ((await response.clone().json().catch(() => ({}))) as { error?: { code?: string } }).error?.code;
}

const isCreate = (request: Request) => request.method === 'POST';
const isRead = (request: Request) => request.method === 'GET' && new URL(request.url).pathname.startsWith(`${ENDPOINT_PATH}/`);

/** More broken backends for rules with more than one way to break them. */
export const MORE_BROKEN: Array<[rule: string, variant: Variant]> = [
  [
    'create',
    {
      mistake: "redirect_url is tidied up before it goes upstream (its query, and so the flow's state, dropped)",
      build(sandbox) {
        const handler = helper(sandbox);
        return async (request) => {
          if (!isCreate(request)) return handler(request);
          const body = await request.text();
          try {
            const value = JSON.parse(body) as { redirect_url?: string };
            if (typeof value.redirect_url === 'string' && value.redirect_url.includes('?') && URL.canParse(value.redirect_url)) {
              const tidy = new URL(value.redirect_url);
              tidy.search = '';
              return handler(await rebuilt(request, { body: JSON.stringify({ ...value, redirect_url: tidy.href }) }));
            }
          } catch {
            // not JSON: the helper says so
          }
          return handler(await rebuilt(request, { body }));
        };
      },
    },
  ],
];

export const BROKEN: Record<string, Variant> = {
  create: {
    mistake: 'the create answer is a trimmed copy of the session, without expires_at',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        const create = isCreate(request);
        const response = await handler(request);
        if (!create || !response.ok) return response;
        const { expires_at: _dropped, ...session } = (await response.json()) as Record<string, unknown>;
        return withBody(response, session);
      };
    },
  },

  read: {
    mistake: 'GET wraps the session in {"session": …}',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        const response = await handler(request);
        return isRead(request) && response.ok ? withBody(response, { session: await response.json() }) : response;
      };
    },
  },

  'no-secret-on-read': {
    mistake: "GET passes the upstream's session on as it is, url and client_secret included",
    build(sandbox) {
      const handler = helper(sandbox);
      const urls = new Map<string, string>();
      return async (request) => {
        const response = await handler(request);
        if (!response.ok) return response;
        const session = (await response.clone().json()) as { id: string; url: string };
        if (isCreate(request)) urls.set(session.id, session.url);
        else if (isRead(request) && urls.has(session.id)) return withBody(response, { ...session, url: urls.get(session.id) });
        return response;
      };
    },
  },

  'csrf-header': {
    mistake: 'the X-Metorial-Connect header is not checked',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => handler(await rebuilt(request, { headers: { 'X-Metorial-Connect': '1' } }));
    },
  },

  'sign-in-required': {
    mistake: 'a signed-out visitor is treated as one shared "anonymous" user',
    build(sandbox) {
      return helper(sandbox, { getUser: (request) => userFromCookie(request) ?? 'anonymous' });
    },
  },

  'other-user': {
    mistake: "GET checks that someone is signed in, not that the session is theirs",
    build(sandbox) {
      const owned = helper(sandbox);
      const unowned = helper(sandbox, { getUser: undefined });
      return async (request) => {
        if (!isRead(request) || request.headers.get('X-Metorial-Connect') !== '1') return owned(request);
        if (!userFromCookie(request)) return jsonError(401, 'unauthorized', 'Please sign in to connect an account.');
        return unowned(request);
      };
    },
  },

  'content-type': {
    mistake: 'any body is parsed as JSON, whatever its Content-Type',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => handler(isCreate(request) ? await rebuilt(request, { headers: { 'Content-Type': 'application/json' } }) : request);
    },
  },

  'invalid-json': {
    mistake: 'a body that is not JSON crashes the handler (500)',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        const response = await handler(request);
        return (await codeOf(response)) === 'invalid_json' ? jsonError(500, 'internal_error', 'Something went wrong on this site.') : response;
      };
    },
  },

  'body-limit': {
    mistake: 'no limit on the body: a large one is read whole, and only its fields are validated',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        if (!isCreate(request)) return handler(request);
        const body = await request.text();
        if (body.length > 16 * 1024) return jsonError(400, 'invalid_request', '"description" is too long (at most 1000 characters).');
        return handler(await rebuilt(request, { body }));
      };
    },
  },

  'invalid-request': {
    mistake: 'unknown fields are dropped silently instead of refused',
    build(sandbox) {
      const handler = helper(sandbox);
      const known = new Set(['provider_id', 'provider_deployment_id', 'name', 'description', 'metadata', 'provider_auth_method_id', 'provider_auth_credentials_id', 'redirect_url']);
      return async (request) => {
        if (!isCreate(request)) return handler(request);
        const body = await request.text();
        let value: unknown;
        try {
          value = JSON.parse(body);
        } catch {
          return handler(await rebuilt(request, { body }));
        }
        if (value === null || typeof value !== 'object' || Array.isArray(value)) return handler(await rebuilt(request, { body }));
        const kept = Object.fromEntries(Object.entries(value).filter(([key]) => known.has(key)));
        return handler(await rebuilt(request, { body: JSON.stringify(kept) }));
      };
    },
  },

  'redirect-origin': {
    mistake: 'redirect_url is checked with startsWith(origin)',
    build(sandbox, origin) {
      const handler = helper(sandbox);
      return async (request) => {
        if (!isCreate(request)) return handler(request);
        const body = await request.text();
        let value: { redirect_url?: unknown } | undefined;
        try {
          value = JSON.parse(body) as { redirect_url?: unknown };
        } catch {
          return handler(await rebuilt(request, { body }));
        }
        const target = value?.redirect_url;
        // "It starts with our origin, so it is ours": the helper then sees a harmless stand-in
        // for each target that is not really ours.
        if (typeof target === 'string' && target.startsWith(origin()) && !(URL.canParse(target) && new URL(target).origin === origin() && !target.includes('\\'))) {
          return handler(await rebuilt(request, { body: JSON.stringify({ ...value, redirect_url: `${origin()}/callback` }) }));
        }
        return handler(await rebuilt(request, { body }));
      };
    },
  },

  'upstream-errors': {
    mistake: "every upstream refusal of a create becomes a 500",
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        const create = isCreate(request);
        const response = await handler(request);
        return create && (await codeOf(response)) === 'not_found' ? jsonError(500, 'internal_error', 'Something went wrong on this site.') : response;
      };
    },
  },

  'malformed-id': {
    mistake: 'a malformed id is a 400 invalid_request instead of a 404',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        const id = new URL(request.url).pathname.slice(ENDPOINT_PATH.length + 1);
        if (isRead(request) && request.headers.get('X-Metorial-Connect') === '1' && !/^pas_[A-Za-z0-9]{22}$/.test(id)) {
          return jsonError(400, 'invalid_request', 'That is not a session id.');
        }
        return handler(request);
      };
    },
  },

  methods: {
    mistake: "other methods fall through to the framework's 404",
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        const response = await handler(request);
        return response.status === 405 ? jsonError(404, 'not_found', 'There is nothing at this address.') : response;
      };
    },
  },

  'no-store': {
    mistake: 'answers carry no Cache-Control',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        const response = await handler(request);
        const headers = new Headers(response.headers);
        headers.delete('Cache-Control');
        return new Response(response.body, { status: response.status, headers });
      };
    },
  },

  'error-shape': {
    mistake: 'errors are {"message": "…"} without a code',
    build(sandbox) {
      const handler = helper(sandbox);
      return async (request) => {
        const response = await handler(request);
        if (response.ok) return response;
        const { error } = (await response.json()) as { error: { message: string } };
        return withBody(response, { message: error.message });
      };
    },
  },
};
