/** Two transfer engines joined by an in-memory link: a control lane and a bulk lane that can queue, drain slowly, drop and come back. */
import type { BulkChannel } from '../../client/core/peers/bulk-channel.ts';
import type { ByteSink, ByteSource } from '../../client/core/transfer/ports.ts';
import { TransferEngine } from '../../client/core/transfer/transfer-engine.ts';
import type { EngineOptions, TransferInfo } from '../../client/core/transfer/transfer-info.ts';
import type { TransferFrame } from '../../common/peer-wire.ts';
import { within } from './timing.ts';

/** One end of a bulk lane. Frames wait in a queue (raising `bufferedAmount`) and drain a few KiB per tick. */
export class MemoryBulk implements BulkChannel {
  other!: MemoryBulk;
  bufferedAmount = 0;
  /** The largest `bufferedAmount` ever seen right after a send. */
  peakBuffered = 0;
  /** Every byte ever accepted by `send`, resends included. */
  bytesSent = 0;
  #queue: Uint8Array[] = [];
  #listeners = new Set<(frame: Uint8Array) => void>();
  #waiters: Array<{ threshold: number; resolve: () => void; reject: (error: Error) => void }> = [];
  #closed = false;
  #draining = false;
  /** Bytes the link may still deliver: `bytesPerTick` more each tick, spent a whole frame at a time. */
  #credit = 0;

  constructor(
    readonly maxMessageSize: number,
    private readonly bytesPerTick: number,
    private readonly tamper: (frame: Uint8Array) => void,
  ) {}

