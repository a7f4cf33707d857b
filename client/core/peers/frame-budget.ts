import { PEER_LIMITS } from '../../../common/limits.ts';
import type { PeerFrame } from '../../../common/peer-wire.ts';

/** Frames that each become something shown (and most, kept): the costly ones, on a budget of their own. */
const SHOWN: ReadonlySet<PeerFrame['t']> = new Set(['msg', 'typing', 'file-offer', 'media']);

/** What to do with a frame: deliver it, drop it, or drop it and close the link (the peer keeps flooding). */
export type FrameVerdict = 'take' | 'drop' | 'close';

/**
 * A rate of `perSecond` with bursts of `burst`, as the generic cell rate algorithm keeps it: one
 * number, the time by which everything taken so far would have been paid for at the rate.
 */
export class Rate {
  readonly #interval: number;
  readonly #tolerance: number;
  #paidBy = -Infinity;

  constructor(perSecond: number, burst: number) {
    this.#interval = 1000 / perSecond;
    this.#tolerance = (burst - 1) * this.#interval;
  }

  /** Takes one if the rate allows it at `now` (ms). */
  take(now: number): boolean {
    const paidBy = Math.max(this.#paidBy, now);
    if (paidBy - now > this.#tolerance) return false;
    this.#paidBy = paidBy + this.#interval;
    return true;
  }

  /** When (ms) the next `take` will succeed. */
  get nextAt(): number {
    return this.#paidBy - this.#tolerance;
  }
}

/**
 * What one peer link may deliver (`PEER_LIMITS`): frames that are shown and kept on one rate,
 * every other frame on another. A frame over its rate is dropped and costs a strike; strikes heal
 * at one a second, and past `floodStrikes` the verdict is to close the link.
 */
export class FrameBudget {
  readonly #shown = new Rate(PEER_LIMITS.shownFramesPerSec, PEER_LIMITS.shownFrameBurst);
  readonly #control = new Rate(PEER_LIMITS.controlFramesPerSec, PEER_LIMITS.controlFrameBurst);
  #strikes = 0;
  #struckAt = 0;

  constructor(private readonly now: () => number = () => performance.now()) {}

  judge(frame: PeerFrame): FrameVerdict {
    const now = this.now();
    if ((SHOWN.has(frame.t) ? this.#shown : this.#control).take(now)) return 'take';
    this.#strikes = Math.max(0, this.#strikes - (now - this.#struckAt) / 1000) + 1;
    this.#struckAt = now;
    return this.#strikes > PEER_LIMITS.floodStrikes ? 'close' : 'drop';
  }
}
