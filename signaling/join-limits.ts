import type { Config } from './config.ts';
import { KeyedBuckets } from './keyed-buckets.ts';

type JoinSettings = Pick<Config, 'joinsPerSecondPerIp' | 'joinBurstPerIp' | 'resumeGraceMs' | 'resumeMinSessionMs' | 'resumeMaxPerIp'>;

/**
 * What one address (see address-key.ts) may do with names: how fast it joins, and which of its
 * dropped sessions keep their name for a resume. Without these, one address that connects, joins
 * and drops in a loop puts a name on everyone's list for every cycle, each held for the grace.
 * Limits are per server process.
 */
export class JoinLimits {
  readonly #joins: KeyedBuckets;
  /** Names held for resume, each with its address and when its grace ends; in that order. */
  readonly #held = new Map<string, { address: string; until: number }>();
  readonly #heldPerAddress = new Map<string, number>();

  constructor(
    private readonly settings: JoinSettings,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.#joins = new KeyedBuckets(settings.joinsPerSecondPerIp, settings.joinBurstPerIp, now);
  }

  /** Whether `address` may try to join now; every try takes a token, whatever its outcome. */
  mayJoin(address: string): boolean {
    return this.#joins.take(address);
  }

  /**
   * Whether the session of `key` from `address`, dropped now, keeps its name for a resume. Only a
   * session that lived a while does, so a loop of join-and-drop never earns it; a resumed one has
   * earned it already (and holds no new name). Even then only while its address holds fewer than
   * its share of names: a name held takes its place until the grace ends or it is resumed.
   * `joinedAt` is on this object's clock (`performance.now()`).
   */
  mayHold(address: string, key: string, session: { joinedAt: number; resumed: boolean }): boolean {
    const now = this.now();
    if (!session.resumed && now - session.joinedAt < this.settings.resumeMinSessionMs) return false;
    for (const [heldKey, { until }] of this.#held) {
      if (until > now) break;
      this.#free(heldKey);
    }
    this.#free(key);
    const count = this.#heldPerAddress.get(address) ?? 0;
    if (count >= this.settings.resumeMaxPerIp) return false;
    this.#held.set(key, { address, until: now + this.settings.resumeGraceMs });
    this.#heldPerAddress.set(address, count + 1);
    return true;
  }

  /** The name was resumed: its place is free again. */
  resumed(key: string): void {
    this.#free(key);
  }

  #free(key: string): void {
    const held = this.#held.get(key);
    if (!held) return;
    this.#held.delete(key);
    const left = this.#heldPerAddress.get(held.address)! - 1;
    if (left > 0) this.#heldPerAddress.set(held.address, left);
    else this.#heldPerAddress.delete(held.address);
  }
}
