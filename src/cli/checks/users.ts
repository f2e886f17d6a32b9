/**
 * Whose requests count: only the element's (the custom header a cross-site page cannot send
 * without a preflight), only a signed-in user's, and a session only for its creator.
 */
import { CONNECT_HEADER } from '../../shared/protocol.js';
import { described, refusalProblem, signInWall, skip, verdict, type Check } from './check.js';
import { UNKNOWN_SESSION_ID } from './probe.js';
import { withCreated } from './session.js';

export const csrfHeader: Check = {
  id: 'csrf-header',
  rule: `requests without ${CONNECT_HEADER}: 1 are refused with 403 forbidden (create and read)`,
  async run(probe) {
    const posted = await probe.send({ body: probe.createBody(), connectHeader: false });
    const wall = signInWall(probe, posted);
    if (wall) return wall;
    const id = probe.created?.id ?? UNKNOWN_SESSION_ID;
    const read = await probe.send({ path: `/${id}`, connectHeader: false });
    return verdict([
      refusalProblem(posted, 403, 'forbidden', `${posted.request} without ${CONNECT_HEADER}`),
      refusalProblem(read, 403, 'forbidden', `${read.request} without ${CONNECT_HEADER}`),
    ]);
  },
};

export const signInRequired: Check = {
  id: 'sign-in-required',
  rule: 'without a signed-in user, create is refused with 401 unauthorized, and a session is not readable',
  async run(probe) {
    if (!probe.users.a) return skip('needs a user (--cookie-a or --header-a) to tell an endpoint with sign-in from one without');
    const posted = await probe.send({ body: probe.createBody(), who: 'none' });
    const problems = [refusalProblem(posted, 401, 'unauthorized', `${posted.request} signed out`)];
    if (probe.created) {
      const read = await probe.send({ path: `/${probe.created.id}`, who: 'none' });
      if (read.status !== 401 && read.status !== 404) {
        problems.push(`${read.request} signed out: answered ${described(read)}, expected 401 unauthorized (or 404 not_found)`);
      }
    }
    return verdict(problems, probe.created ? undefined : 'create only (no session to read)');
  },
};

export const otherUser: Check = {
  id: 'other-user',
  rule: "another user reading a session gets 404 not_found, exactly as for an id that does not exist",
  async run(probe) {
    if (!probe.users.a || !probe.users.b) return skip('needs two users (--cookie-a and --cookie-b, or --header-a and --header-b)');
    return withCreated(probe, async (created) => {
      const theirs = await probe.send({ path: `/${created.id}`, who: 'b' });
      const unknown = await probe.send({ path: `/${UNKNOWN_SESSION_ID}`, who: 'b' });
      const problems = [refusalProblem(theirs, 404, 'not_found', `${theirs.request} as the second user`)];
      if (problems[0] === null && (theirs.status !== unknown.status || theirs.text !== unknown.text)) {
        problems.push(`the answer to another user's session differs from the answer to an unknown id (${described(unknown)}): ids can be probed`);
      }
      return verdict(problems);
    });
  },
};
