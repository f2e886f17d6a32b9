/**
 * `redirect_url` only on the site's own origin: the hosted setup page sends the user's browser
 * there, so anything else would make the site an open redirector.
 */
import { STATE_PARAM } from '../../shared/protocol.js';
import { providerWall, refusalProblem, signInWall, verdict, type Check } from './check.js';
import type { Probe } from './probe.js';

/** Targets that are not the site's own origin, including ones that look like it. */
export function foreignTargets(probe: Probe): Array<[string, string]> {
  const own = new URL(probe.origin);
  const port = own.port ? `:${own.port}` : '';
  const otherScheme = own.protocol === 'https:' ? 'http:' : 'https:';
  const state = `?${STATE_PARAM}=x`;
  return [
    ['to another site', `https://evil.example/callback${state}`],
    ['to a look-alike host', `${own.protocol}//${own.hostname}.evil.example${port}/callback${state}`],
    ['with the site as a user name before another host', `${own.origin}@evil.example/callback${state}`],
    ['scheme-relative', `//evil.example/callback${state}`],
    ['relative', `/callback${state}`],
    ['with the other scheme', `${otherScheme}//${own.host}/callback${state}`],
    ['javascript:', 'javascript:alert(document.domain)'],
    ['with a backslash', `${own.origin}\\@evil.example/callback`],
  ];
}

export const redirectOrigin: Check = {
  id: 'redirect-origin',
  rule: "a redirect_url not on the site's own origin is refused with 400 redirect_not_allowed",
  async run(probe) {
    const problems: Array<string | null> = [];
    for (const [what, target] of foreignTargets(probe)) {
      const answer = await probe.send({ body: probe.createBody({ redirect_url: target }) });
      const wall = signInWall(probe, answer) ?? providerWall(probe, answer);
      if (wall) return wall;
      problems.push(refusalProblem(answer, 400, 'redirect_not_allowed', `redirect_url ${what} (${target})`));
    }
    return verdict(problems);
  },
};
