/** Setup-session domain logic shared by the API routes and the hosted pages. */
import type { AuthConfig, ProviderConfig, SessionStatus, SetupSession } from '../shared/session.js';
import { hasFields } from './pages/forms.js';
import { CATALOG, type CatalogEntry } from './catalog.js';
import type { SandboxContext } from './context.js';
import { randomBase62 } from './ids.js';
import type { PendingAuthorization, SessionRecord } from './store.js';
import type { CreateSessionInput } from './api/schemas.js';
import type { ApiFlavour } from './api/version.js';

export const CLIENT_SECRET_PREFIX = 'pas_secret_';
/** `name` of a session created without one, as upstream. */
export const DEFAULT_SESSION_NAME = 'Setup Session';

/** How long the OAuth step stays open from when the user reached it (pressed Continue),
 *  as upstream: a consent begun before `expires_at` can still complete the session after it. */
export const OAUTH_STEP_MS = 30 * 60_000;

/** Stored status, except that a pending session past `expires_at` reads as `expired`.
 *  Nothing ever stores `expired` (upstream computes it on read too). */
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
  if (flavour === 'reference') {
    // The reference's example names an OAuth session's type `oauth`: the default version
    // shows an auth-only session's type as its auth method's, and an OAuth auth config as `oauth`.
    if (session.type === 'auth_only') session.type = session.auth_method.type;
    if (session.auth_config?.type === 'oauth_automated') session.auth_config = { ...session.auth_config, type: 'oauth' };
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
  // A provider without OAuth apps (token, custom) has no credentials: null, unless some are asked for.
  const credentials =
    entry.credentials.length === 0 && input.provider_auth_credentials_id === undefined ? null : pick(entry.credentials, input.provider_auth_credentials_id);
  if (credentials === undefined) {
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
    type: refs.entry.sessionType,
    status: 'pending',
    url: `${ctx.publicUrl()}/setup/${id}?client_secret=${clientSecret}`,
    // Upstream's default; a name given blank was already made null (schemas.ts).
    name: input.name === undefined ? DEFAULT_SESSION_NAME : input.name,
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
    // Created by the config step of an auth_and_config session; an auth_only session has none.
    config: null,
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
    authInput: null,
    configValues: null,
    failureReason: null,
  };
  ctx.store.insert(record);
  return record;
}

/** Completed is final. A failed session is not: running its OAuth step again can still
 *  complete it (upstream). A pending one past `expires_at` reads expired but its OAuth step,
 *  once begun, stays open for OAUTH_STEP_MS (see isOAuthStepOpen). */
function isOpen(record: SessionRecord): boolean {
  return record.session.status === 'pending' || record.session.status === 'failed';
}

/** True while the OAuth attempt begun at `authorization.startedAt` may still finish. */
export function isOAuthStepOpen(authorization: PendingAuthorization, now: number): boolean {
  return now < authorization.startedAt + OAUTH_STEP_MS;
}

/** The hosted page's next step for a pending session, in upstream's order: the config form
 *  (types with a config), the auth form (when the auth method's `input_schema` has fields),
 *  then, for OAuth, the sign-in. `done` when nothing is left (a form completed it). */
export type SetupStep = 'config' | 'auth_form' | 'oauth' | 'done';

export function nextStep(record: SessionRecord): SetupStep {
  const { session } = record;
  if (session.type === 'auth_and_config' && !session.config) return 'config';
  if (hasFields(session.auth_method.input_schema.schema) && !record.authInput) return 'auth_form';
  if (session.auth_method.type === 'oauth' && !session.auth_config) return 'oauth';
  return 'done';
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
    if (!isOpen(record) || !authorization || authorization.state !== state || !isOAuthStepOpen(authorization, ctx.now())) return record;
    taken = authorization;
    return { ...record, authorization: null, answeredAuthorization: authorization };
  });
  return taken;
}

/** True while the callback with `state` is the one that took the session's authorization. */
function answeredWith(record: SessionRecord, state: string): boolean {
  return record.answeredAuthorization?.state === state;
}

/** A new auth config for the session (OAuth: `oauth_automated`; a token or custom form: `manual`). */
function newAuthConfig(ctx: SandboxContext, session: SetupSession, type: 'oauth_automated' | 'manual', now: string): AuthConfig {
  const authConfig: AuthConfig & { is_default: boolean } = {
    object: 'provider.auth_config',
    id: ctx.nextId('pac'),
    type,
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
  return authConfig;
}

/** Completes a pending (or failed, retried) session whose authorization the callback with
 *  `state` took: keeps the token and creates its auth config. Anything else is left as it is. */
export function completeSession(ctx: SandboxContext, id: string, state: string, accessToken: string): SessionRecord | undefined {
  return ctx.store.update(id, (record) => {
    if (!isOpen(record) || !answeredWith(record, state)) return record;
    const now = new Date(ctx.now()).toISOString();
    const { session } = record;
    return {
      ...record,
      session: { ...session, status: 'completed', auth_config: newAuthConfig(ctx, session, 'oauth_automated', now), updated_at: now },
      authorization: null,
      accessToken,
      failureReason: null,
    };
  });
}

/** Whether a form step may be submitted now: a pending session before its `expires_at`. */
function acceptsForm(ctx: SandboxContext, record: SessionRecord, step: SetupStep): boolean {
  return currentStatus(record, ctx.now()) === 'pending' && nextStep(record) === step;
}

/** The config step: creates the session's config (its values stay server-side). */
export function submitConfig(ctx: SandboxContext, id: string, values: Record<string, unknown>, entry: CatalogEntry): SessionRecord | undefined {
  return ctx.store.update(id, (record) => {
    if (!acceptsForm(ctx, record, 'config')) return record;
    const now = new Date(ctx.now()).toISOString();
    const { session } = record;
    const config: ProviderConfig = {
      ...entry.config,
      id: ctx.nextId('pcf'),
      name: session.name ?? entry.config.name,
      description: session.description,
      metadata: {},
      deployment: session.deployment,
      created_at: now,
      updated_at: now,
    };
    return { ...record, configValues: values, session: { ...session, config, updated_at: now } };
  });
}

/** The auth form: kept for the OAuth step that follows, or, for a token or custom method,
 *  the credentials themselves: the session gets its auth config and completes. */
export function submitAuthInput(ctx: SandboxContext, id: string, values: Record<string, unknown>): SessionRecord | undefined {
  return ctx.store.update(id, (record) => {
    if (!acceptsForm(ctx, record, 'auth_form')) return record;
    const { session } = record;
    if (session.auth_method.type === 'oauth') return { ...record, authInput: values };
    const now = new Date(ctx.now()).toISOString();
    return {
      ...record,
      authInput: values,
      session: { ...session, status: 'completed', auth_config: newAuthConfig(ctx, session, 'manual', now), updated_at: now },
    };
  });
}

/**
 * Fails a pending session (a failed one stays failed, with the newer reason). With `answeredState`, only if the callback with that state is
 * the one that took the authorization (so a stale callback cannot fail a newer outcome).
 */
export function failSession(ctx: SandboxContext, id: string, reason: string, answeredState?: string): SessionRecord | undefined {
  return ctx.store.update(id, (record) => {
    if (!isOpen(record)) return record;
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
