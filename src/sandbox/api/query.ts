/**
 * The list endpoint's query string, read the ways real clients send arrays:
 *   repeated          `status=pending&status=failed`
 *   bracketed (qs)    `status[0]=pending&status[1]=failed` or `status[]=pending&status[]=failed`
 * The official SDK sends the bracketed form (it builds queries with `qs`). Every value of a
 * key ends up in one array. As upstream, a comma is not a separator (`status=pending,failed`
 * is one value) and unknown keys are ignored. A known key in a shape it cannot take (given
 * twice or bracketed when it takes one value, `status[x]`) is an error naming the key.
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
    const baseKey = rawKey.split('[')[0]!;
    if (!single.has(baseKey) && !multi.has(baseKey)) continue; // unknown: ignored, as upstream
    const match = KEY.exec(rawKey);
    if (!match) {
      errors.push({ code: 'invalid_type', message: 'Not a shape this parameter takes', path: [baseKey] });
      continue;
    }
    const key = match[1]!;
    const bracketed = match[2] !== undefined;
    if (single.has(key) && bracketed) {
      errors.push({ code: 'invalid_type', message: 'Takes a single value, not a list', path: [key] });
      continue;
    }
    (values[key] ??= []).push(value);
  }
  for (const key of SINGLE_KEYS) {
    if ((values[key]?.length ?? 0) > 1) errors.push({ code: 'repeated_parameter', message: 'Give this parameter at most once', path: [key] });
  }
  // A flood of bad keys is still one short answer.
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
