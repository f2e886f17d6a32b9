/**
 * The sandbox's fixed catalog of demo providers. Ids are hard-coded (valid upstream format)
 * so they are stable across restarts and can be used in tests, demos and docs.
 */
import type {
  AuthCredentials,
  AuthMethod,
  DeploymentPreview,
  Provider,
  ProviderConfig,
} from '../shared/session.js';

/** Everything the sandbox knows about one provider. `provider` is what `GET /providers` lists. */
export interface CatalogEntry {
  provider: Provider;
  /** First one is the default. */
  deployments: SandboxDeployment[];
  /** First one is the default. */
  credentials: AuthCredentials[];
  /** The template of the config an `auth_and_config` session creates at its config step. */
  config: SandboxConfig;
  /** `auth_and_config` when the provider needs a config (its hosted page asks for it first). */
  sessionType: SessionType;
  /** JSON Schema of the config step's form (for `auth_and_config`). */
  configSchema: Record<string, unknown> | null;
  /** The logo served at `provider.logo_url`. */
  logoSvg: string;
}

/** The official SDK's types (and the newer API) carry `is_default` on deployments and configs;
 *  the reference's example omits it there. Extra fields are harmless to older clients. */
export type SandboxDeployment = DeploymentPreview & { is_default: boolean };
export type SandboxConfig = ProviderConfig & { is_default: boolean; deployment: SandboxDeployment | null };
export type SessionType = 'auth_only' | 'auth_and_config';

const CREATED_AT = '2025-09-15T10:30:00.000Z';
const UPDATED_AT = '2026-01-10T14:45:00.000Z';

interface ProviderSeed {
  key: string;
  name: string;
  description: string;
  ids: {
    provider: string;
    production: string;
    staging: string;
    authMethod: string;
    /** OAuth providers only: the default and a custom OAuth app. */
    defaultCredentials?: string;
    customCredentials?: string;
    config: string;
    specification: string;
  };
  scopes: Array<{ id: string; scope: string; name: string; description: string }>;
  logoSvg: string;
  /** Default: OAuth 2.0 with nothing asked before consent. */
  authMethod?: { type: AuthMethod['type']; key: string; name: string; description: string; inputSchema: Record<string, unknown> };
  /** Makes the provider's sessions `auth_and_config`, with this config form first. */
  configSchema?: Record<string, unknown>;
}

function svg(body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64" role="img">${body}</svg>`;
}

