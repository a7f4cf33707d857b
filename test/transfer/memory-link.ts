/**
 * In-memory doubles for the transfer engine's tests: two engines joined by a link whose control
 * lane delivers asynchronously and in order, and whose bulk lane queues frames (raising
 * `bufferedAmount`) and drains a bounded number of bytes per tick. The link can drop (losing
 * everything in flight) and come back. Plus byte sources and sinks over plain memory.
 */
import type { BulkChannel, ByteSink, ByteSource } from '../../client/transfer/ports.ts';
import { TransferEngine, type EngineOptions, type TransferInfo } from '../../client/transfer/transfer-engine.ts';
import { decodeChunk, parseTransferFrame, type TransferFrame } from '../../common/transfer-wire.ts';
import { within } from '../helpers.ts';

export type Side = 'a' | 'b';
const otherSide = (side: Side): Side => (side === 'a' ? 'b' : 'a');

/** Promises that resolve once a condition holds; call `check()` after every change. */
class Conditions {
  readonly #waiting = new Set<{ ready: () => boolean; resolve: () => void }>();

  until(ready: () => boolean): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.add({ ready, resolve }));
  }

  check(): void {
    for (const waiter of [...this.#waiting]) {
      if (!waiter.ready()) continue;
      this.#waiting.delete(waiter);
      waiter.resolve();
    }
  }
}

interface BulkTap {
  /** Right after a frame is queued, with the queue's new size. */
  sent(frame: Uint8Array, bufferedAmount: number): void;
  /** Just before a frame is handed to the other end (it may be changed here). */
  delivering(frame: Uint8Array): void;
}

/** One end of the bulk lane. Frames wait in a queue and drain `bytesPerTick` (at least one frame) per tick. */
export class MemoryBulk implements BulkChannel {
  peer!: MemoryBulk;
  bufferedAmount = 0;
  #queue: Uint8Array[] = [];
  readonly #listeners = new Set<(frame: Uint8Array) => void>();
  readonly #lowWaiters = new Set<{ threshold: number; resolve: () => void; reject: (error: Error) => void }>();
  #closed = false;
  #draining = false;

  constructor(
    readonly maxMessageSize: number,
    private readonly bytesPerTick: number,
    private readonly tap: BulkTap,
  ) {}

