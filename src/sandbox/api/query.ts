/**
 * The list endpoint's query string, read the ways real clients send arrays:
 *   repeated          `status=pending&status=failed`
 *   comma-separated   `status=pending,failed`
 *   bracketed (qs)    `status[0]=pending&status[1]=failed` or `status[]=pending&status[]=failed`
 * The official SDK sends the bracketed form (it builds queries with `qs`). Every value of a
 * key ends up in one array; an unknown key, a key given twice that takes one value, or a
 * bracketed key that takes one value is an error naming the key.
 */
import type { FieldError } from './errors.js';

export const SINGLE_KEYS = ['limit', 'order', 'after', 'before', 'cursor'] as const;
export const FILTER_KEYS = [
  'id',
  'provider_id',
  'provider_deployment_id',
  'provider_auth_method_id',
  'provider_auth_config_id',
  'provider_auth_credentials_id',
  'status',
] as const;

const KEY = /^([a-z_]+)(?:\[(\d{0,4})\])?$/;

export function readListQuery(url: string): { values: Record<string, string[]> } | { errors: FieldError[] } {
  const values: Record<string, string[]> = {};
  const errors: FieldError[] = [];
  const single = new Set<string>(SINGLE_KEYS);
  const multi = new Set<string>(FILTER_KEYS);
  for (const [rawKey, value] of new URL(url).searchParams) {
    const match = KEY.exec(rawKey);
    const key = match?.[1] ?? rawKey;
    const bracketed = match?.[2] !== undefined;
    if (!match || (!single.has(key) && !multi.has(key))) {
      errors.push({ code: 'unrecognized_keys', message: `Unknown query parameter "${rawKey.slice(0, 64)}"`, path: [rawKey.slice(0, 64)] });
      continue;
    }
    if (single.has(key) && bracketed) {
      errors.push({ code: 'invalid_type', message: 'Takes a single value, not a list', path: [key] });
      continue;
    }
    (values[key] ??= []).push(value);
  }
  for (const key of SINGLE_KEYS) {
    if ((values[key]?.length ?? 0) > 1) errors.push({ code: 'repeated_parameter', message: 'Give this parameter at most once', path: [key] });
  }
  // One entry per unknown key is enough; a flood of them is still one short answer.
  return errors.length > 0 ? { errors: dedupe(errors).slice(0, 20) } : { values };
}

function dedupe(errors: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.code}:${error.path.join('.')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
