/** Reading the demo's saved settings and history defensively: storage may hold anything. */

export const STORAGE_KEYS = {
  mode: 'metorial-connect-demo:ui-mode',
  theme: 'metorial-connect-demo:theme',
  lang: 'metorial-connect-demo:lang',
  // Session storage: survives the redirect round trip, not a new visit.
  log: 'metorial-connect-demo:log',
  connections: 'metorial-connect-demo:connections',
} as const;

/** The stored value if it is one of `allowed`, otherwise null. */
export function readChoice<T extends string>(storage: Storage, key: string, allowed: readonly T[]): T | null {
  const value = storage.getItem(key);
  return allowed.includes(value as T) ? (value as T) : null;
}

export function readJson<T>(storage: Storage, key: string): T | null {
  try {
    const raw = storage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
