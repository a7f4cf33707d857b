/** While a reader is being skipped, how often its backlog is looked at to see whether it has caught up. */
const CHECK_MS = 200;

/** What a reader missed while it was behind: how many broadcasts, and between which server times (ms). */
export interface Missed {
  broadcasts: number;
  since: number;
  until: number;
}

/**
 * Keeps one slow reader from being dropped for the room's sake. While its unsent backlog is past
 * `boundBytes`, broadcasts to it are skipped and counted; once the backlog is down to half the
 * bound (so one frame more or less does not flip it back and forth), it is told what it missed and
 * broadcasts flow again. Only broadcasts are skipped: what is meant for this reader alone (signals,
 * calls, presence, answers) still goes, and still counts towards the bound that drops a reader.
 */
export class SkippedBroadcasts {
  #missed: Missed | null = null;
  #timer: NodeJS.Timeout | undefined;

  /**
   * @param backlog the reader's unsent bytes now.
   * @param tell sends the reader what it missed, once it has caught up.
   */
  constructor(
    private readonly backlog: () => number,
    private readonly boundBytes: number,
    private readonly tell: (missed: Missed) => void,
  ) {}

  /** Whether the broadcast at hand is to be skipped (it is then counted). */
  skip(): boolean {
    this.#check();
    const now = Date.now();
    if (!this.#missed) {
      if (this.backlog() <= this.boundBytes) return false;
      this.#missed = { broadcasts: 0, since: now, until: now };
      // Without a timer, a reader that catches up while the room is quiet would hear nothing until the next broadcast.
      this.#timer = setInterval(() => this.#check(), CHECK_MS);
      this.#timer.unref();
    }
    this.#missed.broadcasts++;
    this.#missed.until = now;
    return true;
  }

  /** The connection is gone: nothing more to tell. */
  stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#missed = null;
  }

  #check(): void {
    const missed = this.#missed;
    if (!missed || this.backlog() > this.boundBytes / 2) return;
    this.stop();
    this.tell(missed);
  }
}
