/** `npm run sandbox`: starts the sandbox from environment variables. */
import {
  DEFAULT_MAX_OAUTH_GRANTS,
  DEFAULT_MAX_SESSIONS,
  DEFAULT_PORT,
  DEFAULT_RATE_LIMIT,
  DEFAULT_RATE_WINDOW_SECONDS,
  DEFAULT_RETENTION_MS,
  startSandbox,
} from './index.js';

function envNumber(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name} must be a whole number of at least ${min} (got "${raw}")`);
    process.exit(1);
  }
  return value;
}

const sandbox = await startSandbox({
  port: envNumber('SANDBOX_PORT', DEFAULT_PORT),
  apiKey: process.env.SANDBOX_API_KEY || undefined,
  sessionTtlSeconds: envNumber('SANDBOX_SESSION_TTL_SECONDS', 1800),
  uiMode: process.env.SANDBOX_UI_MODE || undefined,
  providerCoop: process.env.SANDBOX_PROVIDER_COOP === '1',
  maxSessions: envNumber('SANDBOX_MAX_SESSIONS', DEFAULT_MAX_SESSIONS),
  retentionSeconds: envNumber('SANDBOX_RETENTION_SECONDS', DEFAULT_RETENTION_MS / 1000),
  maxOAuthGrants: envNumber('SANDBOX_MAX_OAUTH_GRANTS', DEFAULT_MAX_OAUTH_GRANTS),
  rateLimit: envNumber('SANDBOX_RATE_LIMIT', DEFAULT_RATE_LIMIT, 1),
  rateWindowSeconds: envNumber('SANDBOX_RATE_WINDOW_SECONDS', DEFAULT_RATE_WINDOW_SECONDS, 1),
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().finally(() => process.exit(0));
  });
}
