/** The authenticated JSON API: `/provider-setup-sessions` and `/providers`. */
import { timingSafeEqual } from 'node:crypto';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import type { Provider } from '../../shared/session.js';
import { CATALOG } from '../catalog.js';
import type { SandboxContext } from '../context.js';
import { createSessionRecord, currentStatus, deletedStatus, resolveReferences, viewSession } from '../sessions.js';
import type { SessionRecord } from '../store.js';
import { apiError, errorBody, invalidData, notFound, zodIssuesToErrors, type FieldError } from './errors.js';
import { pageOfSorted, paginate, type Direction } from './pagination.js';
import { rateLimit } from './rate-limit.js';
import { readListQuery } from './query.js';
import { createSessionSchema, listQuerySchema, updateSessionSchema, type ListQuery } from './schemas.js';
import { flavourOf, type ApiFlavour } from './version.js';

const SESSIONS = '/provider-setup-sessions';

/** The `entity` a `not_found` names for each id of a create body. */
const REFERENCE_ENTITIES: Record<string, string> = {
  provider_id: 'provider',
  provider_deployment_id: 'provider.deployment',
  provider_auth_method_id: 'provider.capabilities.auth_method',
  provider_auth_credentials_id: 'provider.auth_credentials',
};

export function registerApiRoutes(app: Hono, ctx: SandboxContext): void {
  const auth = requireApiKey(ctx.apiKey);
  const limit = rateLimit({ limit: ctx.rateLimit, windowMs: ctx.rateWindowMs, now: ctx.now });
  // `/x/*` matches `/x` too: each request passes these once (the rate limit counts it once).
  for (const path of [`${SESSIONS}/*`, '/providers']) {
    app.use(path, auth);
    app.use(path, limit);
  }
  /** The client's version's enum values; an unknown version gets the default's. */
  const flavour = (c: Context): ApiFlavour => flavourOf(c);

  app.get(SESSIONS, (c) => listSessions(c, ctx, flavour(c)));

  app.post(SESSIONS, async (c) => {
    const body = await readJsonBody(c);
    if (body instanceof Response) return body;
    const parsed = createSessionSchema.safeParse(body);
    if (!parsed.success) return invalidData(c, zodIssuesToErrors(parsed.error.issues));
    const refs = resolveReferences(parsed.data);
    if ('error' in refs) {
      const { field, message } = refs.error!;
      const id = String(parsed.data[field] ?? '').slice(0, 100);
      return c.json(
        {
          ...errorBody(404, 'not_found', message, `Use an id from GET /providers (field \`${field}\`).`, [{ code: 'not_found', message, path: [field] }]),
          entity: REFERENCE_ENTITIES[field],
          id,
        },
        404,
      );
    }
    const record = createSessionRecord(ctx, parsed.data, refs);
    // Every success is 200 upstream, create included.
    return c.json(viewSession(record, ctx.now(), flavour(c)));
  });

  app.get(`${SESSIONS}/:id`, (c) => {
    const record = ctx.store.get(c.req.param('id'));
    if (!record) return notFound(c, 'Setup session', 'provider.setup_session', c.req.param('id'));
    return c.json(viewSession(record, ctx.now(), flavour(c)));
  });

  app.patch(`${SESSIONS}/:id`, async (c) => {
    const id = c.req.param('id');
    if (!ctx.store.get(id)) return notFound(c, 'Setup session', 'provider.setup_session', id);
    const body = await readJsonBody(c);
    if (body instanceof Response) return body;
    const parsed = updateSessionSchema.safeParse(body);
    if (!parsed.success) return invalidData(c, zodIssuesToErrors(parsed.error.issues));
    const changes = parsed.data;
    // Cloned before the update, so a failure leaves the stored session as it was.
    if (changes.metadata) changes.metadata = structuredClone(changes.metadata);
    const record = ctx.store.update(id, (current) => ({
      ...current,
      session: {
        ...current.session,
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.metadata !== undefined ? { metadata: changes.metadata } : {}),
        updated_at: new Date(ctx.now()).toISOString(),
      },
    }));
    if (!record) return notFound(c, 'Setup session', 'provider.setup_session', id);
    return c.json(viewSession(record, ctx.now(), flavour(c)));
  });

  app.delete(`${SESSIONS}/:id`, (c) => {
    const id = c.req.param('id');
    const record = ctx.store.get(id);
    if (!record || !ctx.store.delete(id)) return notFound(c, 'Setup session', 'provider.setup_session', id);
    // Gone from every later read; the answer names the deletion in the client's version.
    return c.json({ ...viewSession(record, ctx.now(), flavour(c)), status: deletedStatus(flavour(c)) });
  });

  app.get('/providers', (c) => {
    const origin = ctx.publicUrl();
    const providers: Provider[] = CATALOG.map(({ provider }) => ({
      ...structuredClone(provider),
      logo_url: new URL(provider.logo_url, `${origin}/`).href,
    }));
    return c.json({ object: 'list', ...paginate(providers, { order: 'asc', limit: 100 }) });
  });

  // A method a path does not take falls through to the 404 of unknown routes, as upstream (no 405).
}

