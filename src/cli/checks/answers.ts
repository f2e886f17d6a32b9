/**
 * Rules about every answer the checker received: none may be cached, and every error has the
 * shape the element reads its words from.
 */
import { skip, verdict, type Check } from './check.js';
import type { Answer } from './probe.js';

/** One problem per kind of request (method, path, status), at most `max`. */
function distinct(answers: Answer[], problem: (answer: Answer) => string | null, max = 5): string[] {
  const seen = new Set<string>();
  const problems: string[] = [];
  for (const answer of answers) {
    const found = problem(answer);
    if (found === null || seen.has(found)) continue;
    seen.add(found);
    problems.push(found);
  }
  return problems.length > max ? [...problems.slice(0, max), `… and ${problems.length - max} more`] : problems;
}

export const noStore: Check = {
  id: 'no-store',
  rule: 'every answer (sessions and errors) carries Cache-Control: no-store',
  async run(probe) {
    if (probe.answers.length === 0) return skip('no answers to look at');
    return verdict(
      distinct(probe.answers, (answer) => {
        const cacheControl = answer.headers.get('Cache-Control') ?? '';
        return /(^|[\s,])no-store($|[\s,])/i.test(cacheControl) ? null : `${answer.request} answered ${answer.status} with Cache-Control "${cacheControl}"`;
      }),
      `${probe.answers.length} answers`,
    );
  },
};

export const errorShape: Check = {
  id: 'error-shape',
  rule: 'every error answer is JSON: {"error": {"code": "…", "message": "…"}}, the message in plain words',
  async run(probe) {
    const errors = probe.answers.filter((answer) => answer.status >= 400);
    if (errors.length === 0) return skip('no error answers to look at');
    return verdict(
      distinct(errors, (answer) => {
        const type = (answer.headers.get('Content-Type') ?? '').split(';')[0]!.trim().toLowerCase();
        if (type !== 'application/json') return `${answer.request} answered ${answer.status} as "${type}", not application/json`;
        if (!answer.error) return `${answer.request} answered ${answer.status} without {"error": {"code", "message"}}: ${answer.text.slice(0, 120)}`;
        if (/\n\s+at |Traceback|Exception|\[object /.test(answer.error.message)) return `${answer.request}: the message of ${answer.error.code} shows internals`;
        return null;
      }),
      `${errors.length} error answers`,
    );
  },
};
