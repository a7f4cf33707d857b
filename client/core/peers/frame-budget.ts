import { PEER_LIMITS } from '../../../common/limits.ts';
import type { PeerFrame } from '../../../common/peer-wire.ts';
import { TokenBucket } from '../../../common/token-bucket.ts';

/** Frames that each become something shown (and most, kept): the costly ones, on a budget of their own. */
const SHOWN: ReadonlySet<PeerFrame['t']> = new Set(['msg', 'typing', 'file-offer', 'media']);

/** What to do with a frame: deliver it, drop it, or drop it and close the link (the peer keeps flooding). */
export type FrameVerdict = 'take' | 'drop' | 'close';

/**
 * What one peer link may deliver (`PEER_LIMITS`): frames that are shown and kept on one rate,
 * every other frame on another. A frame over its rate is dropped and costs a strike; strikes heal
 * at one a second, and past `floodStrikes` the verdict is to close the link.
 */
export class FrameBudget {
  readonly #shown: TokenBucket;
  readonly #control: TokenBucket;
  /** One token a strike, healing at one a second. */
  readonly #strikes: TokenBucket;

  constructor(now: () => number = () => performance.now()) {
    this.#shown = new TokenBucket(PEER_LIMITS.shownFramesPerSec, PEER_LIMITS.shownFrameBurst, now);
    this.#control = new TokenBucket(PEER_LIMITS.controlFramesPerSec, PEER_LIMITS.controlFrameBurst, now);
    this.#strikes = new TokenBucket(1, PEER_LIMITS.floodStrikes, now);
  }

  judge(frame: PeerFrame): FrameVerdict {
    if ((SHOWN.has(frame.t) ? this.#shown : this.#control).take()) return 'take';
    return this.#strikes.take() ? 'drop' : 'close';
  }
}
