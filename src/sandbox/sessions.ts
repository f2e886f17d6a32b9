/** Setup-session domain logic shared by the API routes and the hosted pages. */
import type { AuthConfig, SessionStatus, SetupSession } from '../shared/session.js';
import { CATALOG, type CatalogEntry } from './catalog.js';
import type { SandboxContext } from './context.js';
import { randomBase62 } from './ids.js';
import type { PendingAuthorization, SessionRecord } from './store.js';
import type { CreateSessionInput } from './api/schemas.js';
import type { ApiFlavour } from './api/version.js';

export const CLIENT_SECRET_PREFIX = 'pas_secret_';

/** Stored status, except that a pending session past `expires_at` reads as `expired`. */
export function currentStatus(record: SessionRecord, now: number): SessionStatus {
  const { status, expires_at } = record.session;
  return status === 'pending' && now >= Date.parse(expires_at) ? 'expired' : status;
}

/** The session as the API returns it, with the computed status and the enum values of the
 *  client's `Metorial-Version` (see api/version.ts); records keep the reference's. A shallow
 *  copy that shares nested objects with the store: it is only serialized, never changed (a
 *  deep copy per answer was most of the garbage under load). */
export function viewSession(record: SessionRecord, now: number, flavour: ApiFlavour = 'reference'): Readonly<SetupSession> {
  const session = { ...record.session, status: currentStatus(record, now) };
  if (flavour === 'versioned') {
    session.type = 'auth_only';
    if (session.auth_config) session.auth_config = { ...session.auth_config, type: 'oauth_automated' };
  }
  return session;
}

/** A deleted session's status as the client's version names it. */
export function deletedStatus(flavour: ApiFlavour): SessionStatus {
  return flavour === 'versioned' ? 'deleted' : 'archived';
}

export type UnknownReference = { field: keyof CreateSessionInput; message: string };

/** Resolves the ids of a create body against the catalog. */
export function resolveReferences(input: CreateSessionInput) {
  const entry: CatalogEntry | undefined = CATALOG.find((e) => e.provider.id === input.provider_id);
  if (!entry) return { error: { field: 'provider_id', message: `Provider not found: ${input.provider_id}` } as UnknownReference };

  const pick = <T extends { id: string }>(items: readonly T[], id: string | undefined) =>
    id === undefined ? items[0] : items.find((item) => item.id === id);

  const deployment = pick(entry.deployments, input.provider_deployment_id);
  if (!deployment) {
    return { error: { field: 'provider_deployment_id', message: `Deployment not found for this provider: ${input.provider_deployment_id}` } as UnknownReference };
  }
  const authMethod = pick(entry.provider.auth_methods, input.provider_auth_method_id);
  if (!authMethod) {
    return { error: { field: 'provider_auth_method_id', message: `Auth method not found for this provider: ${input.provider_auth_method_id}` } as UnknownReference };
  }
  const credentials = pick(entry.credentials, input.provider_auth_credentials_id);
  if (!credentials) {
    return { error: { field: 'provider_auth_credentials_id', message: `Auth credentials not found for this provider: ${input.provider_auth_credentials_id}` } as UnknownReference };
  }
  return { entry, deployment, authMethod, credentials };
}

