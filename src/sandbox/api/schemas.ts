/** zod schemas of the request bodies and list query. */
import { z } from 'zod';
import type { SessionStatus } from '../../shared/session.js';
import { redirectUrlProblem } from '../redirect.js';

/** Bounds of `metadata`: it is cloned, stored and serialized on every read, so a deeply
 *  nested value (which overflows the stack of structuredClone / JSON.stringify) or a huge
 *  one is refused up front. */
export const METADATA_MAX_DEPTH = 10;
export const METADATA_MAX_BYTES = 16 * 1024;

/** Nesting depth of a JSON value (the metadata object itself is 1), without recursion and
 *  without looking deeper than `limit + 1`. */
function exceedsDepth(value: unknown, limit: number): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > limit) return true;
    for (const child of Object.values(current)) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

const metadata = z.record(z.string(), z.unknown(), { error: 'Expected an object of key-value pairs' }).superRefine((value, check) => {
  if (exceedsDepth(value, METADATA_MAX_DEPTH)) {
    check.addIssue({ code: 'custom', message: `Metadata may be nested at most ${METADATA_MAX_DEPTH} levels deep` });
    return;
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > METADATA_MAX_BYTES) {
    check.addIssue({ code: 'custom', message: `Metadata may be at most ${METADATA_MAX_BYTES} bytes as JSON` });
  }
});
const id = z.string().trim().min(1).max(100);

/** Stored and later sent as a `Location` exactly as given, so only what can be (see redirect.ts). */
const redirectUrl = z
  .string()
  .max(2048)
  .superRefine((value, check) => {
    const problem = redirectUrlProblem(value);
    if (problem) check.addIssue({ code: 'custom', message: problem });
  });

/** Upstream trims names; an empty one is stored as null. */
const name = z.string().max(255).transform((value) => (value.trim() === '' ? null : value.trim()));

/**
 * As upstream: unknown keys are dropped silently (z.object strips them), and optional means
 * absent — `null` for an optional field is invalid_data, never "no value".
 */
export const createSessionSchema = z.object({
  provider_id: id,
  provider_deployment_id: id.optional(),
  name: name.optional(),
  description: z.string().max(2000).optional(),
  metadata: metadata.optional(),
  provider_auth_method_id: id.optional(),
  provider_auth_credentials_id: id.optional(),
  redirect_url: redirectUrl.optional(),
});
export type CreateSessionInput = z.infer<typeof createSessionSchema>;

/** Only these three can change; other keys are dropped, an absent field is kept as it was. */
export const updateSessionSchema = z.object({
  name: name.optional(),
  description: z.string().max(2000).optional(),
  metadata: metadata.optional(),
});
export type UpdateSessionInput = z.infer<typeof updateSessionSchema>;

export const SESSION_STATUSES = ['pending', 'completed', 'failed', 'expired', 'archived', 'deleted'] as const satisfies readonly SessionStatus[];

/** A filter value: one or more, given repeated or bracketed (query.ts). A comma is not a
 *  separator, as upstream: `status=pending,failed` is one value, and not a status. */
const multi = <T extends z.ZodType<unknown, string>>(item: T) => z.array(item).min(1, 'Give at least one value').optional();

/** Parameters that take one value (given twice is refused before this, in query.ts). */
const single = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .array(z.string())
    .transform((values) => values[0])
    .pipe(item.optional())
    .optional();

export const listQuerySchema = z.object({
  limit: single(
    z
      .string()
      .regex(/^\d+$/, 'Must be a whole number from 1 to 100')
      .transform(Number)
      .pipe(z.number().int().min(1).max(100)),
  ),
  order: single(z.enum(['asc', 'desc'])),
  after: single(z.string().min(1)),
  before: single(z.string().min(1)),
  cursor: single(z.string().min(1)),
  id: multi(z.string()),
  provider_id: multi(z.string()),
  provider_deployment_id: multi(z.string()),
  provider_auth_method_id: multi(z.string()),
  provider_auth_config_id: multi(z.string()),
  provider_auth_credentials_id: multi(z.string()),
  status: multi(z.enum(SESSION_STATUSES)),
});
export type ListQuery = z.infer<typeof listQuerySchema>;
