import type { IHasher } from 'hash-wasm';
import { decodeChunk, sealChunk, CHUNK_HEADER_BYTES, type TransferFrame } from '../../../common/transfer-wire.ts';
import { Emitter } from '../emitter.ts';
import { randomId } from '../random-id.ts';
import { newHasher } from './hasher.ts';
import type { BulkChannel, ByteSink, ByteSource } from './ports.ts';
import { RateMeter } from './rate-meter.ts';
import { SendWindow, type WindowOptions } from './send-window.ts';
import { FINISHED, type Checkpoint, type EngineEvents, type EngineOptions, type TransferInfo } from './transfer-info.ts';
import { yieldToEventLoop } from './yield.ts';

interface Outgoing {
  info: TransferInfo;
  source: ByteSource;
  hasher: Promise<IHasher>;
  /** The hash covers bytes [0, hashedUpTo). Resends of earlier bytes are not hashed twice. */
  hashedUpTo: number;
  /** Where the next pump starts (the receiver's confirmed offset). */
  startAt: number;
  /**
   * Whether the receiver acknowledges every chunk it writes, so that bytes in flight can be held to
   * a window. A client from before the window acknowledges every 1 MiB: it gets no window.
   */
  acksEveryChunk: boolean;
  /** The current pump's window, while it sends. */
  window: SendWindow | null;
  /** Bumped by every (re)start, so a superseded pump loop knows to stop. */
  run: number;
  /** The file's SHA-256, once hashed to the end (a hasher can be finalised only once; resumes reuse it). */
  digest?: string;
  meter: RateMeter;
  /** When progress was last announced (performance.now()); -Infinity before the first time. */
  shownAt: number;
}

interface Incoming {
  info: TransferInfo;
  sink: ByteSink | null;
  hasher: Promise<IHasher>;
  /** Bytes written to the sink (and hashed). */
  written: number;
  /** Offset of the next chunk expected on the wire (ahead of `written` while writes are queued). */
  expected: number;
  lastCheckpoint: number;
  senderDigest?: string;
  /** Writes happen one at a time, in order. */
  chain: Promise<void>;
  meter: RateMeter;
  shownAt: number;
}

/**
 * Moves files between this peer and one other: offers, consent, paced streaming over the bulk
 * channel, incremental SHA-256 on both sides, resume from the last confirmed offset after the link
 * drops, and cancel from either side. Files go one at a time per direction, in the order accepted.
 */
export class TransferEngine extends Emitter<EngineEvents> {
  readonly #out = new Map<string, Outgoing>();
  readonly #in = new Map<string, Incoming>();
  readonly #inBySeq = new Map<number, Incoming>();
  #bulk: BulkChannel | null = null;
  #stopListening: (() => void) | null = null;
  #pumping: Outgoing | null = null;
  /** The last send window on the attached bulk channel: the next one starts from it. */
  #lastWindow: SendWindow | null = null;
  #nextSeq = Math.floor(Math.random() * 0x7fffffff);
  readonly #highWater: number;
  readonly #lowWater: number;
  readonly #maxChunk: number;
  readonly #window: Partial<WindowOptions>;
  readonly #checkpointEvery: number;
  readonly #progressEveryMs: number;

  constructor(
    private readonly sendControl: (frame: TransferFrame) => boolean,
    options: EngineOptions = {},
  ) {
    super();
    this.#maxChunk = options.maxChunk ?? 256 * 1024;
    this.#highWater = options.highWater ?? 1024 * 1024;
    this.#lowWater = options.lowWater ?? 512 * 1024;
    this.#window = options.window ?? {};
    this.#checkpointEvery = options.checkpointEvery ?? 16 * 1024 * 1024;
    this.#progressEveryMs = options.progressEveryMs ?? 1000;
  }

