/**
 * `metorial-connect check-endpoint <url>`: runs the endpoint contract's checks against a
 * backend (any language) and prints one line per rule. Exit code 0 when every check that ran
 * passed, 1 when one failed, 2 for a usage error.
 */
import { parseArgs } from 'node:util';
import { runChecks, type CheckOptions, type CheckReport, type Credentials, type Report } from './checks/index.js';

export const USAGE = `Usage: metorial-connect check-endpoint <url> [options]

Checks a backend endpoint for <metorial-connect> against the endpoint contract
(POST <url> creates a setup session, GET <url>/<id> reads one).

  <url>                   the element's endpoint, e.g. https://app.example/api/setup-sessions

Options:
  --provider <id>         a provider id the backend accepts; without it nothing is created,
                          and the checks that need a session are skipped
  --origin <origin>       the site's own origin, where redirect_url may point
                          (default: the url's origin)
  --callback-url <url>    the callback page sent as redirect_url (default: <origin>/callback)
  --cookie-a <cookie>     the first user's Cookie header, e.g. "session=abc123"
  --header-a <h: v>       a header that signs in the first user (repeatable),
                          e.g. "Authorization: Bearer abc123"
  --cookie-b <cookie>     the same for a second user, to prove users can't read each other's
  --header-b <h: v>       sessions
  --timeout <ms>          deadline of each request (default 15000, as the element's)
  --json                  print the results as JSON (progress goes to stderr)
  -h, --help              show this help

Sessions are created only with --provider (a few, for the callback page of --origin).
Exit code: 0 every check that ran passed, 1 a check failed, 2 a usage error.`;

export class UsageError extends Error {}

export interface CliOptions extends CheckOptions {
  json: boolean;
}

function credentials(cookie: string | undefined, headers: string[] | undefined, flag: string): Credentials | undefined {
  if (cookie === undefined && (headers === undefined || headers.length === 0)) return undefined;
  const result: Credentials = {};
  if (cookie !== undefined) result.Cookie = cookie;
  for (const header of headers ?? []) {
    const colon = header.indexOf(':');
    const name = header.slice(0, colon).trim();
    if (colon < 1 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) {
      throw new UsageError(`--header-${flag} takes "Name: value", got "${header}"`);
    }
    result[name] = header.slice(colon + 1).trim();
  }
  return result;
}

function httpUrl(value: string, what: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new UsageError(`${what} must be an absolute URL such as https://app.example/api/setup-sessions, got "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${what} must use http or https, got "${value}"`);
  return url;
}

/** Reads the command line (the arguments after `check-endpoint`). Returns null for --help. */
export function parseCheckArgs(args: string[]): CliOptions | null {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        provider: { type: 'string' },
        origin: { type: 'string' },
        'callback-url': { type: 'string' },
        'cookie-a': { type: 'string' },
        'cookie-b': { type: 'string' },
        'header-a': { type: 'string', multiple: true },
        'header-b': { type: 'string', multiple: true },
        timeout: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (values.help) return null;
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'give the endpoint url' : `one url only, got ${positionals.length}`);
  const endpoint = httpUrl(positionals[0]!, 'the url');
  if (endpoint.search || endpoint.hash) throw new UsageError('the url must not have a query or a fragment');

  const options: CliOptions = { endpoint: endpoint.href, json: values.json };
  if (values.origin !== undefined) {
    const origin = httpUrl(values.origin, '--origin');
    if (origin.pathname !== '/' || origin.search || origin.hash || origin.username) {
      throw new UsageError(`--origin takes an origin only (scheme, host and port), got "${values.origin}"`);
    }
    options.origin = origin.origin;
  }
  if (values['callback-url'] !== undefined) options.callbackUrl = httpUrl(values['callback-url'], '--callback-url').href;
  if (values.provider !== undefined) {
    if (!/^[A-Za-z0-9_-]{1,64}$/.test(values.provider)) throw new UsageError(`--provider takes a provider id such as pro_…, got "${values.provider}"`);
    options.provider = values.provider;
  }
  const userA = credentials(values['cookie-a'], values['header-a'], 'a');
  const userB = credentials(values['cookie-b'], values['header-b'], 'b');
  if (userB && !userA) throw new UsageError('a second user (--cookie-b/--header-b) needs a first one (--cookie-a/--header-a)');
  if (userA) options.userA = userA;
  if (userB) options.userB = userB;
  if (values.timeout !== undefined) {
    const timeoutMs = Number(values.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs <= 0) throw new UsageError(`--timeout takes milliseconds, got "${values.timeout}"`);
    options.timeoutMs = timeoutMs;
  }
  return options;
}

const MARKS = { pass: '✓', fail: '✗', skip: '-' } as const;

/** One result as text: a line with its mark and rule id, then one indented line per problem. */
export function formatResult(result: CheckReport, width = 18): string {
  const head = `${MARKS[result.status]} ${result.id.padEnd(width)} `;
  switch (result.status) {
    case 'pass':
      return head + result.rule + (result.detail ? ` (${result.detail})` : '');
    case 'skip':
      return `${head}skipped: ${result.reason}`;
    case 'fail':
      return [head + result.rule, ...result.problems.map((problem) => `${' '.repeat(width + 3)}${problem}`)].join('\n');
  }
}

export function formatSummary(report: Report): string {
  const count = (status: CheckReport['status']) => report.checks.filter((check) => check.status === status);
  const failed = count('fail');
  const summary = `${count('pass').length} passed, ${failed.length} failed, ${count('skip').length} skipped`;
  return failed.length > 0 ? `${summary}. Broken: ${failed.map((check) => check.id).join(', ')}` : summary;
}

function describeUsers(options: CheckOptions): string {
  const who = (credentials: Credentials | undefined) => (credentials ? Object.keys(credentials).join(' + ') : 'none');
  return `user A: ${who(options.userA)} · user B: ${who(options.userB)}`;
}

export interface Output {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

/** Runs the command; resolves with the exit code. */
export async function checkEndpoint(args: string[], output: Output = process): Promise<number> {
  let options: CliOptions | null;
  try {
    options = parseCheckArgs(args);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    output.stderr.write(`metorial-connect check-endpoint: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (options === null) {
    output.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { json, ...checkOptions } = options;
  const live = !json && output.stdout.isTTY === true;
  if (!json) {
    const origin = checkOptions.origin ?? new URL(checkOptions.endpoint).origin;
    output.stdout.write(
      `Checking ${checkOptions.endpoint}\n  site origin ${origin} · provider ${checkOptions.provider ?? 'none'} · ${describeUsers(checkOptions)}\n\n`,
    );
  }
  const report = await runChecks(checkOptions, {
    onStart(check, index, total) {
      // A line that the result replaces, on a terminal; in JSON mode, progress on stderr.
      if (live) output.stdout.write(`… ${check.id} (${index + 1}/${total})`);
    },
    onResult(result, index, total) {
      if (json) output.stderr.write(`check-endpoint [${index + 1}/${total}] ${MARKS[result.status]} ${result.id}\n`);
      else output.stdout.write(`${live ? '\r\x1b[2K' : ''}${formatResult(result)}\n`);
    },
  });
  output.stdout.write(json ? `${JSON.stringify(report, null, 2)}\n` : `\n${formatSummary(report)}\n`);
  return report.ok ? 0 : 1;
}
