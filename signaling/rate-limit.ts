/**
 * A token bucket: `capacity` tokens, refilled at `perSecond`. Taking more than is there fails and
 * takes nothing, so a burst up to the capacity passes and a sustained flood is held to the rate.
 */
export class TokenBucket {
  #tokens: number;
  #last: number;

  constructor(
    private readonly perSecond: number,
    private readonly capacity: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#tokens = capacity;
    this.#last = now();
  }

  take(amount = 1): boolean {
    const now = this.now();
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#last) / 1000) * this.perSecond);
    this.#last = now;
    if (amount > this.#tokens) return false;
    this.#tokens -= amount;
    return true;
  }
}
