/** One clock for every bucket: a default arrow per bucket would be one more closure per connection. */
const monotonic = () => performance.now();

/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`. Taking more than is there fails and
 * takes nothing, so a burst up to the capacity passes and a sustained flood is held to the rate.
 * The server holds clients to their rates with it, and each peer holds the other to its own.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = monotonic,
  ) {
    this.#tokens = capacity;
    this.#last = now();
  }

  take(amount = 1): boolean {
    if (!this.has(amount)) return false;
    this.#tokens -= amount;
    return true;
  }

  /** Whether `amount` could be taken now, taking nothing. */
  has(amount = 1): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
    return amount <= this.#tokens;
  }

  /** How long (ms) until `amount` could be taken; 0 if it can now. */
  msUntil(amount = 1): number {
    return this.has(amount) ? 0 : ((amount - this.#tokens) / this.perSecond) * 1000;
  }

  /** Whether the bucket is full again: it then behaves exactly like a new one, and can be forgotten. */
  get full(): boolean {
    return this.has(this.capacity);
  }
}
