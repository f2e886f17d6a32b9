/**
 * Every rule of the endpoint contract the checker can test from outside, in the order they
 * run (the session made by `create` is the one the later checks read), and the runner.
 */
import { noStore, errorShape } from './answers.js';
import { bodyLimit, contentType, invalidJson, invalidRequest } from './body.js';
import { described, pass, verdict, type Check, type Result } from './check.js';
import { Probe, Unreachable, type CheckOptions } from './probe.js';
import { redirectOrigin } from './redirect.js';
import { malformedId, methods, upstreamErrors } from './routes.js';
import { create, noSecretOnRead, read } from './session.js';
import { csrfHeader, otherUser, signInRequired } from './users.js';

export type { Check, Result } from './check.js';
export type { CheckOptions, Credentials } from './probe.js';

const reachable: Check = {
  id: 'reachable',
  rule: 'the endpoint answers HTTP',
  async run(probe) {
    const answer = await probe.send({ method: 'GET' });
    return pass(`GET answered ${described(answer)}`);
  },
};

export const CHECKS: readonly Check[] = [
  reachable,
  create,
  read,
  noSecretOnRead,
  csrfHeader,
  signInRequired,
  otherUser,
  contentType,
  invalidJson,
  bodyLimit,
  invalidRequest,
  redirectOrigin,
  upstreamErrors,
  malformedId,
  methods,
  // Last: they judge every answer the checks above received.
  noStore,
  errorShape,
];

export type CheckReport = { id: string; rule: string } & Result;

export interface Report {
  endpoint: string;
  origin: string;
  /** True when no check that ran failed. */
  ok: boolean;
  checks: CheckReport[];
}

export interface RunHooks {
  /** Called before each check runs, with its index and the total. */
  onStart?(check: Check, index: number, total: number): void;
  /** Called with each result as soon as it is known. */
  onResult?(result: CheckReport, index: number, total: number): void;
}

/** Runs every check once, in order. Never throws for the endpoint's faults: they are results. */
export async function runChecks(options: CheckOptions, hooks: RunHooks = {}): Promise<Report> {
  const probe = new Probe(options);
  const checks: CheckReport[] = [];
  let unreachable: string | undefined;
  for (const [index, check] of CHECKS.entries()) {
    hooks.onStart?.(check, index, CHECKS.length);
    let result: Result;
    if (unreachable !== undefined) {
      result = { status: 'skip', reason: `the endpoint could not be reached (${unreachable})` };
    } else {
      try {
        result = await check.run(probe);
      } catch (error) {
        if (!(error instanceof Unreachable)) throw error;
        result = verdict([error.message]);
        if (check === reachable) unreachable = error.message;
      }
    }
    const report: CheckReport = { id: check.id, rule: check.rule, ...result };
    checks.push(report);
    hooks.onResult?.(report, index, CHECKS.length);
  }
  return { endpoint: probe.endpoint, origin: probe.origin, ok: checks.every((check) => check.status !== 'fail'), checks };
}
