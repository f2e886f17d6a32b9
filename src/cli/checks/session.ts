/**
 * The happy path as the element walks it: create a session for the site's own callback page,
 * read it back, and the read never hands out the setup page's secret.
 */
import { asSession, nonEmpty } from '../../flow/session.js';
import { checkSetupUrl } from '../../flow/setup-url.js';
import type { SetupSession } from '../../shared/session.js';
import { described, pass, signInWall, skip, verdict, type Check, type Result } from './check.js';
import type { Probe } from './probe.js';

/** Why the element would refuse `value` as the session of `providerId` (and `id`): the same
 *  conditions as the element's own `asSession`, one sentence each. */
export function sessionProblems(value: unknown, providerId: string, id?: string): string[] {
  const session = value as Partial<Record<keyof SetupSession, unknown>> | null | undefined;
  if (session === null || typeof session !== 'object' || Array.isArray(session)) return ['the body is not a JSON object'];
  const problems: string[] = [];
  if (session.object !== 'provider.setup_session') problems.push('"object" is not "provider.setup_session"');
  if (!nonEmpty(session.id)) problems.push('"id" is missing');
  else if (id !== undefined && session.id !== id) problems.push(`"id" is ${JSON.stringify(session.id)}, not the id asked for`);
  if (!nonEmpty(session.status)) problems.push('"status" is missing');
  if (!nonEmpty(session.url)) problems.push('"url" is missing');
  if (session.provider_id !== providerId) problems.push(`"provider_id" is ${JSON.stringify(session.provider_id)}, not ${JSON.stringify(providerId)}`);
  if (!(Date.parse(String(session.expires_at)) > 0)) problems.push('"expires_at" is not a date');
  if (session.auth_config != null && typeof session.auth_config !== 'object') problems.push('"auth_config" is neither an object nor null');
  if (problems.length === 0) {
    try {
      asSession(session, providerId, id);
    } catch {
      problems.push('the element does not accept it as a session');
    }
  }
  return problems;
}

const ok = (status: number) => status >= 200 && status < 300;

export const create: Check = {
  id: 'create',
  rule: "POST {endpoint} with the element's body creates a session the element accepts, for a redirect_url on the site's own origin, passed on unchanged",
  async run(probe) {
    if (probe.provider === undefined) return skip('nothing is created without --provider <id>');
    const body = probe.createBody();
    const answer = await probe.send({ body });
    const wall = signInWall(probe, answer);
    if (wall) return wall;
    if (!ok(answer.status)) return verdict([`${answer.request} answered ${described(answer)}, expected 200 (or 201) and the session`]);
    const problems = sessionProblems(answer.json, probe.provider);
    if (problems.length > 0) return verdict(problems.map((problem) => `the created session: ${problem}`));
    const session = answer.json as SetupSession;
    if (!checkSetupUrl(session.url)) {
      // The url carries a secret: name only its scheme and host.
      const where = URL.canParse(session.url) ? new URL(session.url).origin : 'not a URL';
      return verdict([`the session's url (${where}) is not one the element opens: https, or http on localhost`]);
    }
    // The upstream sends the browser to redirect_url exactly as given: the callback page needs
    // it as the element built it, its state included.
    const sent = (JSON.parse(body) as { redirect_url: string }).redirect_url;
    if (typeof session.redirect_url === 'string' && session.redirect_url !== sent) {
      return verdict([`the session's redirect_url is not the one sent (${sent}): pass it on unchanged`]);
    }
    probe.created = session;
    return pass(`${answer.status}, ${session.id}, status ${session.status}`);
  },
};

/** Runs `check` on the session the create check made, or skips saying why there is none. */
export async function withCreated(probe: Probe, check: (session: SetupSession) => Promise<Result>): Promise<Result> {
  if (probe.created) return check(probe.created);
  return skip(probe.provider === undefined ? 'no session to read without --provider <id>' : 'no session was created (see create)');
}

export const read: Check = {
  id: 'read',
  rule: 'GET {endpoint}/{id} answers 200 with the session, for its creator',
  run: (probe) =>
    withCreated(probe, async ({ id }) => {
      const answer = await probe.send({ path: `/${encodeURIComponent(id)}` });
      if (!ok(answer.status)) return verdict([`${answer.request} answered ${described(answer)}, expected 200 and the session`]);
      const problems = sessionProblems(answer.json, probe.provider!, id);
      return verdict(problems.map((problem) => `the session read: ${problem}`), `${answer.status}, status ${(answer.json as SetupSession).status}`);
    }),
};

export const noSecretOnRead: Check = {
  id: 'no-secret-on-read',
  rule: "GET answers carry the session's url without its query (its client_secret comes only from the create answer)",
  run: (probe) =>
    withCreated(probe, async (created) => {
      const url = new URL(created.url);
      // Every value of the setup page's query and its fragment are secret: none may come back.
      const secrets = [...url.searchParams.values(), url.hash.slice(1)].filter((value) => value.length >= 8);
      const answer = await probe.send({ path: `/${encodeURIComponent(created.id)}` });
      if (!ok(answer.status)) return skip(`the session could not be read (${described(answer)}; see read)`);
      const problems: string[] = [];
      if (secrets.some((secret) => answer.text.includes(secret))) {
        problems.push(`${answer.request} returned the setup url's secret (the create answer's query)`);
      }
      const readUrl = (answer.json as { url?: unknown } | undefined)?.url;
      if (typeof readUrl === 'string' && URL.canParse(readUrl) && new URL(readUrl).searchParams.has('client_secret')) {
        problems.push(`${answer.request} returned a url with a client_secret`);
      }
      return verdict(problems, secrets.length === 0 ? "the create answer's url had no query to keep back" : undefined);
    }),
};
