// A fake host backend inside the web-test-runner server, so the flow engine's requests go
// over real HTTP. Each test registers a scenario and uses `/fake-backend/<id>` as its endpoint:
//
//   POST /fake-backend/_scenarios            {create?, get?, session?} → {id}
//   GET  /fake-backend/_scenarios/<id>       → {requests, session}   (what the engine sent)
//   POST /fake-backend/_scenarios/<id>/session  {status, …}  → the updated session
//   POST /fake-backend/<id>                  create (the host backend's POST {endpoint})
//   GET  /fake-backend/<id>/<sessionId>      read   (the host backend's GET {endpoint}/{id})
//
// `create` / `get` replace the normal answer: {status, json} | {status, text} | {hang: true}.
// In `session.url`, `{origin}` is this server as the page sees it (localhost), `{cross}` the
// same server on 127.0.0.1 (another origin), `{id}` the scenario id.

/** @type {Map<string, {config: any, session: any, requests: any[]}>} */
const scenarios = new Map();
let nextId = 1;

/** @param {import('node:http').IncomingMessage} req */
async function readBody(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

const iso = (ms) => new Date(ms).toISOString();

function authConfig(providerId) {
  const now = iso(Date.now());
  return {
    object: 'provider.auth_config',
    id: 'pac_fake0000000000000000000',
    type: 'oauth',
    source: 'setup_session',
    status: 'active',
    provider_id: providerId,
    name: 'Fake auth config',
    description: null,
    metadata: {},
    deployment_preview: null,
    credentials: null,
    auth_method: { object: 'provider.capabilities.auth_method', id: 'pam_fake', type: 'oauth' },
    created_at: now,
    updated_at: now,
  };
}

function json(ctx, status, body) {
  ctx.status = status;
  ctx.type = 'application/json';
  ctx.body = JSON.stringify(body);
}

/** Answers with a scenario's override: a status and body, or no answer until the client gives up. */
async function override(ctx, reply) {
  if (reply.hang) {
    await new Promise((resolve) => ctx.res.on('close', resolve));
    ctx.status = 204;
    return;
  }
  if ('text' in reply) {
    ctx.status = reply.status ?? 200;
    ctx.type = 'text/plain';
    ctx.body = reply.text;
  } else json(ctx, reply.status ?? 200, reply.json ?? null);
}

/** @type {import('@web/dev-server-core').Middleware} */
export async function fakeBackend(ctx, next) {
  if (!ctx.path.startsWith('/fake-backend/')) return next();
  const parts = ctx.path.split('/').slice(2).map(decodeURIComponent);
  const raw = ctx.method === 'POST' ? await readBody(ctx.req) : '';
  const body = raw ? JSON.parse(raw) : {};

  if (parts[0] === '_scenarios') {
    if (!parts[1] && ctx.method === 'POST') {
      const id = `s${nextId++}`;
      scenarios.set(id, { config: body, session: null, requests: [] });
      return json(ctx, 201, { id });
    }
    const scenario = scenarios.get(parts[1]);
    if (!scenario) return json(ctx, 404, { error: { code: 'not_found', message: 'No such scenario.' } });
    if (parts[2] === 'session' && ctx.method === 'POST') {
      if (!scenario.session) return json(ctx, 409, { error: { code: 'no_session', message: 'Not created yet.' } });
      Object.assign(scenario.session, body, { updated_at: iso(Date.now()) });
      if (body.status === 'completed' && !('auth_config' in body)) {
        scenario.session.auth_config = authConfig(scenario.session.provider_id);
      }
      return json(ctx, 200, scenario.session);
    }
    return json(ctx, 200, { requests: scenario.requests, session: scenario.session });
  }

  const scenario = scenarios.get(parts[0]);
  if (!scenario) return json(ctx, 404, { error: { code: 'not_found', message: 'No such scenario.' } });
  scenario.requests.push({
    method: ctx.method,
    path: ctx.path,
    connectHeader: ctx.get('X-Metorial-Connect'),
    contentType: ctx.get('Content-Type'),
    body: raw ? body : undefined,
  });
  const { config } = scenario;

  if (ctx.method === 'POST' && parts.length === 1) {
    if (config.create) return override(ctx, config.create);
    const now = Date.now();
    const origin = `http://${ctx.host}`;
    const cross = `http://127.0.0.1:${ctx.host.split(':').pop()}`;
    const fill = (s) => s.replaceAll('{origin}', origin).replaceAll('{cross}', cross).replaceAll('{id}', parts[0]);
    const id = `pas_fake${String(nextId++).padStart(18, '0')}`;
    scenario.session = {
      object: 'provider.setup_session',
      id,
      type: 'oauth',
      status: 'pending',
      url: `${origin}/test/browser/support/setup.html?scenario=${parts[0]}`,
      name: body.name ?? null,
      description: body.description ?? null,
      metadata: body.metadata ?? null,
      provider_id: body.provider_id,
      auth_method: { object: 'provider.capabilities.auth_method', id: 'pam_fake', type: 'oauth' },
      deployment: null,
      credentials: null,
      auth_config: null,
      config: null,
      ui_mode: 'popup',
      redirect_url: body.redirect_url ?? null,
      created_at: iso(now),
      updated_at: iso(now),
      expires_at: iso(now + 30 * 60_000),
      ...config.session,
    };
    if (typeof scenario.session.url === 'string') scenario.session.url = fill(scenario.session.url);
    if (scenario.session.status === 'completed') scenario.session.auth_config = authConfig(body.provider_id);
    return json(ctx, 200, scenario.session);
  }

  if (ctx.method === 'GET' && parts.length === 2) {
    if (config.get) return override(ctx, config.get);
    if (!scenario.session || scenario.session.id !== parts[1]) {
      return json(ctx, 404, { error: { code: 'not_found', message: 'No such setup session.' } });
    }
    return json(ctx, 200, scenario.session);
  }
  return json(ctx, 405, { error: { code: 'method_not_allowed', message: 'Not here.' } });
}
