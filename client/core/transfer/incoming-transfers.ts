import { decodeChunk } from '../../../common/chunk-frame.ts';
import { PEER_LIMITS } from '../../../common/limits.ts';
import type { TransferFrameOf } from '../../../common/peer-wire.ts';
import type { ByteSink, FileHash } from './ports.ts';
import { RateMeter } from './rate-meter.ts';
import { FINISHED, type Checkpoint, type EngineOptions, type TransferInfo } from './transfer-info.ts';
import { TransferSide, type EngineContext, type TransferRecord } from './transfer-side.ts';

interface Incoming extends TransferRecord {
  sink: ByteSink | null;
  /** Made when the file is accepted (or restored), not on offer: each may hold WebAssembly memory. */
  hash: Promise<FileHash> | null;
  /** Bytes written to the sink (and hashed). */
  written: number;
  /** Offset of the next chunk expected on the wire (ahead of `written` while writes are queued). */
  expected: number;
  /** Bytes written when a flush was last asked for. */
  lastFlush: number;
  senderDigest?: string;
  /** Writes happen one at a time, in order. */
  chain: Promise<void>;
}

/**
 * The files this peer receives: offers answered, chunks written in order and hashed, durable
 * checkpoints to resume from after a reload, an ack for every chunk, and the check against the
 * sender's SHA-256 at the end.
 *
 * The sender is a stranger: it may offer without end (past `PEER_LIMITS.maxPendingOffers` waiting
 * for an answer, offers are declined) and send without waiting for acks (past
 * `PEER_LIMITS.maxUnwrittenBytes` ahead of the disk, the transfer fails).
 */
export class IncomingTransfers extends TransferSide<Incoming> {
  readonly #bySeq = new Map<number, Incoming>();
  readonly #checkpointEvery: number;

  constructor(engine: EngineContext, options: EngineOptions) {
    super(engine, options);
    this.#checkpointEvery = options.checkpointEvery ?? 16 * 1024 * 1024;
  }

  /** A file the peer offers: the app is asked to accept or decline it. */
  onOffer(frame: TransferFrameOf<'file-offer'>): void {
    const known = this.records.get(frame.id);
    if (known) {
      // Offered again after a reconnect; if we had accepted, our answer may have been lost.
      const state = known.info.state;
      if (state === 'receiving' || state === 'paused') void this.#requestFrom(known);
      else if (state === 'declined') this.engine.sendControl({ t: 'file-decline', id: frame.id });
      else if (state === 'done') this.engine.sendControl({ t: 'file-done', id: frame.id, ok: true });
      else if (state === 'cancelled' || state === 'failed') this.engine.sendControl({ t: 'file-cancel', id: frame.id });
      return;
    }
    if (this.#pendingOffers() >= PEER_LIMITS.maxPendingOffers) {
      this.engine.sendControl({ t: 'file-decline', id: frame.id });
      return;
    }
    this.hashing.warmUp();
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
    this.#track(info, null, null, 0);
    this.engine.emit('offer', { ...info });
    this.engine.emit('update', { ...info });
  }

  /** Accepts an incoming offer, writing into `sink`. */
  accept(id: string, sink: ByteSink): void {
    const t = this.records.get(id);
    if (!t || t.info.state !== 'incoming') return;
    t.sink = sink;
    const hash = (t.hash = this.hashing.create());
    this.set(t, { state: this.engine.bulk() ? 'receiving' : 'paused' });
    // A first checkpoint at zero, so even a reload in the first megabytes can resume.
    void this.#checkpoint(t, 0, { flush: false });
    if (this.engine.bulk()) void this.#requestFrom(t);
  }

  decline(id: string): void {
    const t = this.records.get(id);
    if (!t || t.info.state !== 'incoming') return;
    this.engine.sendControl({ t: 'file-decline', id });
    this.set(t, { state: 'declined' });
  }

  /** After a reload: takes a transfer back from its last checkpoint. */
  async restore(checkpoint: Checkpoint, sink: ByteSink): Promise<void> {
    const hash = await this.hashing.resume(checkpoint.hashState);
    await sink.truncate(checkpoint.offset);
    const info: TransferInfo = { ...checkpoint.info, state: 'paused', bytes: checkpoint.offset, bytesPerSecond: 0, secondsLeft: undefined };
    const t = this.#track(info, sink, Promise.resolve(hash), checkpoint.offset);
    this.engine.emit('update', { ...info });
    if (this.engine.bulk()) void this.#requestFrom(t);
  }

  /** The link is back: asks again for every file being received. */
  resume(): void {
    for (const t of this.records.values()) {
      if (t.info.state === 'receiving' || t.info.state === 'paused') void this.#requestFrom(t);
    }
  }

