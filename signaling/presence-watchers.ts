import type { Endpoint } from './hub.ts';

/**
 * Who watches whom, both ways: a change to one name reaches only its watchers (found by the name's
 * key, not by a pass over everyone), and a socket's set can be replaced or dropped at once.
 */
export class PresenceWatchers {
  readonly #byKey = new Map<string, Set<Endpoint>>();
  /** An array each, not a set: tens of thousands of sockets may each watch a page of names. */
  readonly #byEndpoint = new Map<Endpoint, readonly string[]>();

  /** `endpoint` now watches exactly `keys`. */
  set(endpoint: Endpoint, keys: ReadonlySet<string>): void {
    this.forget(endpoint);
    if (keys.size === 0) return;
    this.#byEndpoint.set(endpoint, [...keys]);
    for (const key of keys) {
      const watchers = this.#byKey.get(key);
      if (watchers) watchers.add(endpoint);
      else this.#byKey.set(key, new Set([endpoint]));
    }
  }

  forget(endpoint: Endpoint): void {
    const keys = this.#byEndpoint.get(endpoint);
    if (!keys) return;
    this.#byEndpoint.delete(endpoint);
    for (const key of keys) {
      const watchers = this.#byKey.get(key)!;
      watchers.delete(endpoint);
      if (watchers.size === 0) this.#byKey.delete(key);
    }
  }

  of(key: string): Iterable<Endpoint> {
    return this.#byKey.get(key) ?? [];
  }

  clear(): void {
    this.#byKey.clear();
    this.#byEndpoint.clear();
  }
}
