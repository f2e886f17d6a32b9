/**
 * A host for end-to-end tests of the headless engine: a page on one origin that loads
 * `metorial-connect/flow` (src/flow, served through Vite), the host helper in front of a
 * started sandbox (another origin), and the callback page. The helper is wrapped so that the
 * backend lags behind: for `lagMs` after it first sees a session completed, it still answers
 * `pending` (as a real backend behind a slow upstream or a read replica may).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { createServer as createViteServer } from 'vite';
import { startSandbox } from '../../src/sandbox/index.js';
import { createConnectHandler, toNodeListener } from '../../src/server/index.js';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENDPOINT = '/api/setup-sessions';

export interface LaggingHost {
  /** This host's origin, `http://127.0.0.1:<port>`; the test page is at `/`. */
  url: string;
  /** A provider of the sandbox's catalog. */
  providerId: string;
  /** How many `pending` answers hid a completed session so far. */
  readonly hiddenCompletions: number;
  close(): Promise<void>;
}

/** The test page: a Connect button that starts a headless flow and keeps what it reports. */
const page = (providerId: string) => `<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Headless flow</title></head>
  <body>
    <button id="connect">Connect</button>
    <script type="module">
      import { startConnectFlow } from '/src/flow/index.ts';
      window.states = [];
      document.getElementById('connect').addEventListener('click', () => {
        window.flow = startConnectFlow({
          providerId: ${JSON.stringify(providerId)},
          endpoint: '${ENDPOINT}',
          callbackUrl: '/src/callback/callback.html',
          onStateChange: (state) => window.states.push(state.status),
        });
      });
      window.ready = true;
    </script>
  </body>
</html>`;

export async function startLaggingHost({ lagMs }: { lagMs: number }): Promise<LaggingHost> {
  const sandbox = await startSandbox({ host: '127.0.0.1', port: 0, log: false });
  const providers = (await (await fetch(`${sandbox.url}/providers`, { headers: { authorization: `Bearer ${sandbox.apiKey}` } })).json()) as {
    items: Array<{ id: string }>;
  };
  const providerId = providers.items[0]!.id;

  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const helper = createConnectHandler({ apiKey: sandbox.apiKey, upstreamUrl: sandbox.url, basePath: ENDPOINT, publicOrigin: url });
  const completedSince = new Map<string, number>();
  let hiddenCompletions = 0;
  const lagging = toNodeListener(async (request) => {
    const response = await helper(request);
    if (request.method !== 'GET' || !response.ok) return response;
    const session = (await response.json()) as { id: string; status: string; auth_config: unknown };
    if (session.status === 'completed') {
      const since = completedSince.get(session.id) ?? Date.now();
      completedSince.set(session.id, since);
      if (Date.now() - since < lagMs) {
        hiddenCompletions++;
        session.status = 'pending';
        session.auth_config = null;
      }
    }
    return Response.json(session, { headers: { 'cache-control': 'no-store' } });
  });

  const vite = await createViteServer({
    root: REPO_ROOT,
    configFile: false,
    appType: 'mpa',
    logLevel: 'silent',
    cacheDir: fileURLToPath(new URL('../../node_modules/.vite-e2e-flow', import.meta.url)),
    optimizeDeps: { noDiscovery: true, include: [] },
    server: { middlewareMode: true, hmr: false, ws: false },
  });
  server.on('request', (req, res) => {
    if (req.url?.startsWith(ENDPOINT)) return lagging(req, res);
    if (req.url === '/') return void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(providerId));
    vite.middlewares(req, res);
  });

  return {
    url,
    providerId,
    get hiddenCompletions() {
      return hiddenCompletions;
    },
    async close() {
      await vite.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await sandbox.close();
    },
  };
}
