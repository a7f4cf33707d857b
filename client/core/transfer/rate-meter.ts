/** Speed over a sliding window, and the time left at that speed. */
export class RateMeter {
  readonly #samples: Array<{ at: number; bytes: number }> = [];

  constructor(
    private readonly windowMs = 3000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records that `bytes` (a running total) were reached now. */
  sample(bytes: number): void {
    const at = this.now();
    this.#samples.push({ at, bytes });
    while (this.#samples.length > 2 && at - this.#samples[0]!.at > this.windowMs) this.#samples.shift();
  }

  /** Bytes per second over the window; 0 until there are two samples. */
  get bytesPerSecond(): number {
    const first = this.#samples[0];
    const last = this.#samples.at(-1);
    if (!first || !last || last.at <= first.at) return 0;
    return ((last.bytes - first.bytes) * 1000) / (last.at - first.at);
  }

  /** Seconds until `total` at the current speed; undefined while the speed is unknown. */
  secondsLeft(total: number): number | undefined {
    const rate = this.bytesPerSecond;
    const done = this.#samples.at(-1)?.bytes ?? 0;
    return rate > 0 ? (total - done) / rate : undefined;
  }

  reset(): void {
    this.#samples.length = 0;
  }
}
