import { TokenBucket } from '../common/token-bucket.ts';

/**
 * A token bucket per key (a client address, see address-key.ts), created full on first use. A
 * bucket left alone long enough to be full again is forgotten, so the map holds only the keys
 * seen within the last `capacity / perSecond` seconds, however many come and go.
 */
export class KeyedBuckets {
  /** In order of last use, so the ones to forget are always at the front. */
  readonly #buckets = new Map<string, { bucket: TokenBucket; used: number }>();
  readonly #refillMs: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#refillMs = (capacity / perSecond) * 1000;
  }

  take(key: string, amount = 1): boolean {
    const now = this.now();
    for (const [stale, { used }] of this.#buckets) {
      if (now - used < this.#refillMs) break;
      this.#buckets.delete(stale);
    }
    const bucket = this.#buckets.get(key)?.bucket ?? new TokenBucket(this.perSecond, this.capacity, this.now);
    this.#buckets.delete(key);
    this.#buckets.set(key, { bucket, used: now });
    return bucket.take(amount);
  }

  /** Keys with a bucket still refilling. */
  get size(): number {
    return this.#buckets.size;
  }
}
