import type { TransferFrame } from '../../../common/peer-wire.ts';
import type { BulkChannel } from '../peers/bulk-channel.ts';
import type { Hashing } from './ports.ts';
import type { RateMeter } from './rate-meter.ts';
import { wasmHashing } from './wasm-hashing.ts';
import { FINISHED, failureText, type EngineEvents, type EngineOptions, type TransferFailure, type TransferInfo } from './transfer-info.ts';

/** What each side of the engine reaches the peer and the app through; the engine holds all three. */
export interface EngineContext {
  /** Sends one control frame on the chat channel. */
  sendControl(frame: TransferFrame): boolean;
  /** The bulk channel while the peer link is up; null while it is down. */
  bulk(): BulkChannel | null;
  /** Tells the app (the engine's events). */
  emit<K extends keyof EngineEvents>(event: K, ...args: Parameters<EngineEvents[K]>): void;
}

/** What either side keeps of one transfer. */
export interface TransferRecord {
  info: TransferInfo;
  meter: RateMeter;
  /** When progress was last announced (performance.now()); -Infinity before the first time. */
  shownAt: number;
}

/**
 * The transfers of one direction, and what both directions do alike: announce every change,
 * throttle progress, pause when the link drops, and end a transfer as cancelled or failed.
 */
export abstract class TransferSide<T extends TransferRecord> {
  protected readonly records = new Map<string, T>();
  protected readonly hashing: Hashing;
  readonly #progressEveryMs: number;

  constructor(
    protected readonly engine: EngineContext,
    options: EngineOptions,
  ) {
    this.hashing = options.hashing ?? wasmHashing;
    this.#progressEveryMs = options.progressEveryMs ?? 1000;
  }

  has(id: string): boolean {
    return this.records.has(id);
  }

  /** A copy of every transfer's info. */
  get infos(): TransferInfo[] {
    return [...this.records.values()].map((t) => ({ ...t.info }));
  }

  /** Stops a transfer from this side; the peer is told. */
  cancel(id: string): void {
    const t = this.records.get(id);
    if (!t || FINISHED.has(t.info.state)) return;
    this.engine.sendControl({ t: 'file-cancel', id });
    this.end(t, 'cancelled');
  }

  /** The peer stopped a transfer. */
  onCancel(id: string): void {
    const t = this.records.get(id);
    if (t && !FINISHED.has(t.info.state)) this.end(t, 'cancelled');
  }

  /** The peer link is gone: everything in flight pauses. */
  pause(): void {
    for (const t of [...this.records.values()]) {
      if (t.info.state === 'sending' || t.info.state === 'queued' || t.info.state === 'receiving') this.set(t, { state: 'paused' });
    }
  }

  /** Ends a transfer as failed, and tells the peer to let go of it. */
  protected fail(t: T, failure: TransferFailure): void {
    this.engine.sendControl({ t: 'file-cancel', id: t.info.id });
    this.end(t, 'failed', failure);
  }

  protected end(t: T, state: 'cancelled' | 'failed', failure?: TransferFailure): void {
    this.set(t, { state, failure, error: failure && failureText(failure), bytesPerSecond: 0, secondsLeft: undefined });
    this.release(t);
  }

  /** A transfer was cancelled or failed: let go of what it holds. */
  protected release(_t: T): void {}

  /** `bytes` are confirmed: the speed and time left follow; shown at most every `progressEveryMs`. */
  protected progress(t: T, bytes: number): void {
    t.meter.sample(bytes);
    const changes = { bytes, bytesPerSecond: t.meter.bytesPerSecond, secondsLeft: t.meter.secondsLeft(t.info.size) };
    const now = performance.now();
    if (now - t.shownAt < this.#progressEveryMs) {
      Object.assign(t.info, changes); // the next announcement (or state change) carries it
      return;
    }
    t.shownAt = now;
    this.set(t, changes);
  }

  protected set(t: T, changes: Partial<TransferInfo>): void {
    Object.assign(t.info, changes);
    this.changed(t);
    this.engine.emit('update', { ...t.info });
  }

  /** A transfer changed, just before the change is announced. */
  protected changed(_t: T): void {}
}