  get transfers(): TransferInfo[] {
    return [...this.#out.values(), ...this.#in.values()].map((t) => ({ ...t.info }));
  }

  /** The peer link is up: pick every interrupted transfer up where it stopped. */
  attach(bulk: BulkChannel): void {
    this.detach();
    this.#bulk = bulk;
    this.#stopListening = bulk.onMessage((frame) => this.#onChunk(frame));
    // Offer every unfinished file again: a control frame lost in the drop (an accept, a cancel, the
    // final file-done) would otherwise leave this side waiting for ever. The receiver answers for
    // what it knows (resume, decline, cancel, done).
    for (const t of this.#out.values()) {
      if (!FINISHED.has(t.info.state)) this.#sendOffer(t.info);
    }
    for (const t of this.#in.values()) {
      if (t.info.state === 'receiving' || t.info.state === 'paused') void this.#requestFrom(t);
    }
    // A request can arrive on the chat channel before the bulk channel is attached: start it now.
    this.#pumpNext();
  }

  /** The peer link is gone: everything in flight pauses. */
  detach(): void {
    this.#stopListening?.();
    this.#stopListening = null;
    this.#bulk = null;
    this.#pumping = null;
    this.#lastWindow = null; // a new connection may take another path
    for (const t of [...this.#out.values(), ...this.#in.values()]) {
      if (t.info.state === 'sending' || t.info.state === 'queued' || t.info.state === 'receiving') this.#set(t, { state: 'paused' });
    }
  }

  /** Offers a file; it is sent once the other side accepts. */
  offer(file: { name: string; type: string; source: ByteSource }): TransferInfo {
    const info: TransferInfo = {
      id: randomId(),
      seq: this.#nextSeq++ >>> 0,
      direction: 'out',
      name: file.name,
      size: file.source.size,
      type: file.type,
      state: 'offered',
      bytes: 0,
      bytesPerSecond: 0,
    };
    const t: Outgoing = {
      info,
      source: file.source,
      hasher: newHasher(),
      hashedUpTo: 0,
      startAt: 0,
      acksEveryChunk: false,
      window: null,
      run: 0,
      meter: new RateMeter(),
      shownAt: -Infinity,
    };
    this.#out.set(info.id, t);
    this.#sendOffer(info);
    this.emit('update', { ...info });
    return { ...info };
  }

  /** Accepts an incoming offer, writing into `sink`. */
  accept(id: string, sink: ByteSink): void {
    const t = this.#in.get(id);
    if (!t || t.info.state !== 'incoming') return;
    t.sink = sink;
    this.#set(t, { state: this.#bulk ? 'receiving' : 'paused' });
    // A first checkpoint at zero, so even a reload in the first megabytes can resume.
    void t.hasher.then((hasher) => this.emit('checkpoint', { info: { ...t.info }, offset: 0, hashState: hasher.save() }));
    if (this.#bulk) void this.#requestFrom(t);
  }

  decline(id: string): void {
    const t = this.#in.get(id);
    if (!t || t.info.state !== 'incoming') return;
    this.sendControl({ t: 'file-decline', id });
    this.#set(t, { state: 'declined' });
  }

  /** Stops a transfer from either side; the other side is told and the partial file deleted. */
  cancel(id: string): void {
    const t = this.#out.get(id) ?? this.#in.get(id);
    if (!t || FINISHED.has(t.info.state)) return;
    this.sendControl({ t: 'file-cancel', id });
    this.#end(t, 'cancelled');
  }

  /** Receiver, after a reload: takes a transfer back from its last checkpoint. */
  async restore(checkpoint: Checkpoint, sink: ByteSink): Promise<void> {
    const hasher = await newHasher();
    hasher.load(checkpoint.hashState);
    await sink.truncate(checkpoint.offset);
    const info: TransferInfo = { ...checkpoint.info, state: 'paused', bytes: checkpoint.offset, bytesPerSecond: 0, secondsLeft: undefined };
    const t: Incoming = {
      info,
      sink,
      hasher: Promise.resolve(hasher),
      written: checkpoint.offset,
      expected: checkpoint.offset,
      lastCheckpoint: checkpoint.offset,
      chain: Promise.resolve(),
      meter: new RateMeter(),
      shownAt: -Infinity,
    };
    this.#in.set(info.id, t);
    this.#inBySeq.set(info.seq, t);
    this.emit('update', { ...info });
    if (this.#bulk) void this.#requestFrom(t);
  }

  /** Handles one control frame from the peer. */
  handle(frame: TransferFrame): void {
    switch (frame.t) {
      case 'file-offer':
        return this.#onOffer(frame);
      case 'file-accept': {
        const t = this.#out.get(frame.id);
        if (!t || FINISHED.has(t.info.state)) {
          // We no longer have this file (say, this page was reloaded): the receiver must let go.
          if (!t || t.info.state !== 'done') this.sendControl({ t: 'file-cancel', id: frame.id });
          return;
        }
        if (frame.offset > t.info.size) return this.#fail(t, 'The receiver asked for bytes past the end of the file.');
        // The same request twice (the receiver asks on reconnect and again on our re-offer): carry on.
        if ((t.info.state === 'sending' || t.info.state === 'queued') && frame.offset === t.startAt) return;
        t.startAt = frame.offset;
        t.acksEveryChunk = frame.acksEveryChunk === true;
        this.#set(t, { state: 'queued', bytes: frame.offset });
        if (this.#pumping === t) this.#pumping = null; // a resume restarts the current file
        this.#pumpNext();
        return;
      }
      case 'file-ack': {
        const t = this.#out.get(frame.id);
        if (!t || frame.offset > t.info.size || FINISHED.has(t.info.state)) return;
        t.window?.acked(frame.offset);
        return this.#progress(t, frame.offset);
      }
      case 'file-decline': {
        const t = this.#out.get(frame.id);
        if (t && t.info.state === 'offered') this.#set(t, { state: 'declined' });
        return;
      }
      case 'file-cancel': {
        const t = this.#out.get(frame.id) ?? this.#in.get(frame.id);
        if (t && !FINISHED.has(t.info.state)) this.#end(t, 'cancelled');
        return;
      }
      case 'file-end': {
        const t = this.#in.get(frame.id);
        if (!t || FINISHED.has(t.info.state)) return;
        t.senderDigest = frame.sha256;
        t.chain = t.chain.then(() => this.#maybeVerify(t));
        return;
      }
      case 'file-done': {
        const t = this.#out.get(frame.id);
        if (!t || FINISHED.has(t.info.state)) return;
        if (frame.ok) this.#set(t, { state: 'done', bytes: t.info.size, bytesPerSecond: 0, secondsLeft: undefined });
        else this.#set(t, { state: 'failed', error: 'The file arrived damaged (checksum mismatch) and was deleted.' });
        return;
      }
    }
  }

  // ---- sending ----

  #sendOffer(info: TransferInfo): void {
    this.sendControl({ t: 'file-offer', id: info.id, seq: info.seq, name: info.name, size: info.size, type: info.type });
  }

  #pumpNext(): void {
    if (this.#pumping || !this.#bulk) return;
    const next = [...this.#out.values()].find((t) => t.info.state === 'queued');
    if (!next) return;
    this.#pumping = next;
    const run = ++next.run;
    void this.#pump(next, this.#bulk, run).finally(() => {
      if (this.#pumping === next && next.run === run) this.#pumping = null;
      this.#pumpNext();
    });
  }

  async #pump(t: Outgoing, bulk: BulkChannel, run: number): Promise<void> {
    const hasher = await t.hasher;
    // A cancel (or a newer start) may have come while the hasher was loading.
    if (t.run !== run || t.info.state !== 'queued') return;
    const chunkSize = Math.max(1, Math.min(this.#maxChunk, bulk.maxMessageSize) - CHUNK_HEADER_BYTES);
    const frameSize = chunkSize + CHUNK_HEADER_BYTES;
    // The window must hold a frame, and the low mark must leave room for one below the high mark,
    // or the pacing loop would wait on a condition that is already true, for ever.
    const highWater = Math.max(this.#highWater, frameSize);
    const lowWater = Math.max(0, Math.min(this.#lowWater, highWater - frameSize));
    const { size, seq, id } = t.info;
    const superseded = () => t.run !== run || t.info.state !== 'sending';
    const window = (t.window = t.acksEveryChunk ? new SendWindow(frameSize, t.startAt, this.#window) : null);
    if (window) {
      if (this.#lastWindow) window.continueFrom(this.#lastWindow);
      // Earlier runs sent at most what they read (and hashed): acks up to there may be for those.
      window.resending(t.hashedUpTo);
      this.#lastWindow = window;
    }
    this.#set(t, { state: 'sending' });
    t.meter.reset();
    t.meter.sample(t.startAt);
    // The source reads straight into the frame, after the header; a full frame is sent (the
    // channel copies it) and the buffer refilled.
    let frame = new Uint8Array(frameSize);
    let filled = 0;
    let frameStart = t.startAt;
    /** Sends the frame once the channel has room; false if the transfer stopped meanwhile. */
    const sendFrame = async (): Promise<boolean> => {
      while (window && !window.allows(frameStart + filled)) {
        await window.wait();
        if (superseded()) return false;
      }
      while (bulk.bufferedAmount + CHUNK_HEADER_BYTES + filled > highWater) {
        await bulk.waitForLow(lowWater);
        if (superseded()) return false;
      }
      bulk.send(sealChunk(frame, seq, frameStart, filled));
      frameStart += filled;
      window?.sent(frameStart);
      filled = 0;
      // Reading, hashing and sending the next frames could otherwise run for tens of ms at a
      // stretch (the file is at hand, the channel has room), with chat waiting behind them.
      await yieldToEventLoop();
      return !superseded();
    };
    const reader = t.source.open(t.startAt);
    try {
      for (;;) {
        let piece: Uint8Array<ArrayBuffer>;
        try {
          piece = await reader.read(frame.subarray(CHUNK_HEADER_BYTES + filled));
        } catch (error) {
          if (!superseded()) this.#fail(t, `Could not read the file: ${(error as Error).message}`);
          return;
        }
        if (superseded()) return; // cancelled, paused, or restarted by a resume
        // The read may have moved the frame to a new ArrayBuffer, even the last, empty one (see ByteReader).
        frame = new Uint8Array(piece.buffer, piece.byteOffset - CHUNK_HEADER_BYTES - filled, frameSize);
        if (piece.byteLength === 0) break;
        const pieceStart = frameStart + filled;
        if (pieceStart <= t.hashedUpTo && t.hashedUpTo < pieceStart + piece.byteLength) {
          hasher.update(piece.subarray(t.hashedUpTo - pieceStart));
          t.hashedUpTo = pieceStart + piece.byteLength;
        }
        filled += piece.byteLength;
        if (filled === chunkSize && !(await sendFrame())) return;
      }
      if (filled > 0 && !(await sendFrame())) return;
    } catch {
      // The channel closed under us: detach() has paused the transfer; a resume restarts it.
      if (!superseded()) this.#set(t, { state: 'paused' });
      return;
    } finally {
      reader.close();
    }
    if (superseded()) return;
    if (frameStart !== size) return this.#fail(t, `The file changed while it was being sent (${frameStart} bytes read of ${size}).`);
    if (t.hashedUpTo !== size) return this.#fail(t, 'Internal error: the file was not hashed completely.');
    t.digest ??= hasher.digest('hex');
    this.sendControl({ t: 'file-end', id, sha256: t.digest });
    this.#set(t, { state: 'verifying' });
  }

  // ---- receiving ----

  #onOffer(frame: Extract<TransferFrame, { t: 'file-offer' }>): void {
    const known = this.#in.get(frame.id);
    if (known) {
      // Offered again after a reconnect; if we had accepted, our answer may have been lost.
      const state = known.info.state;
      if (state === 'receiving' || state === 'paused') void this.#requestFrom(known);
      else if (state === 'declined') this.sendControl({ t: 'file-decline', id: frame.id });
      else if (state === 'done') this.sendControl({ t: 'file-done', id: frame.id, ok: true });
      else if (state === 'cancelled' || state === 'failed') this.sendControl({ t: 'file-cancel', id: frame.id });
      return;
    }
    const info: TransferInfo = {
      id: frame.id,
      seq: frame.seq,
      direction: 'in',
      name: frame.name,
      size: frame.size,
      type: frame.type,
      state: 'incoming',
      bytes: 0,
      bytesPerSecond: 0,
    };
    const t: Incoming = {
      info,
      sink: null,
      hasher: newHasher(),
      written: 0,
      expected: 0,
      lastCheckpoint: 0,
      chain: Promise.resolve(),
      meter: new RateMeter(),
      shownAt: -Infinity,
    };
    this.#in.set(info.id, t);
    this.#inBySeq.set(info.seq, t);
    this.emit('offer', { ...info });
    this.emit('update', { ...info });
  }

  /** Asks the sender to (re)start from what is written, once pending writes have landed. */
  async #requestFrom(t: Incoming): Promise<void> {
    await t.chain;
    if (!this.#bulk || FINISHED.has(t.info.state) || !t.sink) return;
    t.expected = t.written;
    t.meter.reset();
    t.meter.sample(t.written);
    this.#set(t, { state: 'receiving', bytes: t.written });
    this.sendControl({ t: 'file-accept', id: t.info.id, offset: t.written, acksEveryChunk: true });
    if (t.written === t.info.size) t.chain = t.chain.then(() => this.#maybeVerify(t));
  }

  #onChunk(frame: Uint8Array): void {
    const chunk = decodeChunk(frame);
    const t = chunk && this.#inBySeq.get(chunk.seq);
    if (!chunk || !t || t.info.state !== 'receiving' || !t.sink) return;
    // Anything but the next expected offset is a leftover from before a resume: drop it.
    if (chunk.offset !== t.expected) return;
    const end = chunk.offset + chunk.data.byteLength;
    if (end > t.info.size) return this.#fail(t, 'The sender sent more bytes than the file has.');
    t.expected = end;
    const sink = t.sink;
    // The frame is ours to keep (BulkChannel.onMessage), so its bytes go to the sink uncopied.
    const data = chunk.data;
    t.chain = t.chain.then(async () => {
      if (t.info.state !== 'receiving') return;
      // Hash first: the sink may take ownership of the buffer (a worker transfer detaches it).
      (await t.hasher).update(data);
      await sink.write(chunk.offset, data);
      t.written = end;
      await this.#written(t);
    }).catch((error: unknown) => this.#fail(t, `Could not write the file: ${(error as Error).message}`));
  }

  async #written(t: Incoming): Promise<void> {
    const complete = t.written === t.info.size;
    if (complete || t.written - t.lastCheckpoint >= this.#checkpointEvery) {
      await t.sink!.flush();
      t.lastCheckpoint = t.written;
      this.emit('checkpoint', { info: { ...t.info, bytes: t.written }, offset: t.written, hashState: (await t.hasher).save() });
    }
    // Every chunk: the sender's window moves on these (SendWindow).
    this.sendControl({ t: 'file-ack', id: t.info.id, offset: t.written });
    this.#progress(t, t.written);
    if (complete) await this.#maybeVerify(t);
  }

  async #maybeVerify(t: Incoming): Promise<void> {
    if (t.written !== t.info.size || !t.senderDigest || t.info.state !== 'receiving') return;
    this.#set(t, { state: 'verifying', bytesPerSecond: 0, secondsLeft: undefined });
    const digest = (await t.hasher).digest('hex');
    const ok = digest === t.senderDigest;
    this.sendControl({ t: 'file-done', id: t.info.id, ok });
    if (ok) {
      await t.sink!.finish();
      this.#set(t, { state: 'done', bytes: t.info.size });
    } else {
      this.#end(t, 'failed', 'The file arrived damaged (checksum mismatch) and was deleted.');
    }
  }

  // ---- both ----

  #fail(t: Outgoing | Incoming, error: string): void {
    this.sendControl({ t: 'file-cancel', id: t.info.id });
    this.#end(t, 'failed', error);
  }

  #end(t: Outgoing | Incoming, state: 'cancelled' | 'failed', error?: string): void {
    this.#set(t, { state, error, bytesPerSecond: 0, secondsLeft: undefined });
    if ('sink' in t && t.sink) {
      const sink = t.sink;
      // After any write still queued, so nothing lands in a file already deleted. Not awaited:
      // this may itself run inside the chain (a failed check), and waiting on it there would deadlock.
      t.chain = t.chain.then(() => sink.discard()).catch(() => {});
    }
  }

  /** `bytes` are confirmed: the speed and time left follow; shown at most every `progressEveryMs`. */
  #progress(t: Outgoing | Incoming, bytes: number): void {
    t.meter.sample(bytes);
    const changes = { bytes, bytesPerSecond: t.meter.bytesPerSecond, secondsLeft: t.meter.secondsLeft(t.info.size) };
    const now = performance.now();
    if (now - t.shownAt < this.#progressEveryMs) {
      Object.assign(t.info, changes); // the next announcement (or state change) carries it
      return;
    }
    t.shownAt = now;
    this.#set(t, changes);
  }

  #set(t: Outgoing | Incoming, changes: Partial<TransferInfo>): void {
    Object.assign(t.info, changes);
    // A pump waiting on the window must wake to see that it stopped (cancelled, paused, restarted).
    if ('window' in t && t.info.state !== 'sending') t.window?.stop();
    this.emit('update', { ...t.info });
  }
}
