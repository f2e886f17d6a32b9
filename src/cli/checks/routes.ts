/**
 * The endpoint's two routes and nothing else: unknown and malformed ids, other methods, and
 * the upstream's refusals turned into the endpoint's own errors.
 */
import { described, refusalProblem, signInWall, verdict, type Check } from './check.js';
import { PLACEHOLDER_PROVIDER_ID, UNKNOWN_SESSION_ID } from './probe.js';

export const malformedId: Check = {
  id: 'malformed-id',
  rule: 'GET {endpoint}/{id} for an id that is malformed or unknown answers 404 not_found',
  async run(probe) {
    const malformed = await probe.send({ path: '/not-a-session-id' });
    const wall = signInWall(probe, malformed);
    if (wall) return wall;
    const unknown = await probe.send({ path: `/${UNKNOWN_SESSION_ID}` });
    return verdict([
      refusalProblem(malformed, 404, 'not_found', `${malformed.request} (malformed id)`),
      refusalProblem(unknown, 404, 'not_found', `${unknown.request} (unknown id)`),
    ]);
  },
};

export const methods: Check = {
  id: 'methods',
  rule: 'other methods are refused with 405 method_not_allowed and an Allow header (no listing of sessions, no update or delete)',
  async run(probe) {
    const cases = [
      { method: 'GET', path: '', allow: 'POST' },
      { method: 'PUT', path: '', allow: 'POST' },
      { method: 'DELETE', path: `/${UNKNOWN_SESSION_ID}`, allow: 'GET' },
      { method: 'PATCH', path: `/${UNKNOWN_SESSION_ID}`, allow: 'GET' },
    ];
    const problems: Array<string | null> = [];
    for (const { method, path, allow } of cases) {
      const body = method === 'PUT' || method === 'PATCH' ? probe.createBody() : undefined;
      const answer = await probe.send({ method, path, ...(body === undefined ? {} : { body }) });
      const wall = signInWall(probe, answer);
      if (wall) return wall;
      const refused = refusalProblem(answer, 405, 'method_not_allowed', answer.request);
      const allowed = answer.headers.get('Allow') ?? '';
      problems.push(
        refused ??
          (allowed.split(/\s*,\s*/).includes(allow) ? null : `${answer.request}: the Allow header is "${allowed}", expected one naming ${allow}`),
      );
    }
    return verdict(problems);
  },
};

export const upstreamErrors: Check = {
  id: 'upstream-errors',
  rule: "the upstream's refusals become the endpoint's own errors: an unknown provider is 404 not_found (or 403 provider_not_allowed)",
  async run(probe) {
    const answer = await probe.send({ body: JSON.stringify({ provider_id: PLACEHOLDER_PROVIDER_ID, redirect_url: probe.redirectUrl() }) });
    const wall = signInWall(probe, answer);
    if (wall) return wall;
    if (answer.status === 403 && answer.error?.code === 'provider_not_allowed') return verdict([], '403 provider_not_allowed');
    return verdict([refusalProblem(answer, 404, 'not_found', `${answer.request} for an unknown provider`)], described(answer));
  },
};