const SEEDS: ProviderSeed[] = [
  {
    key: 'github',
    name: 'GitHub',
    description: 'Repositories, issues and pull requests.',
    ids: {
      provider: 'pro_0mfkzfzfsjRaTvm3fsHseX',
      production: 'pde_0mfkzg07kiX3m2lO6e7yaf',
      staging: 'pde_0mfkzg0zcLHdvj2AALb7ff',
      authMethod: 'pam_0mfkzg1r4jKCZIwELjtTyr',
      defaultCredentials: 'par_0mfkzg2iwHkxgjfwRTs3Q6',
      customCredentials: 'par_0mfkzg3aoOp7dmMh7UggpF',
      config: 'pcf_0mfkzg42gtKnN0kq6Eojs3',
      specification: 'psp_0mfkzg4u8bC5q4Td2w6bQb',
    },
    scopes: [
      { id: 'pams_0mfl0ikbsSyTbkCuHNdvp1', scope: 'repo', name: 'Repository access', description: 'Full control of private repositories' },
      { id: 'pams_0mfl0il3k2L26leznYtPAy', scope: 'read:user', name: 'Profile', description: 'Read your profile data' },
      { id: 'pams_0mfl0ilvcWdX6tdyvhw365', scope: 'user:email', name: 'Email addresses', description: 'Read your email addresses' },
      { id: 'pams_0mfl0imn4wQHJok0Xk67wQ', scope: 'read:org', name: 'Organizations', description: 'Read organization and team membership' },
    ],
    // A branch mark: three commits joined by two lines.
    logoSvg: svg(
      '<title>GitHub</title><rect width="64" height="64" rx="14" fill="#24292f"/>' +
        '<g fill="none" stroke="#fff" stroke-width="4" stroke-linecap="round">' +
        '<path d="M23 20v24"/><path d="M41 26c0 9-18 8-18 16"/></g>' +
        '<g fill="#24292f" stroke="#fff" stroke-width="4"><circle cx="23" cy="18" r="5"/><circle cx="23" cy="46" r="5"/><circle cx="41" cy="22" r="5"/></g>',
    ),
  },
  {
    key: 'slack',
    name: 'Slack',
    description: 'Channels, messages and people in your workspace.',
    ids: {
      provider: 'pro_0mfkzg5m0Lj4JXUDbSwGfs',
      production: 'pde_0mfkzg6dso7GG51ghuC88T',
      staging: 'pde_0mfkzg75kAIXJ1X5IQzJcq',
      authMethod: 'pam_0mfkzg7xcKWBG0pcq9maiz',
      defaultCredentials: 'par_0mfkzg8p47SB6hk25JsR9q',
      customCredentials: 'par_0mfkzg9gwvEG7wiB6EMpSh',
      config: 'pcf_0mfkzga8oNdZVeUz4av7Ki',
      specification: 'psp_0mfkzgb0gq0d4aZu7FCh1Y',
    },
    scopes: [
      { id: 'pams_0mfl0inewCFQaLjGlQw449', scope: 'channels:read', name: 'View channels', description: 'View basic information about public channels' },
      { id: 'pams_0mfl0io6or4I0PlVzBvlPL', scope: 'chat:write', name: 'Send messages', description: 'Post messages in approved channels and conversations' },
      { id: 'pams_0mfl0ioygt17b23mVBVAYx', scope: 'users:read', name: 'View people', description: 'View people in your workspace' },
    ],
    // Four rounded bars forming a hash.
    logoSvg: svg(
      '<title>Slack</title><rect width="64" height="64" rx="14" fill="#fff"/>' +
        '<g stroke-width="7" stroke-linecap="round">' +
        '<path d="M25 14v36" stroke="#36c5f0"/><path d="M39 14v36" stroke="#2eb67d"/>' +
        '<path d="M14 25h36" stroke="#ecb22e" opacity=".92"/><path d="M14 39h36" stroke="#e01e5a" opacity=".92"/></g>',
    ),
  },
  {
    key: 'google-drive',
    name: 'Google Drive',
    description: 'Files and folders in your Drive.',
    ids: {
      provider: 'pro_0mfkzgbs81kBn8oJKDmYHa',
      production: 'pde_0mfkzgck0pQO2ad5HKEEj0',
      staging: 'pde_0mfkzgdbsD2vEwdDbMWXJy',
      authMethod: 'pam_0mfkzge3k97rF9YL7jKjwz',
      defaultCredentials: 'par_0mfkzgevcIewZQA6PPoQ5O',
      customCredentials: 'par_0mfkzgfn4EHbD2g3dOipTT',
      config: 'pcf_0mfkzggewFnPKUHta9sSjI',
      specification: 'psp_0mfkzgh6o4N0RhoHrB4kU3',
    },
    scopes: [
      { id: 'pams_0mfl0ipq8e4iducjrkzNj1', scope: 'https://www.googleapis.com/auth/drive.file', name: 'App files', description: 'See, edit and create the Drive files you use with this app' },
      { id: 'pams_0mfl0iqi0RklYCWc0WUMZT', scope: 'https://www.googleapis.com/auth/drive.readonly', name: 'View files', description: 'See and download all your Drive files' },
      { id: 'pams_0mfl0ir9s0R0iplRS36mLQ', scope: 'https://www.googleapis.com/auth/userinfo.email', name: 'Email address', description: 'See your primary email address' },
    ],
    // A triangle of three coloured pieces.
    logoSvg: svg(
      '<title>Google Drive</title><rect width="64" height="64" rx="14" fill="#fff"/>' +
        '<path d="M25 12h14l16 28h-14z" fill="#ffc107"/><path d="M25 12l7 12-16 28-7-12z" fill="#0f9d58"/>' +
        '<path d="M16 52l7-12h32l-7 12z" fill="#4285f4"/>',
    ),
  },
  {
    key: 'notion',
    name: 'Notion',
    description: 'Pages and databases in your workspace.',
    ids: {
      provider: 'pro_0mfkzghygLbKiAZ8wt0gP3',
      production: 'pde_0mfkzgiq8dTKdL32np9s6z',
      staging: 'pde_0mfkzgji0pvoSmLC05XG5a',
      authMethod: 'pam_0mfkzgk9sRGMfKMkxmM4Md',
      defaultCredentials: 'par_0mfkzgl1ks6SJ0r1fM31PK',
      customCredentials: 'par_0mfkzgltcgYvK7milwVDCE',
      config: 'pcf_0mfkzgml46ROS02V9PMShN',
      specification: 'psp_0mfkzgncwItZNi4fMyaZ5s',
    },
    scopes: [
      { id: 'pams_0mfl0is1kMAlqOkAm9mQIn', scope: 'read_content', name: 'Read content', description: 'Read pages and databases you share' },
      { id: 'pams_0mfl0istcWp8UB2iYjkcxB', scope: 'update_content', name: 'Update content', description: 'Edit pages and databases you share' },
      { id: 'pams_0mfl0itl4asItea7JiFr3h', scope: 'insert_content', name: 'Insert content', description: 'Create new pages and database entries' },
    ],
    // A serif N on a paper-white tile.
    logoSvg: svg(
      '<title>Notion</title><rect x="2" y="2" width="60" height="60" rx="13" fill="#fff" stroke="#191919" stroke-width="4"/>' +
        '<path d="M20 46V18h5l14 20V18h5v28h-5L25 26v20z" fill="#191919"/>',
    ),
  },
  {
    key: 'linear',
    name: 'Linear',
    description: 'Issues, projects and cycles.',
    ids: {
      provider: 'pro_0mfkzgo4oVssyq5qjWSWz3',
      production: 'pde_0mfkzgowgzjeik6idc3IZy',
      staging: 'pde_0mfkzgpo80lB0UU8cRvV7P',
      authMethod: 'pam_0mfkzgqg0uYjbIhGfL6LT6',
      defaultCredentials: 'par_0mfkzgr7sRkPfO5LA3zgOa',
      customCredentials: 'par_0mfkzgrzkaJbW0woqyadXo',
      config: 'pcf_0mfkzgsrc5MqzpbsboxNui',
      specification: 'psp_0mfkzgtj4WmCj4wmvktnEC',
    },
    scopes: [
      { id: 'pams_0mfl0iucwBpN6i9cToTSLK', scope: 'read', name: 'Read', description: 'Read issues, projects and teams' },
      { id: 'pams_0mfl0iv4okOkebI3h2mj8g', scope: 'write', name: 'Write', description: 'Create and update issues and comments' },
      { id: 'pams_0mfl0ivwgU9Q5IjVFOB9x4', scope: 'issues:create', name: 'Create issues', description: 'Create new issues and attachments' },
    ],
    // A disc crossed by diagonal lines.
    logoSvg: svg(
      '<title>Linear</title><rect width="64" height="64" rx="14" fill="#5e6ad2"/>' +
        '<circle cx="32" cy="32" r="18" fill="#fff"/>' +
        '<g stroke="#5e6ad2" stroke-width="3"><path d="M14 30l20 20"/><path d="M15 22l27 27"/><path d="M19 16l29 29"/></g>',
    ),
  },
  // A token method: an API key (a secret) and a plain field, no OAuth at all.
  {
    key: 'sentry',
    name: 'Sentry',
    description: 'Issues, events and releases from your organization.',
    ids: {
      provider: 'pro_0mfkzgv1sXQpJzNIBnjjYg',
      production: 'pde_0mfkzgvtkH7w1FOqlQGtWp',
      staging: 'pde_0mfkzgwlcKeshykP8Z38qo',
      authMethod: 'pam_0mfkzgxd4uC9ujYZpzhDLY',
      config: 'pcf_0mfkzgy4w7uje4JQ5WysUe',
      specification: 'psp_0mfkzgywoc9hpQqWwL1RNa',
    },
    scopes: [],
    authMethod: {
      type: 'token',
      key: 'api_key',
      name: 'Auth token',
      description: 'Connect with an auth token from your Sentry organization settings',
      inputSchema: {
        type: 'object',
        required: ['auth_token', 'organization'],
        properties: {
          auth_token: {
            type: 'string',
            title: 'Auth token',
            description: 'Create one under Settings → Auth Tokens. It is stored encrypted and never shown again.',
            format: 'password',
            minLength: 8,
            maxLength: 200,
          },
          organization: {
            type: 'string',
            title: 'Organization slug',
            description: 'The part after sentry.io/organizations/ in your Sentry URL.',
            pattern: '^[a-z0-9][a-z0-9-]*$',
            patternDescription: 'use lower-case letters, digits and dashes.',
            maxLength: 64,
          },
        },
      },
    },
    // A ring with a notch, on purple.
    logoSvg: svg(
      '<title>Sentry</title><rect width="64" height="64" rx="14" fill="#362d59"/>' +
        '<path d="M32 14 50 46H40A10 10 0 0 0 30 34" fill="none" stroke="#fff" stroke-width="5" stroke-linejoin="round" stroke-linecap="round"/>' +
        '<path d="M32 14 14 46h10" fill="none" stroke="#fff" stroke-width="5" stroke-linejoin="round" stroke-linecap="round"/>',
    ),
  },
  // OAuth that asks for a field (the account's subdomain) before consent.
  {
    key: 'zendesk',
    name: 'Zendesk',
    description: 'Tickets, users and help-center articles.',
    ids: {
      provider: 'pro_0mfkzgzog3vmlM3zUNbn0t',
      production: 'pde_0mfkzh0g8PF7ZDzFXzN3H4',
      staging: 'pde_0mfkzh180oHClcrZYZv8Gg',
      authMethod: 'pam_0mfkzh1zsJwMKAL6waboHL',
      defaultCredentials: 'par_0mfkzhc10Q7dLx2kWm9TbR',
      customCredentials: 'par_0mfkzhcsuV3nHq8ZpY4eXa',
      config: 'pcf_0mfkzh2rk03mM1TlHUe3kC',
      specification: 'psp_0mfkzh3jcJG4ljwV1daXh8',
    },
    scopes: [
      { id: 'pams_0mfkzh8xsNc1zlaaXR3vrL', scope: 'read', name: 'Read', description: 'Read tickets, users and organizations' },
      { id: 'pams_0mfkzh9pkzbAxzZEdKNBmD', scope: 'write', name: 'Write', description: 'Create and update tickets' },
    ],
    authMethod: {
      type: 'oauth',
      key: 'oauth2',
      name: 'OAuth 2.0',
      description: 'Authenticate with your Zendesk account using OAuth 2.0',
      inputSchema: {
        type: 'object',
        required: ['subdomain'],
        properties: {
          subdomain: {
            type: 'string',
            title: 'Zendesk subdomain',
            description: 'The "acme" in acme.zendesk.com.',
            pattern: '^[a-z0-9][a-z0-9-]{0,62}$',
            patternDescription: 'use lower-case letters, digits and dashes, without ".zendesk.com".',
            maxLength: 63,
          },
        },
      },
    },
    // A speech bubble split in two.
    logoSvg: svg(
      '<title>Zendesk</title><rect width="64" height="64" rx="14" fill="#03363d"/>' +
        '<path d="M14 22h18L14 44z" fill="#fff"/><circle cx="41" cy="23" r="9" fill="#fff"/><path d="M32 44a9 9 0 0 1 18 0z" fill="#fff"/>',
    ),
  },
  // A custom method (several fields, a secret among them) and a config step first:
  // its sessions are `auth_and_config`.
  {
    key: 'postgres',
    name: 'PostgreSQL',
    description: 'Query a PostgreSQL database.',
    ids: {
      provider: 'pro_0mfkzh4b4PVkyzbqPBCGz9',
      production: 'pde_0mfkzh52wh7wD3rYJpuwKp',
      staging: 'pde_0mfkzh5uoK3AxQ5inJrGgP',
      authMethod: 'pam_0mfkzh6mgU4Y5YeFEYzGaA',
      config: 'pcf_0mfkzh7e8pI3kuVbPqVEZQ',
      specification: 'psp_0mfkzh860XeS4zTmDEUKqC',
    },
    scopes: [],
    authMethod: {
      type: 'custom',
      key: 'connection',
      name: 'Database connection',
      description: 'Connect with a database user and password',
      inputSchema: {
        type: 'object',
        required: ['host', 'port', 'username', 'password'],
        properties: {
          host: { type: 'string', title: 'Host', description: 'e.g. db.example.com', maxLength: 253 },
          port: { type: 'integer', title: 'Port', minimum: 1, maximum: 65535, default: 5432 },
          username: { type: 'string', title: 'User name', maxLength: 63 },
          password: { type: 'string', title: 'Password', format: 'password', maxLength: 200 },
          ssl: { type: 'boolean', title: 'Require SSL', default: true },
        },
      },
    },
    configSchema: {
      type: 'object',
      required: ['database', 'region'],
      properties: {
        database: { type: 'string', title: 'Database', description: 'The database to query.', maxLength: 63 },
        region: { type: 'string', title: 'Region', enum: ['us-east-1', 'eu-west-1', 'ap-southeast-2'] },
        read_only: { type: 'boolean', title: 'Read-only', description: 'Refuse statements that change data.', default: true },
        row_limit: { type: 'integer', title: 'Row limit', description: 'Most rows a query returns.', minimum: 1, maximum: 10000 },
        contact_email: { type: 'string', title: 'Contact email', format: 'email' },
        docs_url: { type: 'string', title: 'Schema documentation', format: 'uri' },
        notes: { type: 'string', title: 'Notes', description: 'Anything the assistant should know about this database.', maxLength: 2000 },
      },
    },
    // An elephant's head, simplified to a disc and a trunk.
    logoSvg: svg(
      '<title>PostgreSQL</title><rect width="64" height="64" rx="14" fill="#336791"/>' +
        '<circle cx="30" cy="28" r="14" fill="#fff"/><path d="M38 34c4 6 4 12 0 18" fill="none" stroke="#fff" stroke-width="5" stroke-linecap="round"/>' +
        '<circle cx="26" cy="26" r="2.5" fill="#336791"/>',
    ),
  },
];

