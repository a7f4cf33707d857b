/**
 * How many bytes a sender may have in flight: sent, and not yet acknowledged by the receiver as
 * written. A delay-based window in the manner of LEDBAT (RFC 6817), with round trips measured
 * from when each frame leaves the data channel's own buffer to the ack that covers it.
 *
 * Why the bulk lane needs one on top of `bufferedAmount`: that only bounds what waits inside the
 * data channel. Chromium's SCTP then sends as fast as its congestion window allows, and in slow
 * start it fills every queue between the two pages (renderer, network service, the other
 * renderer) before it sees a loss; chat on the other connection waits in the same queues.
 * Measured between two bare Chromium pages on this machine (2 cores; 48 MiB on one connection,
 * a timestamp every 100 ms on another), paced by `bufferedAmount` alone: 7.4–11.7 MB/s, and the
 * first timestamps 42–158 ms late. With at most one or two 256 KiB frames unacknowledged:
 * 10–15 MB/s, timestamps p99 6–63 ms. A fixed window that small would cap a long path, though
 * (512 KiB per 100 ms round trip is 5 MB/s), so the window grows while round trips stay near the
 * shortest seen, and shrinks once the queueing they show passes a target. A receiver that stops
 * writing (a stalled disk) also stops the sender, one window ahead at most.
 *
 * Time a frame spends in the sender's own channel buffer (bounded by the pump's high-water mark) is
 * not queueing on the path, where chat waits: the data channel hands bytes to the network at its own
 * pace, in bursts in Firefox. Counted as round trip, it read as a queue and held the window small.
 */
export interface SendWindowOptions {
  /** Queueing delay to aim for, in ms: what chat beside the transfer may wait. Default 25. */
  targetDelayMs: number;
  /** The window never grows past this, in bytes. Default 16 MiB. */
  maxBytes: number;
}

/** LEDBAT's gain: at most one frame more per round trip. */
const GAIN = 1;
/**
 * The window starts at, and never goes below, two frames: one on its way while the other's ack
 * comes back. With one, the path idles for a whole ack's way back before each frame: between two
 * bare Chromium pages, 10–15 MB/s (mean 13.3 over 12 runs) against 13–15 (mean 14.6 over 8).
 */
const MIN_FRAMES = 2;

export class SendWindow {
  readonly #frameSize: number;
  readonly #options: SendWindowOptions;
  readonly #now: () => number;
  #bytes: number;
  #acked: number;
  #baseRtt = Infinity;
  /** Acks up to here may be for an earlier run's frames: they move the window but time nothing. */
  #resentUpTo: number;
  /** Bytes handed to the channel so far, frames with their headers. */
  #handed = 0;
  /**
   * Every frame in flight, oldest first: its end offset, when it was sent, the channel's byte count
   * up to and with it, and when it was seen to have left the channel's buffer.
   */
  readonly #inFlight: Array<{ end: number; at: number; handed: number; left?: number }> = [];
  #wake: (() => void) | null = null;

  constructor(frameSize: number, startAt: number, options: Partial<SendWindowOptions> = {}, now: () => number = () => performance.now()) {
    this.#frameSize = frameSize;
    this.#options = { targetDelayMs: 25, maxBytes: 16 * 1024 * 1024, ...options };
    this.#now = now;
    this.#bytes = this.#clamp(0);
    this.#acked = startAt;
    this.#resentUpTo = startAt;
  }

  /**
   * The next file (or a restart) on the same connection: starts where `previous` left off, with
   * its size and shortest round trip, instead of two frames and nothing known. A batch of files
   * on a long path then ramps up once, not once per file.
   */
  continueFrom(previous: SendWindow): void {
    this.#bytes = previous.#bytes;
    this.#baseRtt = previous.#baseRtt;
  }

  /**
   * A restart: an earlier run of the same transfer already sent frames up to `upTo`, and the
   * receiver may still be writing and acknowledging those. Timing such an ack against our own
   * send of the same bytes would give a round trip near zero, and a base nothing could match.
   */
  resending(upTo: number): void {
    this.#resentUpTo = Math.max(this.#resentUpTo, upTo);
  }

  /** The window, in bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Whether a frame ending at `end` may go now. */
  allows(end: number): boolean {
    return end - this.#acked <= this.#bytes;
  }

  /** A frame ending at `end`, `frameBytes` long on the channel, was handed to it. */
  sent(end: number, frameBytes: number): void {
    this.#handed += frameBytes;
    this.#inFlight.push({ end, at: this.#now(), handed: this.#handed });
  }

  /** The channel's buffer holds `bufferedAmount` bytes now: the frames before those have left it. */
  buffered(bufferedAmount: number): void {
    const drained = this.#handed - bufferedAmount;
    const now = this.#now();
    for (const frame of this.#inFlight) {
      if (frame.handed > drained) break;
      frame.left ??= now;
    }
  }

  /** The receiver has written everything before `offset`. */
  acked(offset: number): void {
    if (offset <= this.#acked) return;
    const newly = offset - this.#acked;
    this.#acked = offset;
    let sentAt: number | undefined;
    while (this.#inFlight.length > 0 && this.#inFlight[0]!.end <= offset) {
      const frame = this.#inFlight.shift()!;
      sentAt = frame.left ?? frame.at;
    }
    if (sentAt !== undefined && offset > this.#resentUpTo) this.#adapt(this.#now() - sentAt, newly);
    this.#release();
  }

  /** Resolves at the next ack, or when `stop` is called. */
  wait(): Promise<void> {
    return new Promise((resolve) => {
      const earlier = this.#wake;
      this.#wake = () => {
        earlier?.();
        resolve();
      };
    });
  }

  /** The transfer stopped: whoever waits goes on, and finds it stopped. */
  stop(): void {
    this.#release();
  }

  #adapt(rtt: number, newly: number): void {
    this.#baseRtt = Math.min(this.#baseRtt, rtt);
    const target = this.#options.targetDelayMs;
    // +1 when nothing queues, falling to −1 at twice the target: grow or shrink by up to a frame per window acknowledged.
    const offTarget = Math.max(-1, (target - (rtt - this.#baseRtt)) / target);
    this.#bytes = this.#clamp(this.#bytes + (GAIN * offTarget * newly * this.#frameSize) / this.#bytes);
  }

  /** Between the two-frame floor and the maximum (the floor wins). */
  #clamp(bytes: number): number {
    return Math.max(MIN_FRAMES * this.#frameSize, Math.min(this.#options.maxBytes, bytes));
  }

  #release(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