  /** The sender has sent every byte: check the file once the writes have landed. */
  onEnd(frame: TransferFrameOf<'file-end'>): void {
    const t = this.records.get(frame.id);
    if (!t || FINISHED.has(t.info.state)) return;
    t.senderDigest = frame.sha256;
    t.chain = t.chain.then(() => this.#maybeVerify(t));
  }

  /** Asks the sender to (re)start from what is written, once pending writes have landed. */
  async #requestFrom(t: Incoming): Promise<void> {
    await t.chain;
    if (!this.engine.bulk() || FINISHED.has(t.info.state) || !t.sink) return;
    t.expected = t.written;
    t.meter.reset();
    t.meter.sample(t.written);
    this.set(t, { state: 'receiving', bytes: t.written });
    this.engine.sendControl({ t: 'file-accept', id: t.info.id, offset: t.written, acksEveryChunk: true });
    if (t.written === t.info.size) t.chain = t.chain.then(() => this.#maybeVerify(t));
  }

  /** One bulk frame from the peer. */
  onChunk(frame: Uint8Array): void {
    const chunk = decodeChunk(frame);
    const t = chunk && this.#bySeq.get(chunk.seq);
    if (!chunk || !t || t.info.state !== 'receiving' || !t.sink) return;
    // Anything but the next expected offset is a leftover from before a resume: drop it.
    if (chunk.offset !== t.expected) return;
    const end = chunk.offset + chunk.data.byteLength;
    if (end > t.info.size) return this.fail(t, { reason: 'too-many-bytes' });
    // An honest sender is at most its window ahead of the acks: past that it is filling our memory.
    if (end - t.written > PEER_LIMITS.maxUnwrittenBytes) return this.fail(t, { reason: 'sender-too-fast' });
    t.expected = end;
    const sink = t.sink;
    // The frame is ours to keep (BulkChannel.onMessage), so its bytes go to the sink uncopied.
    const data = chunk.data;
    t.chain = t.chain.then(async () => {
      if (t.info.state !== 'receiving') return;
      // Hash first: the sink may take ownership of the buffer (a worker transfer detaches it).
      (await t.hash!).update(data);
      await sink.write(chunk.offset, data);
      t.written = end;
      await this.#written(t);
    }).catch((error: unknown) => this.fail(t, { reason: 'write-failed', detail: (error as Error).message }));
  }

  async #written(t: Incoming): Promise<void> {
    const complete = t.written === t.info.size;
    if (complete || t.written - t.lastFlush >= this.#checkpointEvery) {
      // Counted from the last flush asked for, made or declined (see ByteSink.flush).
      t.lastFlush = t.written;
      await this.#checkpoint(t, t.written, { flush: true });
    }
    // Every chunk: the sender's window moves on these (SendWindow).
    this.engine.sendControl({ t: 'file-ack', id: t.info.id, offset: t.written });
    this.progress(t, t.written);
    if (complete) await this.#maybeVerify(t);
  }

  async #maybeVerify(t: Incoming): Promise<void> {
    if (t.written !== t.info.size || !t.senderDigest || t.info.state !== 'receiving') return;
    this.set(t, { state: 'verifying', bytesPerSecond: 0, secondsLeft: undefined });
    const digest = (await t.hash!).hex();
    if (digest !== t.senderDigest) {
      this.engine.sendControl({ t: 'file-done', id: t.info.id, ok: false });
      return this.end(t, 'failed', { reason: 'damaged' });
    }
    // The sender hears "done" only once the file is where the user will find it.
    try {
      await t.sink!.finish();
    } catch (error) {
      return this.fail(t, { reason: 'save-failed', detail: (error as Error).message });
    }
    this.engine.sendControl({ t: 'file-done', id: t.info.id, ok: true });
    this.set(t, { state: 'done', bytes: t.info.size });
  }

  /**
   * Tells the app where the file can resume from after a reload: at `offset`, once the sink has made
   * it durable (if `flush`), and where the hash can say how far it got.
   */
  async #checkpoint(t: Incoming, offset: number, { flush }: { flush: boolean }): Promise<void> {
    const hashState = (await t.hash!).save();
    if (hashState && (!flush || (await t.sink!.flush()))) this.engine.emit('checkpoint', { info: { ...t.info, bytes: offset }, offset, hashState });
  }

  /** Offers shown to the user and not yet answered. */
  #pendingOffers(): number {
    let pending = 0;
    for (const t of this.records.values()) if (t.info.state === 'incoming') pending++;
    return pending;
  }

  /** Keeps a transfer, new from an offer (no sink yet, nothing written) or restored at `written`. */
  #track(info: TransferInfo, sink: ByteSink | null, hash: Promise<FileHash> | null, written: number): Incoming {
    const t: Incoming = {
      info,
      sink,
      hash,
      written,
      expected: written,
      lastFlush: written,
      chain: Promise.resolve(),
      meter: new RateMeter(),
      shownAt: -Infinity,
    };
    this.records.set(info.id, t);
    this.#bySeq.set(info.seq, t);
    return t;
  }

  protected override release(t: Incoming): void {
    if (!t.sink) return;
    const sink = t.sink;
    // After any write still queued, so nothing lands in a file already deleted. Not awaited:
    // this may itself run inside the chain (a failed check), and waiting on it there would deadlock.
    t.chain = t.chain.then(() => sink.discard()).catch(() => {});
  }
}
