/** Upstream-shaped error objects (`{ object: 'error', ok: false, status, code, … }`). */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { ApiError } from '../../shared/session.js';

export type FieldError = NonNullable<ApiError['errors']>[number];

export function errorBody(
  status: number,
  code: string,
  message: string,
  hint: string,
  errors?: FieldError[],
): ApiError {
  return { object: 'error', ok: false, status, code, message, hint, ...(errors ? { errors } : {}) };
}

export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  hint: string,
  errors?: FieldError[],
  headers?: Record<string, string>,
): Response {
  return c.json(errorBody(status, code, message, hint, errors), status, headers);
}

/** As upstream, `errors` names the first failing key only (all of that key's problems). */
export function invalidData(c: Context, errors: FieldError[], message = 'The request data is invalid.'): Response {
  const firstKey = errors[0]?.path[0];
  const first = errors.filter((error) => error.path[0] === firstKey);
  return apiError(c, 400, 'invalid_data', message, 'Fix the field named in `errors` and try again.', first);
}

/** Upstream's `not_found` names the entity and the id it looked for. */
export function notFound(c: Context, what: string, entity: string, id: string, errors?: FieldError[]): Response {
  const body = { ...errorBody(404, 'not_found', `${what} not found: ${id.slice(0, 100)}`, `Check the ${what.toLowerCase()} id.`, errors), entity, id: id.slice(0, 100) };
  return c.json(body, 404);
}

/** zod issues → upstream `errors` entries; unknown keys become one entry per key so each has a path. */
export function zodIssuesToErrors(issues: readonly z.core.$ZodIssue[], pathPrefix: Array<string | number> = []): FieldError[] {
  const toPath = (path: readonly PropertyKey[]) => [
    ...pathPrefix,
    ...path.map((p) => (typeof p === 'number' ? p : String(p))),
  ];
  return issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        code: 'unrecognized_keys',
        message: `Unknown field "${key}"; it cannot be set here.`,
        path: toPath([...issue.path, key]),
      }));
    }
    return [{ code: issue.code, message: issue.message, path: toPath(issue.path) }];
  });
}
