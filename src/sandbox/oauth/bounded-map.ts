/**
 * A Map for short-lived grants (consent requests, authorization codes) with a size cap and an
 * expiry per entry. Every entry of one map gets the same lifetime, so insertion order is also
 * expiry order: a sweep stops at the first live entry (O(expired), not O(size)) and the cap
 * evicts the oldest first. (An LRU cache would reorder on reads; grants must age by creation.)
 */
export class BoundedExpiringMap<V extends { expiresAt: number }> {
  readonly #entries = new Map<string, V>();

  constructor(readonly maxSize: number) {}

  get size(): number {
    return this.#entries.size;
  }

  get(key: string): V | undefined {
    return this.#entries.get(key);
  }

  delete(key: string): boolean {
    return this.#entries.delete(key);
  }

  /** Adds an entry, first evicting the oldest ones if the map is full. */
  set(key: string, value: V): void {
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size < this.maxSize) break;
      this.#entries.delete(oldest);
    }
    this.#entries.set(key, value);
  }

  /** Drops entries whose `expiresAt` is at or before `now`, oldest first. */
  sweep(now: number): void {
    for (const [key, value] of this.#entries) {
      if (value.expiresAt > now) break;
      this.#entries.delete(key);
    }
  }
}