/** Bearer API key, compared in constant time. */
function requireApiKey(apiKey: string): MiddlewareHandler {
  const expected = Buffer.from(apiKey, 'utf8');
  return async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const given = Buffer.from(match?.[1] ?? '', 'utf8');
    const ok = given.length === expected.length && timingSafeEqual(given, expected);
    if (!ok) {
      return apiError(
        c,
        401,
        'unauthorized',
        match ? 'The API key is not valid.' : 'Missing API key.',
        'Send `Authorization: Bearer <secret key>` with the sandbox key (SANDBOX_API_KEY).',
        undefined,
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    await next();
  };
}

/** Parses a JSON body; an empty body counts as `{}`. Returns the error response on bad JSON
 *  or on a body sent as anything but JSON. */
async function readJsonBody(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    return apiError(
      c,
      400,
      'bad_request',
      `The request body must be JSON, not ${type ? `"${type.slice(0, 60)}"` : 'an untyped body'}.`,
      'Send the body with `Content-Type: application/json`.',
    );
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // A SyntaxError, or a RangeError for input nested deeper than the parser allows.
    return apiError(c, 400, 'bad_request', 'The request body is not valid JSON.', 'Send a JSON object with `Content-Type: application/json`.');
  }
}

function listSessions(c: Context, ctx: SandboxContext, flavour: ApiFlavour): Response {
  const invalidQuery = (errors: FieldError[]) => invalidData(c, errors, 'The query parameters are invalid.');
  const read = readListQuery(c.req.url);
  if ('errors' in read) return invalidQuery(read.errors);
  const parsed = listQuerySchema.safeParse(read.values);
  if (!parsed.success) return invalidQuery(zodIssuesToErrors(parsed.error.issues));
  const query = parsed.data;

  // As upstream: several at once is not an error, `after` wins over `before` over `cursor`.
  // Upstream hands out no cursor; the reference's `cursor` is read as an item id to page after.
  let anchor: { direction: Direction; id: string } | undefined;
  if (query.after !== undefined) anchor = { direction: 'after', id: query.after };
  else if (query.before !== undefined) anchor = { direction: 'before', id: query.before };
  else if (query.cursor !== undefined) anchor = { direction: 'after', id: query.cursor };

  const now = ctx.now();
  // With an `id` filter only those ids are walked; otherwise the store's whole index.
  const ids = query.id ? [...new Set(query.id)].filter((id) => ctx.store.get(id)).sort() : ctx.store.ids();
  const page = pageOfSorted(ids, (id) => ctx.store.get(id), (record) => matchesFilters(record, query, now), {
    order: query.order ?? 'asc',
    limit: query.limit ?? 20,
    ...(anchor ? { anchor } : {}),
  });
  // Only the page's records are copied into answers.
  return c.json({ object: 'list', ...page, items: page.items.map((record) => viewSession(record, now, flavour)) });
}

/** AND across filters, OR within one; `status` is the computed one (a pending session past
 *  `expires_at` is `expired`). */
function matchesFilters(record: SessionRecord, query: ListQuery, now: number): boolean {
  const { session } = record;
  const checks: Array<[string[] | undefined, string | null | undefined]> = [
    [query.provider_id, session.provider_id],
    [query.provider_deployment_id, session.deployment?.id],
    [query.provider_auth_method_id, session.auth_method.id],
    [query.provider_auth_config_id, session.auth_config?.id],
    [query.provider_auth_credentials_id, session.credentials?.id],
  ];
  if (!checks.every(([wanted, actual]) => wanted === undefined || (actual != null && wanted.includes(actual)))) return false;
  return query.status === undefined || (query.status as string[]).includes(currentStatus(record, now));
}