  send(frame: Uint8Array): void {
    if (this.#closed) throw new Error('closed');
    if (frame.byteLength > this.maxMessageSize) throw new Error('frame larger than maxMessageSize');
    this.#queue.push(frame.slice());
    this.bufferedAmount += frame.byteLength;
    this.bytesSent += frame.byteLength;
    this.peakBuffered = Math.max(this.peakBuffered, this.bufferedAmount);
    if (!this.#draining) {
      this.#draining = true;
      setImmediate(() => this.#drain());
    }
  }

  waitForLow(threshold: number): Promise<void> {
    if (this.#closed) return Promise.reject(new Error('closed'));
    if (this.bufferedAmount <= threshold) return Promise.resolve();
    return new Promise((resolve, reject) => this.#waiters.push({ threshold, resolve, reject }));
  }

  onMessage(listener: (frame: Uint8Array) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  close(): void {
    this.#closed = true;
    this.#queue = [];
    this.bufferedAmount = 0;
    for (const waiter of this.#waiters.splice(0)) waiter.reject(new Error('closed'));
  }

  #drain(): void {
    this.#credit += this.bytesPerTick;
    while (!this.#closed && this.#queue.length > 0 && this.#credit >= this.#queue[0]!.byteLength) {
      const frame = this.#queue.shift()!;
      this.bufferedAmount -= frame.byteLength;
      this.#credit -= frame.byteLength;
      this.tamper(frame);
      for (const listener of this.other.#listeners) listener(frame);
    }
    this.#waiters = this.#waiters.filter((waiter) => {
      if (this.bufferedAmount > waiter.threshold) return true;
      waiter.resolve();
      return false;
    });
    this.#draining = !this.#closed && this.#queue.length > 0;
    if (!this.#draining) this.#credit = 0; // an idle link saves up nothing
    if (this.#draining) setImmediate(() => this.#drain());
  }
}

/** Two joined ends of a bulk lane: what one sends, the other receives. */
export function memoryBulkPair(maxMessageSize = 16 * 1024, bytesPerTick = 256 * 1024, tamper: (frame: Uint8Array) => void = () => {}): [MemoryBulk, MemoryBulk] {
  const a = new MemoryBulk(maxMessageSize, bytesPerTick, tamper);
  const b = new MemoryBulk(maxMessageSize, bytesPerTick, tamper);
  a.other = b;
  b.other = a;
  return [a, b];
}

export interface LinkOptions {
  maxMessageSize?: number;
  bytesPerTick?: number;
  engine?: EngineOptions;
  /** Sees (and may change) every bulk frame on its way. */
  tamper?: (frame: Uint8Array) => void;
  /** Sees every control frame on its way, and may change it or drop it (null). */
  control?: (frame: TransferFrame) => TransferFrame | null;
}

/** A sender and a receiver engine, and the link between them. */
export class MemoryLink {
  readonly sender: TransferEngine;
  receiver: TransferEngine;
  /** The current pair of bulk ends (sender side first); replaced on every reconnect. */
  bulk: [MemoryBulk, MemoryBulk] | null = null;
  /** Bytes the sender pushed through every bulk lane so far. */
  bytesSent = 0;
  #up = false;
  #generation = 0;

  constructor(private readonly options: LinkOptions = {}) {
    this.sender = new TransferEngine((frame) => this.#deliver(() => this.receiver, frame), options.engine);
    this.receiver = this.newReceiver();
  }

  /** A fresh receiving engine on this link (as after a page reload). */
  newReceiver(): TransferEngine {
    return new TransferEngine((frame) => this.#deliver(() => this.sender, frame), this.options.engine);
  }

  connect(): void {
    this.#up = true;
    this.#generation++;
    const { maxMessageSize, bytesPerTick, tamper } = this.options;
    const [a, b] = (this.bulk = memoryBulkPair(maxMessageSize, bytesPerTick, tamper));
    this.sender.attach(a);
    this.receiver.attach(b);
  }

  /** The link drops: queued bytes and control frames in flight are lost; both engines are told. */
  drop(): void {
    this.#up = false;
    this.#generation++;
    if (this.bulk) this.bytesSent += this.bulk[0].bytesSent;
    this.bulk?.forEach((end) => end.close());
    this.bulk = null;
    this.sender.detach();
    this.receiver.detach();
  }

  totalBytesSent(): number {
    return this.bytesSent + (this.bulk?.[0].bytesSent ?? 0);
  }

  #deliver(to: () => TransferEngine, frame: TransferFrame): boolean {
    if (!this.#up) return false;
    const generation = this.#generation;
    const passed = this.options.control ? this.options.control(frame) : frame;
    if (!passed) return true;
    // Through JSON, like the real channel, and a tick later.
    const wire = JSON.stringify(passed);
    setImmediate(() => {
      if (generation === this.#generation) to().handle(JSON.parse(wire));
    });
    return true;
  }
}

const PIECE_SIZES = [65_536, 1_000_003, 7, 300_000];

export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.byteLength,
    open(offset) {
      let at = offset;
      let n = 0;
      return {
        // Pieces of uneven sizes, as a browser's file stream gives them; and like it, every other
        // read hands the bytes back in a new ArrayBuffer, leaving the caller's detached.
        async read(into) {
          const piece = bytes.subarray(at, at + Math.min(into.byteLength, PIECE_SIZES[n++ % PIECE_SIZES.length]!));
          into.set(piece);
          at += piece.byteLength;
          const { byteOffset } = into;
          const buffer = n % 2 === 0 ? structuredClone(into.buffer, { transfer: [into.buffer] }) : into.buffer;
          return new Uint8Array(buffer, byteOffset, piece.byteLength);
        },
        close() {},
      };
    },
  };
}

export class MemorySink implements ByteSink {
  bytes = new Uint8Array(0);
  length = 0;
  finished = false;
  discarded = false;
  /** How many times the engine asked for the file to be made durable. */
  flushes = 0;
  #onDiscard!: () => void;
  /** Resolves when the engine deletes the partial file. */
  readonly whenDiscarded = new Promise<void>((resolve) => (this.#onDiscard = resolve));

  async write(offset: number, data: Uint8Array): Promise<void> {
    const end = offset + data.byteLength;
    if (end > this.bytes.byteLength) {
      const grown = new Uint8Array(Math.max(end, this.bytes.byteLength * 2));
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    this.bytes.set(data, offset);
    this.length = Math.max(this.length, end);
  }
  async flush(): Promise<boolean> {
    this.flushes++;
    return true;
  }
  async truncate(length: number): Promise<void> {
    this.length = Math.min(this.length, length);
  }
  async finish(): Promise<void> {
    this.finished = true;
  }
  async discard(): Promise<void> {
    this.discarded = true;
    this.#onDiscard();
  }
  content(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }
}

/** Resolves with the first update from `engine` matching `accept` (bounded). */
export function nextUpdate(engine: TransferEngine, accept: (info: TransferInfo) => boolean, what: string, ms = 10_000) {
  return within(ms, what, engine.next('update', accept).then(([info]) => info));
}

/** Deterministic pseudo-random bytes (the same file every run). */
export function pseudoRandomBytes(size: number, seed = 7): Uint8Array {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes[i] = x & 0xff;
  }
  return bytes;
}
