/**
 * What a check is, what it can conclude, and the few judgements most checks share.
 */
import type { Answer, Probe } from './probe.js';

export type Result =
  | { status: 'pass'; detail?: string }
  | { status: 'fail'; problems: string[] }
  | { status: 'skip'; reason: string };

export interface Check {
  /** The rule's stable name, printed with every result (`csrf-header`). */
  id: string;
  /** The rule in one sentence. */
  rule: string;
  run(probe: Probe): Promise<Result>;
}

export const pass = (detail?: string): Result => (detail === undefined ? { status: 'pass' } : { status: 'pass', detail });
export const skip = (reason: string): Result => ({ status: 'skip', reason });
/** Fails with the problems found, or passes when there are none. */
export const verdict = (problems: Array<string | null | undefined>, detail?: string): Result => {
  const found = problems.filter((problem): problem is string => typeof problem === 'string');
  return found.length > 0 ? { status: 'fail', problems: found } : pass(detail);
};

/** The status and code of an answer, as the report prints it: `404 not_found`. */
export function described(answer: Answer): string {
  return answer.error ? `${answer.status} ${answer.error.code}` : String(answer.status);
}

/**
 * Whether an answer is the refusal the contract asks for: the status, and the code when the
 * body has the documented error shape (a body without it is the `error-shape` rule's to report,
 * so that each broken rule is named once).
 */
export function refusalProblem(answer: Answer, status: number, code: string, what: string): string | null {
  if (answer.status === status && (!answer.error || answer.error.code === code)) return null;
  return `${what}: answered ${described(answer)}, expected ${status} ${code}`;
}

/** A 401: the endpoint asks for sign-in before the rule under test can be seen. Sent by nobody,
 *  the check cannot run without credentials (skipped); sent as the first user, those
 *  credentials were refused (failed). */
export function signInWall(probe: Probe, answer: Answer): Result | null {
  if (answer.status !== 401) return null;
  if (probe.signedIn === 'none') return skip('the endpoint asks for sign-in first (401); give a user with --cookie-a or --header-a');
  // The rule under test was not reached: say why rather than "expected 415, got 401".
  return verdict([`${answer.request} answered 401 although the first user's credentials were sent: are they valid?`]);
}

/** An answer refusing a request as for an unknown provider or one the site does not offer: the
 *  placeholder provider id stood in for a real one, so the rule under test was not reached. */
export function providerWall(probe: Probe, answer: Answer): Result | null {
  if (probe.provider === undefined && (answer.status === 404 || answer.error?.code === 'provider_not_allowed')) {
    return skip(`the endpoint refused the placeholder provider (${described(answer)}) before this rule; give --provider <id>`);
  }
  return null;
}
