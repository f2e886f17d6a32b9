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

/**
 * The page's storage, or, where the browser denies it (the demo in another site's frame with
 * third-party storage blocked: reading `localStorage` throws), one that lasts as long as the
 * page: the demo still runs, and only forgets its settings and log on reload.
 */
export function storageOrMemory(get: () => Storage): Storage {
  try {
    const storage = get();
    void storage.length; // (some browsers throw only on use)
    return storage;
  } catch {
    return new MemoryStorage();
  }
}

class MemoryStorage implements Storage {
  #items = new Map<string, string>();
  get length() {
    return this.#items.size;
  }
  key(index: number) {
    return [...this.#items.keys()][index] ?? null;
  }
  getItem(key: string) {
    return this.#items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    this.#items.set(key, String(value));
  }
  removeItem(key: string) {
    this.#items.delete(key);
  }
  clear() {
    this.#items.clear();
  }
}
