import { TokenBucket } from '../common/token-bucket.ts';
import type { Config } from './config.ts';
import { KeyedBuckets } from './keyed-buckets.ts';

/**
 * Broadcasts allowed beyond each connection's own rate: one budget per remote address (its
 * connections share it, so opening more sockets buys no more broadcasts) and one for the whole
 * process (every broadcast is copied to every reader, so this is what each reader must keep up
 * with). A broadcast is allowed only when both have room, and then counts against both.
 */
export class BroadcastBudget {
  readonly #server: TokenBucket;
  readonly #addresses: KeyedBuckets;

  constructor(config: Config) {
    this.#server = new TokenBucket(config.serverBroadcastsPerSecond, config.serverBroadcastBurst);
    this.#addresses = new KeyedBuckets(config.ipBroadcastsPerSecond, config.ipBroadcastBurst);
  }

  /** Takes one broadcast from `address`'s budget and the server's, or nothing if either is spent. */
  take(address: string): boolean {
    // The server's is checked first, so a refusal there leaves the address's untouched.
    return this.#server.has() && this.#addresses.take(address) && this.#server.take();
  }
}
