import type { TransferInfo } from '../core/transfer/transfer-info.ts';
import { formatBytes, formatDuration, formatSpeed } from '../core/util/format-units.ts';

/**
 * One line per transfer on the terminal: redrawn in place on a TTY, and otherwise printed at
 * every 10% so logs stay readable.
 */
export class ProgressBar {
  #lastDecile = -1;

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  update(info: TransferInfo): void {
    const fraction = info.size === 0 ? 1 : info.bytes / info.size;
    const width = 24;
    const filled = Math.round(fraction * width);
    const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
    const eta = info.secondsLeft === undefined ? '' : ` · ${formatDuration(info.secondsLeft)} left`;
    const speed = info.bytesPerSecond > 0 ? ` · ${formatSpeed(info.bytesPerSecond)}` : '';
    const line = `${info.name} ${bar} ${(fraction * 100).toFixed(0).padStart(3)}% ${formatBytes(info.bytes)} / ${formatBytes(info.size)}${speed}${eta} · ${info.state}`;
    if (this.out.isTTY) {
      this.out.write(`\r${line}\u001b[K`);
      if (info.state === 'done' || info.state === 'failed') this.out.write('\n');
      return;
    }
    const decile = Math.floor(fraction * 10);
    if (decile !== this.#lastDecile || info.state !== 'sending' && info.state !== 'receiving') {
      this.#lastDecile = decile;
      this.out.write(`${line}\n`);
    }
  }
}
