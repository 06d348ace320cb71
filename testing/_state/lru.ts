/**
 * A small, roughly least-recently-used cache: derived values (digests, keys, tree nodes) are kept
 * while they are in use, so a stand-in with a million records does not hold a million of them. A
 * hit refreshes its entry only once the cache is half full, so a hot entry costs one lookup.
 *
 * @module
 */

/** A map that forgets its least recently used entries past `capacity`. */
export class Lru<K, V> {
  readonly #map = new Map<K, V>();
  readonly #capacity: number;

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  /** The value for `key`, computing and keeping it when absent. */
  get(key: K, make: (key: K) => V): V {
    const hit = this.#map.get(key);
    if (hit !== undefined) {
      // Refresh only entries in the older half, so a hot entry costs one lookup.
      if (this.#map.size > this.#capacity / 2) {
        this.#map.delete(key);
        this.#map.set(key, hit);
      }
      return hit;
    }
    const value = make(key);
    this.#map.set(key, value);
    if (this.#map.size > this.#capacity) this.#map.delete(this.#map.keys().next().value as K);
    return value;
  }

  /** Forgets everything. */
  clear(): void {
    this.#map.clear();
  }
}