export function createSessionRecord(
  ctx: SandboxContext,
  input: CreateSessionInput,
  refs: Exclude<ReturnType<typeof resolveReferences>, { error: UnknownReference }>,
): SessionRecord {
  const now = ctx.now();
  const id = ctx.nextId('pas');
  const clientSecret = CLIENT_SECRET_PREFIX + randomBase62(32);
  const createdAt = new Date(now).toISOString();
  const session: SetupSession = {
    object: 'provider.setup_session',
    id,
    type: 'oauth',
    status: 'pending',
    url: `${ctx.publicUrl()}/setup/${id}?client_secret=${clientSecret}`,
    name: input.name ?? null,
    description: input.description ?? null,
    // Cloned here, before anything is stored: a value that cannot be cloned fails the request
    // without leaving a half-made record behind (the schema bounds depth and size anyway).
    metadata: input.metadata ? structuredClone(input.metadata) : null,
    provider_id: refs.entry.provider.id,
    // The catalog's objects are shared, not copied: nothing changes them, every answer is a
    // copy (viewSession), and a stored session then costs about a kilobyte, not several.
    auth_method: refs.authMethod,
    deployment: refs.deployment,
    credentials: refs.credentials,
    auth_config: null,
    config: { ...refs.entry.config, deployment: refs.deployment },
    ui_mode: ctx.uiMode,
    redirect_url: input.redirect_url ?? null,
    created_at: createdAt,
    updated_at: createdAt,
    expires_at: new Date(now + ctx.sessionTtlMs).toISOString(),
  };
  const record: SessionRecord = {
    session,
    clientSecret,
    authorization: null,
    answeredAuthorization: null,
    accessToken: null,
    failureReason: null,
  };
  ctx.store.insert(record);
  return record;
}

/** Only a pending session changes; completed, failed and expired are final. */
function isPending(ctx: SandboxContext, record: SessionRecord): boolean {
  return currentStatus(record, ctx.now()) === 'pending';
}

/**
 * Takes the session's authorization for the callback that carries `state`, in one store
 * update (no await between check and change), so that of two concurrent loads of the same
 * callback only one goes on to exchange the code. Undefined if it was not there to take.
 */
export function takeAuthorization(ctx: SandboxContext, id: string, state: string): PendingAuthorization | undefined {
  let taken: PendingAuthorization | undefined;
  ctx.store.update(id, (record) => {
    const authorization = record.authorization;
    if (!isPending(ctx, record) || !authorization || authorization.state !== state) return record;
    taken = authorization;
    return { ...record, authorization: null, answeredAuthorization: authorization };
  });
  return taken;
}

/** True while the callback with `state` is the one that took the session's authorization. */
function answeredWith(record: SessionRecord, state: string): boolean {
  return record.answeredAuthorization?.state === state;
}

/** Completes a pending session whose authorization the callback with `state` took: keeps
 *  the token and creates its auth config. Anything else is left as it is. */
export function completeSession(ctx: SandboxContext, id: string, state: string, accessToken: string): SessionRecord | undefined {
  return ctx.store.update(id, (record) => {
    if (!isPending(ctx, record) || !answeredWith(record, state)) return record;
    const now = new Date(ctx.now()).toISOString();
    const { session } = record;
    const authConfig: AuthConfig & { is_default: boolean } = {
      object: 'provider.auth_config',
      id: ctx.nextId('pac'),
      type: 'oauth',
      source: 'setup_session',
      status: 'active',
      // A user's connection, not the deployment's default auth config.
      is_default: false,
      provider_id: session.provider_id,
      name: session.name,
      description: session.description,
      metadata: structuredClone(session.metadata ?? {}),
      // Shared with the catalog, like the session's own (see createSessionRecord).
      deployment_preview: session.deployment,
      credentials: session.credentials,
      auth_method: session.auth_method,
      created_at: now,
      updated_at: now,
    };
    return {
      ...record,
      session: { ...session, status: 'completed', auth_config: authConfig, updated_at: now },
      authorization: null,
      accessToken,
    };
  });
}

/**
 * Fails a pending session. With `answeredState`, only if the callback with that state is
 * the one that took the authorization (so a stale callback cannot fail a newer outcome).
 */
export function failSession(ctx: SandboxContext, id: string, reason: string, answeredState?: string): SessionRecord | undefined {
  return ctx.store.update(id, (record) => {
    if (!isPending(ctx, record)) return record;
    if (answeredState !== undefined && !answeredWith(record, answeredState)) return record;
    return {
      ...record,
      session: { ...record.session, status: 'failed', updated_at: new Date(ctx.now()).toISOString() },
      authorization: null,
      failureReason: reason,
    };
  });
}

export function providerOf(record: SessionRecord): CatalogEntry {
  const entry = CATALOG.find((e) => e.provider.id === record.session.provider_id);
  if (!entry) throw new Error('session refers to a provider outside the catalog');
  return entry;
}
