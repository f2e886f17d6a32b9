/**
 * `npm start`: the sales demo, offline, in one command.
 *   PORT              demo app port (default 5173)
 *   SANDBOX_PORT      local sandbox port (default 5174)
 *   METORIAL_API_KEY  when set, the demo talks to the real upstream and starts no sandbox
 *   METORIAL_API_URL  upstream base URL in live mode (default https://api.metorial.com)
 *   METORIAL_PROVIDER_IDS  comma-separated provider ids to show in live mode
 * and, for the sandbox, the same variables `npm run sandbox` reads (src/sandbox/main.ts):
 *   SANDBOX_API_KEY              its API key (the demo's helper uses the same one)
 *   SANDBOX_SESSION_TTL_SECONDS  lifetime of new sessions (default 1800)
 *   SANDBOX_UI_MODE              `ui_mode` of new sessions
 *   SANDBOX_PROVIDER_COOP        `1`: the demo provider's consent page sends COOP: same-origin
 *   SANDBOX_RATE_LIMIT           API requests per window (default 5000, as upstream)
 *   SANDBOX_RATE_WINDOW_SECONDS  the rate limit's window (default 600)
 */
import { startDemo, type StartDemoOptions } from '../demo/server.js';

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`${name}=${raw} is not a port number (0–65535).`);
    process.exit(1);
  }
  return port;
}

/** A whole number ≥ `min`, parsed as src/sandbox/main.ts does (which exports no parser). */
function wholeNumberFromEnv(name: string, fallback: number, min = 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    console.error(`${name} must be a whole number of at least ${min} (got "${raw}").`);
    process.exit(1);
  }
  return value;
}

/** The sandbox's settings from the environment; unset variables keep the sandbox's defaults. */
function sandboxFromEnv(): NonNullable<StartDemoOptions['sandbox']> {
  const apiKey = process.env.SANDBOX_API_KEY || undefined;
  const uiMode = process.env.SANDBOX_UI_MODE || undefined;
  return {
    port: portFromEnv('SANDBOX_PORT', 5174),
    sessionTtlSeconds: wholeNumberFromEnv('SANDBOX_SESSION_TTL_SECONDS', 1800),
    providerCoop: process.env.SANDBOX_PROVIDER_COOP === '1',
    rateLimit: wholeNumberFromEnv('SANDBOX_RATE_LIMIT', 5000, 1),
    rateWindowSeconds: wholeNumberFromEnv('SANDBOX_RATE_WINDOW_SECONDS', 600, 1),
    ...(apiKey !== undefined && { apiKey }),
    ...(uiMode !== undefined && { uiMode }),
  };
}

const port = portFromEnv('PORT', 5173);
const apiKey = process.env.METORIAL_API_KEY?.trim();

try {
  const demo = await startDemo({
    port,
    ...(apiKey
      ? {
          live: {
            apiKey,
            upstreamUrl: process.env.METORIAL_API_URL?.trim() || 'https://api.metorial.com',
            providerIds: (process.env.METORIAL_PROVIDER_IDS ?? '').split(',').map((id) => id.trim()).filter(Boolean),
          },
        }
      : { sandbox: sandboxFromEnv() }),
  });

  const lines = [
    '',
    '  metorial-connect demo',
    '',
    `  Demo app:  ${demo.url}/`,
    demo.sandboxUrl
      ? `  Sandbox:   ${demo.sandboxUrl}  (local stand-in for the Metorial API; no network needed)`
      : `  Upstream:  ${process.env.METORIAL_API_URL?.trim() || 'https://api.metorial.com'}  (live, METORIAL_API_KEY is set)`,
    '',
    '  Open the demo app in a browser. Ctrl+C stops everything.',
    '',
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await demo.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
} catch (error) {
  console.error(`The demo could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
