import { TokenBucket } from '../common/token-bucket.ts';
import type { Config } from './config.ts';

/** Every this many broadcasts, addresses whose buckets have refilled are forgotten, so the map holds only the recently loud. */
const SWEEP_EVERY = 1000;

/**
 * Broadcasts allowed beyond each connection's own rate: one budget per remote address (its
 * connections share it, so opening more sockets buys no more broadcasts) and one for the whole
 * process (every broadcast is copied to every reader, so this is what each reader must keep up
 * with). A broadcast is allowed only when both have room, and then counts against both.
 */
export class BroadcastBudget {
  readonly #server: TokenBucket;
  readonly #addresses = new Map<string, TokenBucket>();
  #untilSweep = SWEEP_EVERY;

  constructor(private readonly config: Config) {
    this.#server = new TokenBucket(config.serverBroadcastsPerSecond, config.serverBroadcastBurst);
  }

  /** Takes one broadcast from `address`'s budget and the server's, or nothing if either is spent. */
  take(address: string): boolean {
    if (--this.#untilSweep <= 0) this.#sweep();
    let bucket = this.#addresses.get(address);
    if (!bucket) {
      bucket = new TokenBucket(this.config.ipBroadcastsPerSecond, this.config.ipBroadcastBurst);
      this.#addresses.set(address, bucket);
    }
    if (!bucket.has() || !this.#server.has()) return false;
    bucket.take();
    this.#server.take();
    return true;
  }

  #sweep(): void {
    this.#untilSweep = SWEEP_EVERY;
    for (const [address, bucket] of this.#addresses) if (bucket.full) this.#addresses.delete(address);
  }
}
