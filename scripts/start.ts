/**
 * `npm start`: the sales demo, offline, in one command.
 *   PORT              demo app port (default 5173)
 *   SANDBOX_PORT      local sandbox port (default 5174)
 *   METORIAL_API_KEY  when set, the demo talks to the real upstream and starts no sandbox
 *   METORIAL_API_URL  upstream base URL in live mode (default https://api.metorial.com)
 *   METORIAL_PROVIDER_IDS  comma-separated provider ids to show in live mode
 */
import { startDemo } from '../demo/server.js';

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

const port = portFromEnv('PORT', 5173);
const sandboxPort = portFromEnv('SANDBOX_PORT', 5174);
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
      : { sandbox: { port: sandboxPort } }),
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