function deployment(providerId: string, id: string, name: string, description: string, isDefault: boolean): SandboxDeployment {
  return {
    object: 'provider.deployment#preview',
    id,
    is_default: isDefault,
    name,
    description,
    metadata: {},
    provider_id: providerId,
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  };
}

function credentials(
  providerId: string,
  id: string,
  isDefault: boolean,
  name: string,
  description: string,
  appName: string,
): AuthCredentials {
  return {
    object: 'provider.auth_credentials',
    id,
    type: 'oauth',
    is_default: isDefault,
    name,
    description,
    metadata: { app_name: appName },
    provider_id: providerId,
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  };
}

function buildEntry(seed: ProviderSeed): CatalogEntry {
  const { ids } = seed;
  const method = seed.authMethod ?? {
    type: 'oauth',
    key: 'oauth2',
    name: 'OAuth 2.0',
    description: `Authenticate with your ${seed.name} account using OAuth 2.0`,
    inputSchema: {},
  };
  const authMethod: AuthMethod = {
    object: 'provider.capabilities.auth_method',
    id: ids.authMethod,
    type: method.type,
    key: method.key,
    name: method.name,
    description: method.description,
    capabilities: {},
    input_schema: { type: 'json_schema', schema: method.inputSchema },
    output_schema: { type: 'json_schema', schema: {} },
    scopes: seed.scopes.map((scope) => ({ object: 'provider.capabilities.auth_method.scope', ...scope })),
    provider_id: ids.provider,
    provider_specification_id: ids.specification,
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  };
  const deployments = [
    deployment(ids.provider, ids.production, 'Production', 'Production deployment', true),
    deployment(ids.provider, ids.staging, 'Staging', 'Staging deployment', false),
  ];
  // OAuth apps: only OAuth providers have them (a token or custom method needs none).
  const creds =
    ids.defaultCredentials && ids.customCredentials
      ? [
          credentials(ids.provider, ids.defaultCredentials, true, `${seed.name} OAuth`, `Default OAuth app for ${seed.name}`, 'Metorial Connect Demo'),
          credentials(ids.provider, ids.customCredentials, false, `${seed.name} custom OAuth app`, `Your own OAuth app for ${seed.name}`, 'Acme Custom App'),
        ]
      : [];
  const config: SandboxConfig = {
    object: 'provider.config',
    id: ids.config,
    is_default: true,
    name: 'Production Config',
    description: `Configuration for ${seed.name} in production`,
    metadata: {},
    provider_id: ids.provider,
    specification_id: ids.specification,
    deployment: deployments[0]!,
    from_vault: null,
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  };
  const provider: Provider = {
    object: 'provider',
    id: ids.provider,
    key: seed.key,
    name: seed.name,
    description: seed.description,
    logo_url: `/providers/${seed.key}/logo.svg`,
    default_deployment: deployments[0]!,
    default_credentials: creds[0] ?? null,
    auth_methods: [authMethod],
    created_at: CREATED_AT,
    updated_at: UPDATED_AT,
  };
  return {
    provider,
    deployments,
    credentials: creds,
    config,
    sessionType: seed.configSchema ? 'auth_and_config' : 'auth_only',
    configSchema: seed.configSchema ?? null,
    logoSvg: seed.logoSvg,
  };
}

/** The full catalog: providers with all their deployments, credentials and configs. */
export const CATALOG: readonly CatalogEntry[] = SEEDS.map(buildEntry);

/** The providers as `GET /providers` lists them, but with a root-relative `logo_url`
 *  (the API answers with absolute URLs on the sandbox's origin). */
export const PROVIDERS: readonly Provider[] = CATALOG.map((entry) => entry.provider);

export function findCatalogEntry(providerIdOrKey: string): CatalogEntry | undefined {
  return CATALOG.find((e) => e.provider.id === providerIdOrKey || e.provider.key === providerIdOrKey);
}

/** Which provider owns a set of credentials (the demo OAuth provider registers one client each). */
export function findCredentials(credentialsId: string): { entry: CatalogEntry; credentials: AuthCredentials } | undefined {
  for (const entry of CATALOG) {
    const found = entry.credentials.find((c) => c.id === credentialsId);
    if (found) return { entry, credentials: found };
  }
  return undefined;
}
