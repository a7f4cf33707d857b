/**
 * How many bytes a sender may have in flight: sent, and not yet acknowledged by the receiver as
 * written. A delay-based window in the manner of LEDBAT (RFC 6817), with round trips measured
 * from each frame's send to the ack that covers it.
 *
 * Why the bulk lane needs one on top of `bufferedAmount`: that only bounds what waits inside the
 * data channel. Chromium's SCTP then sends as fast as its congestion window allows, and in slow
 * start it fills every queue between the two pages (renderer, network service, the other
 * renderer) before it sees a loss. Measured between two Chromium pages on this machine (2 cores),
 * 48 MiB paced by `bufferedAmount` alone: 8–10 MB/s, and chat beside it 40–160 ms late in the
 * first half second. With at most one or two 256 KiB frames unacknowledged: 13–15 MB/s, chat
 * p99 9–63 ms. A fixed window that small would cap a long path, though (512 KiB per 100 ms round
 * trip is 5 MB/s), so the window grows while round trips stay near the shortest seen, and
 * shrinks once the queueing they show passes a target. A receiver that stops writing (a stalled
 * disk) also stops the sender, one window ahead at most.
 */
export interface WindowOptions {
  /** Queueing delay to aim for, in ms: what chat beside the transfer may wait. Default 25. */
  targetDelayMs: number;
  /** The window never grows past this, in bytes. Default 16 MiB. */
  maxBytes: number;
}

/** LEDBAT's gain: at most one frame more per round trip. */
const GAIN = 1;
/** A start of two frames: one being sent while the other is acknowledged. */
const INITIAL_FRAMES = 2;

export class SendWindow {
  readonly #frameSize: number;
  readonly #options: WindowOptions;
  readonly #now: () => number;
  #bytes: number;
  #acked: number;
  #baseRtt = Infinity;
  /** End offset and send time of every frame in flight, oldest first. */
  readonly #inFlight: Array<{ end: number; at: number }> = [];
  #wake: (() => void) | null = null;

  constructor(frameSize: number, startAt: number, options: Partial<WindowOptions> = {}, now: () => number = () => performance.now()) {
    this.#frameSize = frameSize;
    this.#options = { targetDelayMs: 25, maxBytes: 16 * 1024 * 1024, ...options };
    this.#now = now;
    this.#bytes = this.#clamp(INITIAL_FRAMES * frameSize);
    this.#acked = startAt;
  }

  /** The window, in bytes. */
  get bytes(): number {
    return this.#bytes;
  }

  /** Whether a frame ending at `end` may go now. One frame may always be in flight. */
  allows(end: number): boolean {
    return this.#inFlight.length === 0 || end - this.#acked <= this.#bytes;
  }

  /** A frame ending at `end` went out. */
  sent(end: number): void {
    this.#inFlight.push({ end, at: this.#now() });
  }

  /** The receiver has written everything before `offset`. */
  acked(offset: number): void {
    if (offset <= this.#acked) return;
    const newly = offset - this.#acked;
    this.#acked = offset;
    let sentAt: number | undefined;
    while (this.#inFlight.length > 0 && this.#inFlight[0]!.end <= offset) sentAt = this.#inFlight.shift()!.at;
    if (sentAt !== undefined) this.#adapt(this.#now() - sentAt, newly);
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

  /** Between one frame and the maximum. */
  #clamp(bytes: number): number {
    return Math.max(this.#frameSize, Math.min(this.#options.maxBytes, bytes));
  }

  #release(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }
}
