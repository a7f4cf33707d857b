import { PEER_LIMITS } from '../../../common/limits.ts';

/**
 * The time to keep for a message from a peer. Its sender's clock is believed only near ours (honest
 * clocks differ by seconds, a badly set one by minutes): a time far ahead would sort above all
 * real history, and one out of a Date's range could not even be shown. Anything else is the
 * arrival time.
 */
export function receivedAt(claimed: number, now: number): number {
  return Math.abs(claimed - now) <= PEER_LIMITS.maxClockSkewMs ? claimed : now;
}
