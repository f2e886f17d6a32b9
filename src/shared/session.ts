/**
 * Wire types of the upstream provider setup-session API (snake_case, as on the wire).
 * Shared by the browser code, the host helper and the sandbox; type-only, so importing
 * it costs no bytes in any bundle.
 */

export type IsoDate = string;
export type Metadata = Record<string, unknown>;

/** Session statuses; `completed`, `failed` and `expired` are final. */
export type SessionStatus = 'pending' | 'completed' | 'failed' | 'expired' | 'archived' | 'deleted';

export interface DeploymentPreview {
  object: 'provider.deployment#preview';
  id: string;
  name: string | null;
  description: string | null;
  metadata: Metadata;
  provider_id: string;
  created_at: IsoDate;
  updated_at: IsoDate;
}

export interface AuthMethodScope {
  object: 'provider.capabilities.auth_method.scope';
  id: string;
  scope: string;
  name: string;
  description: string;
}

export interface AuthMethod {
  object: 'provider.capabilities.auth_method';
  id: string;
  type: 'oauth' | 'token' | 'custom';
  key: string;
  name: string;
  description: string;
  capabilities: Record<string, unknown>;
  input_schema: { type: 'json_schema'; schema: Record<string, unknown> };
  output_schema: { type: 'json_schema'; schema: Record<string, unknown> };
  scopes: AuthMethodScope[];
  provider_id: string;
  provider_specification_id: string;
  created_at: IsoDate;
  updated_at: IsoDate;
}

export interface AuthCredentials {
  object: 'provider.auth_credentials';
  id: string;
  type: 'oauth';
  is_default: boolean;
  name: string;
  description: string | null;
  metadata: Metadata;
  provider_id: string;
  created_at: IsoDate;
  updated_at: IsoDate;
}

export interface AuthConfig {
  object: 'provider.auth_config';
  id: string;
  type: string;
  source: 'setup_session' | 'manual' | string;
  status: 'active' | string;
  provider_id: string;
  name: string | null;
  description: string | null;
  metadata: Metadata;
  deployment_preview: DeploymentPreview | null;
  credentials: AuthCredentials | null;
  auth_method: AuthMethod;
  created_at: IsoDate;
  updated_at: IsoDate;
}

export interface ConfigVault {
  object: 'provider.config_vault';
  id: string;
  name: string;
  description: string | null;
  metadata: Metadata;
  provider_id: string;
  deployment: DeploymentPreview | null;
  created_at: IsoDate;
  updated_at: IsoDate;
}

export interface ProviderConfig {
  object: 'provider.config';
  id: string;
  name: string;
  description: string | null;
  metadata: Metadata;
  provider_id: string;
  specification_id: string;
  deployment: DeploymentPreview | null;
  from_vault: ConfigVault | null;
  created_at: IsoDate;
  updated_at: IsoDate;
}

/** `provider.setup_session`, every field of the reference. */
export interface SetupSession {
  object: 'provider.setup_session';
  id: string;
  type: string;
  status: SessionStatus;
  /** Hosted setup page; carries a bearer secret in its query. Treat as a secret. */
  url: string;
  name: string | null;
  description: string | null;
  metadata: Metadata | null;
  provider_id: string;
  auth_method: AuthMethod;
  deployment: DeploymentPreview | null;
  credentials: AuthCredentials | null;
  auth_config: AuthConfig | null;
  config: ProviderConfig | null;
  /** Free string upstream: `popup`, `iframe`, `redirect`, `embedded`, `dashboard_embeddable`, … */
  ui_mode: string;
  redirect_url: string | null;
  created_at: IsoDate;
  updated_at: IsoDate;
  expires_at: IsoDate;
}

/** Body of `POST /provider-setup-sessions` (and of the host backend's `POST {endpoint}`). */
export interface CreateSessionBody {
  provider_id: string;
  provider_deployment_id?: string;
  name?: string;
  description?: string;
  metadata?: Metadata;
  provider_auth_method_id?: string;
  provider_auth_credentials_id?: string;
  redirect_url?: string;
}

/** Body of `PATCH /provider-setup-sessions/:id`. */
export interface UpdateSessionBody {
  name?: string;
  description?: string;
  metadata?: Metadata;
}

export interface ListResponse<T> {
  object: 'list';
  items: T[];
  pagination: { has_more_before: boolean; has_more_after: boolean };
}

/** Upstream error object. */
export interface ApiError {
  object: 'error';
  ok: false;
  status: number;
  code: string;
  message: string;
  hint?: string;
  errors?: Array<{ code: string; message: string; path: Array<string | number> }>;
}

/** A provider of the catalog, as listed by the sandbox's `GET /providers`. */
export interface Provider {
  object: 'provider';
  id: string;
  key: string;
  name: string;
  description: string;
  /** Absolute or root-relative URL of a square logo (SVG). */
  logo_url: string;
  default_deployment: DeploymentPreview;
  /** Null for a provider whose auth method needs no OAuth app (`token`, `custom`). */
  default_credentials: AuthCredentials | null;
  auth_methods: AuthMethod[];
  created_at: IsoDate;
  updated_at: IsoDate;
}
