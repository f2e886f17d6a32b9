/**
 * The create body the helper accepts: exactly the reference's create fields, bounded, so a
 * browser can't smuggle other parameters to the upstream API or make it store megabytes.
 */
import { z } from 'zod';
import type { CreateSessionBody } from '../shared/session.js';

export const LIMITS = {
  /** Largest request body read, in bytes. */
  bodyBytes: 16 * 1024,
  id: 64,
  name: 200,
  description: 1000,
  redirectUrl: 2048,
  metadataKeys: 50,
  metadataKey: 100,
  /** Largest `metadata` once serialized as JSON, in bytes. */
  metadataBytes: 4 * 1024,
  /** Deepest `metadata` nesting: the metadata object itself is level 1. */
  metadataDepth: 10,
  /** Deepest nesting of objects and arrays in a request body. Checked before parsing, so
   *  pathological input (`[[[[…`) never reaches a recursive parser or validator. */
  bodyDepth: 32,
} as const;

/** Upstream ids are a prefix and base62 characters; allow a little more (`_`, `-`) but nothing
 *  that could change the meaning of a URL or a log line. */
const idString = z
  .string()
  .min(1)
  .max(LIMITS.id)
  .regex(/^[A-Za-z0-9_-]+$/);

const metadataSchema = z
  .record(z.string().min(1).max(LIMITS.metadataKey), z.json())
  .refine((metadata) => Object.keys(metadata).length <= LIMITS.metadataKeys, {
    message: `"metadata" can have at most ${LIMITS.metadataKeys} keys.`,
  })
  .refine((metadata) => depthOf(metadata) <= LIMITS.metadataDepth, {
    message: `"metadata" is nested too deeply (at most ${LIMITS.metadataDepth} levels).`,
  })
  .refine((metadata) => new TextEncoder().encode(JSON.stringify(metadata)).byteLength <= LIMITS.metadataBytes, {
    message: `"metadata" is too large (at most ${LIMITS.metadataBytes} bytes as JSON).`,
  });

/** Levels of objects/arrays in a parsed JSON value (a scalar is 0, `{}` is 1). The body was
 *  depth-checked before parsing, so this recursion is bounded. */
function depthOf(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  let deepest = 0;
  for (const nested of Object.values(value)) deepest = Math.max(deepest, depthOf(nested));
  return deepest + 1;
}

export const createBodySchema = z.strictObject({
  provider_id: idString,
  provider_deployment_id: idString.optional(),
  name: z.string().max(LIMITS.name).optional(),
  description: z.string().max(LIMITS.description).optional(),
  metadata: metadataSchema.optional(),
  provider_auth_method_id: idString.optional(),
  provider_auth_credentials_id: idString.optional(),
  redirect_url: z.string().min(1).max(LIMITS.redirectUrl).optional(),
}) satisfies z.ZodType<CreateSessionBody>;

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  object: 'a JSON object',
  record: 'a JSON object',
  number: 'a number',
};

/** A field path as the user would write it, quoted, with hostile characters removed. */
function fieldName(path: readonly PropertyKey[]): string {
  const joined = path.map((part) => String(part)).join('.');
  return `"${joined.replace(/[^\w.\-]/g, '').slice(0, 60)}"`;
}

/** Turns zod's first issue into one plain sentence the element can show. */
export function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const field = fieldName(issue.path);
  switch (issue.code) {
    case 'unrecognized_keys': {
      const keys = issue.keys.slice(0, 5).map((key) => fieldName([key]));
      return `Unknown field${issue.keys.length > 1 ? 's' : ''} ${keys.join(', ')} in the request.`;
    }
    case 'invalid_type': {
      if (issue.path.length === 0) return 'The request body must be a JSON object.';
      if (valueAt(input, issue.path) === undefined) return `${field} is required.`;
      return `${field} must be ${TYPE_WORDS[issue.expected] ?? issue.expected}.`;
    }
    case 'too_big':
      return `${field} is too long (at most ${String(issue.maximum)} characters).`;
    case 'too_small':
      return `${field} must not be empty.`;
    case 'invalid_format':
      return `${field} may contain only letters, digits, "_" and "-".`;
    case 'invalid_key':
      return `Keys of "metadata" must be 1 to ${LIMITS.metadataKey} characters long.`;
    case 'invalid_union':
      return `${field} must contain only JSON values.`;
    case 'custom':
      return issue.message;
    default:
      return `${field} is not valid.`;
  }
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

export type ParsedJson = { ok: true; value: unknown } | { ok: false; reason: 'syntax' | 'proto' | 'depth' };

/** Parses JSON, reporting whether a `__proto__` key appeared anywhere (refused: it is never a
 *  legitimate field and some consumers treat it as a prototype), and refusing input nested
 *  deeper than `maxDepth` — before parsing, since deep input would otherwise exhaust the stack
 *  and be indistinguishable from a syntax error. */
export function parseJson(text: string, maxDepth: number = LIMITS.bodyDepth): ParsedJson {
  if (exceedsDepth(text, maxDepth)) return { ok: false, reason: 'depth' };
  let sawProto = false;
  let value: unknown;
  try {
    value = JSON.parse(text, (key, nested: unknown) => {
      if (key === '__proto__') sawProto = true;
      return nested;
    });
  } catch (error) {
    // Only a stack overflow throws a RangeError here; the pre-check should make it unreachable.
    return { ok: false, reason: error instanceof RangeError ? 'depth' : 'syntax' };
  }
  return sawProto ? { ok: false, reason: 'proto' } : { ok: true, value };
}

/** Whether `[`/`{` (outside strings) nest deeper than `maxDepth` in JSON text. Malformed
 *  text is left to JSON.parse to report. */
function exceedsDepth(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i++; // skip the escaped character (it may be a quote)
      else if (char === '"') inString = false;
    } else if (char === '"') {
      inString = true;
    } else if (char === '{' || char === '[') {
      if (++depth > maxDepth) return true;
    } else if (char === '}' || char === ']') {
      depth--;
    }
  }
  return false;
}