  send(frame: Uint8Array): void {
    if (this.#closed) throw new Error('the bulk channel is closed');
    if (frame.byteLength > this.maxMessageSize) throw new RangeError(`frame of ${frame.byteLength} bytes > maxMessageSize`);
    this.#queue.push(frame.slice());
    this.bufferedAmount += frame.byteLength;
    this.tap.sent(frame, this.bufferedAmount);
    if (this.#draining) return;
    this.#draining = true;
    setImmediate(() => this.#drain());
  }

  waitForLow(threshold: number): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('the bulk channel is closed'));
    if (this.bufferedAmount <= threshold) return Promise.resolve();
    return new Promise((resolve, reject) => this.#lowWaiters.add({ threshold, resolve, reject }));
  }

  onMessage(listener: (frame: Uint8Array) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Closes this end: the queue is lost, waiters reject, `send` throws. */
  close(): void {
    this.#closed = true;
    this.#queue = [];
    this.bufferedAmount = 0;
    for (const waiter of this.#lowWaiters) waiter.reject(new Error('the bulk channel closed'));
    this.#lowWaiters.clear();
  }

  #drain(): void {
    this.#draining = false;
    let budget = this.bytesPerTick;
    do {
      const frame = this.#queue.shift();
      if (!frame || this.#closed) return;
      this.bufferedAmount -= frame.byteLength;
      budget -= frame.byteLength;
      this.tap.delivering(frame);
      if (!this.peer.#closed) for (const listener of [...this.peer.#listeners]) listener(frame);
    } while (this.#queue.length > 0 && budget >= this.#queue[0]!.byteLength);
    for (const waiter of this.#lowWaiters) {
      if (this.bufferedAmount > waiter.threshold) continue;
      this.#lowWaiters.delete(waiter);
      waiter.resolve();
    }
    if (this.#queue.length === 0 || this.#closed) return;
    this.#draining = true;
    setImmediate(() => this.#drain());
  }
}

export interface LinkOptions {
  /** Largest bulk frame. Default 16 KiB. */
  maxMessageSize?: number;
  /** Bytes each bulk end delivers per tick (at least one frame). Default 64 KiB. */
  bytesPerTick?: number;
  /** Options for both engines. */
  engine?: EngineOptions;
}

/** Engines `a` and `b` and the link between them; connected from the start. */
export class MemoryLink {
  readonly engines: Record<Side, TransferEngine>;
  /** Bulk bytes each side ever queued, resends included, over every channel pair. */
  readonly bytesSent: Record<Side, number> = { a: 0, b: 0 };
  /** Bulk frames each side ever queued. */
  readonly framesSent: Record<Side, number> = { a: 0, b: 0 };
  /** The largest bulk frame ever sent. */
  largestFrame = 0;
  /** The largest `bufferedAmount` ever seen right after a send, on any bulk end. */
  peakBuffered = 0;
  /** The `seq` of every bulk frame sent, in order, with repeats collapsed (so [A, B] means all of A before all of B). */
  readonly seqRuns: number[] = [];
  /** Every control frame delivered, in order. */
  readonly controlLog: Array<{ from: Side; frame: TransferFrame }> = [];
  /** Control frames that did not parse as transfer frames (should stay empty). */
  readonly invalidFrames: string[] = [];
  /** Sees every bulk frame on its way to the other end, counted from 0 over the link's life; may change it. */
  tamper: ((frame: Uint8Array, index: number) => void) | null = null;
  #bulk: Record<Side, MemoryBulk> | null = null;
  /** Bumped by every drop: control frames sent in an earlier epoch are lost. */
  #epoch = 0;
  #delivered = 0;

  constructor(private readonly options: LinkOptions = {}) {
    this.engines = { a: this.newEngine('a'), b: this.newEngine('b') };
    this.connect();
  }

  get a(): TransferEngine {
    return this.engines.a;
  }

  get b(): TransferEngine {
    return this.engines.b;
  }

  get connected(): boolean {
    return this.#bulk !== null;
  }

  /** A fresh engine for `side` (as after a page reload); it talks only once `replace`d in. */
  newEngine(side: Side, options: EngineOptions | undefined = this.options.engine): TransferEngine {
    const engine: TransferEngine = new TransferEngine((frame) => this.#sendControl(engine, side, frame), options);
    return engine;
  }

  /** Puts `engine` in `side`'s place; the old one is cut off. Only while the link is down. */
  replace(side: Side, engine: TransferEngine): void {
    if (this.#bulk) throw new Error('drop the link before replacing an engine');
    this.engines[side] = engine;
  }

  /** Brings the link up with a fresh pair of bulk channels, attached to both engines. */
  connect(): void {
    if (this.#bulk) throw new Error('the link is already up');
    const { maxMessageSize = 16 * 1024, bytesPerTick = 64 * 1024 } = this.options;
    const end = (side: Side) => new MemoryBulk(maxMessageSize, bytesPerTick, this.#tap(side));
    const bulk = { a: end('a'), b: end('b') };
    bulk.a.peer = bulk.b;
    bulk.b.peer = bulk.a;
    this.#bulk = bulk;
    this.engines.a.attach(bulk.a);
    this.engines.b.attach(bulk.b);
  }

  /** The link drops: both bulk channels close (queued frames lost), control frames in flight are lost, both engines detach. */
  drop(): void {
    if (!this.#bulk) return;
    this.#bulk.a.close();
    this.#bulk.b.close();
    this.#bulk = null;
    this.#epoch += 1;
    this.engines.a.detach();
    this.engines.b.detach();
  }

  #tap(side: Side): BulkTap {
    return {
      sent: (frame, bufferedAmount) => {
        this.bytesSent[side] += frame.byteLength;
        this.framesSent[side] += 1;
        this.largestFrame = Math.max(this.largestFrame, frame.byteLength);
        this.peakBuffered = Math.max(this.peakBuffered, bufferedAmount);
        const seq = decodeChunk(frame)?.seq;
        if (seq !== undefined && this.seqRuns.at(-1) !== seq) this.seqRuns.push(seq);
      },
      delivering: (frame) => this.tamper?.(frame, this.#delivered++),
    };
  }

  /** Through JSON (like the real channel), a microtask later, in order; lost if the link drops first. */
  #sendControl(from: TransferEngine, side: Side, frame: TransferFrame): boolean {
    if (!this.#bulk || this.engines[side] !== from) return false;
    const epoch = this.#epoch;
    const wire = JSON.stringify(frame);
    queueMicrotask(() => {
      if (epoch !== this.#epoch) return;
      const parsed = parseTransferFrame(wire);
      if (!parsed) return void this.invalidFrames.push(wire);
      this.controlLog.push({ from: side, frame: parsed });
      this.engines[otherSide(side)].handle(parsed);
    });
    return true;
  }
}

/** A file held in memory; counts its reads. */
export class MemorySource implements ByteSource {
  reads = 0;

  constructor(readonly bytes: Uint8Array) {}

  get size(): number {
    return this.bytes.byteLength;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (offset < 0 || length < 0 || offset + length > this.size) throw new RangeError(`read of [${offset}, +${length}) outside the file`);
    this.reads += 1;
    return this.bytes.slice(offset, offset + length);
  }
}

/** A growable in-memory file that records what the engine asked of it. */
export class MemorySink implements ByteSink {
  #buffer: Uint8Array;
  length: number;
  /** The length at the last flush: what would survive a crash. */
  flushedLength = 0;
  finishCalls = 0;
  discardCalls = 0;
  /** Writes that arrived after a discard or finish (should stay 0). */
  lateWrites = 0;
  readonly truncations: number[] = [];
  readonly #changes = new Conditions();

  constructor(initial: Uint8Array = new Uint8Array(0)) {
    this.#buffer = initial.slice();
    this.length = initial.byteLength;
    this.flushedLength = initial.byteLength;
  }

  /** The file's current content (a view: copy it to keep it). */
  get bytes(): Uint8Array {
    return this.#buffer.subarray(0, this.length);
  }

  async write(offset: number, data: Uint8Array): Promise<void> {
    if (this.discardCalls > 0 || this.finishCalls > 0) this.lateWrites += 1;
    this.#resize(Math.max(this.length, offset + data.byteLength));
    this.#buffer.set(data, offset);
    this.#changes.check();
  }

  async flush(): Promise<void> {
    this.flushedLength = this.length;
  }

  async truncate(length: number): Promise<void> {
    this.truncations.push(length);
    this.#resize(length);
    this.#changes.check();
  }

  async finish(): Promise<void> {
    this.finishCalls += 1;
    this.#changes.check();
  }

  async discard(): Promise<void> {
    this.discardCalls += 1;
    this.#resize(0);
    this.#changes.check();
  }

  /** Resolves once `ready(this)` holds (bounded). */
  until(ready: (sink: MemorySink) => boolean, what: string, ms = 10_000): Promise<void> {
    return within(ms, what, this.#changes.until(() => ready(this)));
  }

  /** Sets the length; bytes past the old length read as zero, like a file. */
  #resize(length: number): void {
    if (length > this.#buffer.byteLength) {
      const grown = new Uint8Array(Math.max(length, this.#buffer.byteLength * 2));
      grown.set(this.#buffer.subarray(0, this.length));
      this.#buffer = grown;
    } else if (length > this.length) {
      this.#buffer.fill(0, this.length, length);
    }
    this.length = length;
  }
}

/** Resolves with `engine`'s transfer matching `accept`: at once if one already does, else at the next such 'update' (bounded). */
export function waitForUpdate(engine: TransferEngine, accept: (info: TransferInfo) => boolean, what: string, ms = 10_000): Promise<TransferInfo> {
  const now = engine.transfers.find(accept);
  if (now) return Promise.resolve(now);
  return within(ms, what, engine.next('update', accept).then(([info]) => info));
}
