import { sealChunk, CHUNK_HEADER_BYTES } from '../../../common/chunk-frame.ts';
import { PEER_LIMITS } from '../../../common/limits.ts';
import type { TransferFrameOf } from '../../../common/peer-wire.ts';
import type { BulkChannel } from '../peers/bulk-channel.ts';
import { randomId } from '../util/random-id.ts';
import type { ByteSource, FileHash } from './ports.ts';
import { RateMeter } from './rate-meter.ts';
import { SendWindow, type SendWindowOptions } from './send-pacing.ts';
import { FINISHED, failureText, type EngineOptions, type TransferInfo } from './transfer-info.ts';
import { TransferSide, type EngineContext, type TransferRecord } from './transfer-side.ts';
import { yieldToEventLoop } from './yield.ts';

interface Outgoing extends TransferRecord {
  source: ByteSource;
  /**
   * Whether the offer is on the wire and not yet answered. A receiver keeps only
   * `PEER_LIMITS.maxPendingOffers` unanswered offers per peer (it declines the rest), so offers
   * past that wait here until earlier ones are answered.
   */
  offerSent: boolean;
  hash: Promise<FileHash>;
  /** The hash covers bytes [0, hashedUpTo). Resends of earlier bytes are not hashed twice. */
  hashedUpTo: number;
  /** Where the next pump starts (the receiver's confirmed offset). */
  startAt: number;
  /**
   * Whether the receiver acknowledges every chunk it writes, so that bytes in flight can be held to
   * a SendWindow. A client from before SendWindow acknowledges every 1 MiB: it gets none.
   */
  acksEveryChunk: boolean;
  /** The current pump's SendWindow, while it sends. */
  sendWindow: SendWindow | null;
  /** Bumped by every (re)start, so a superseded pump loop knows to stop. */
  run: number;
  /** The file's SHA-256, once hashed to the end (a hash can be finalised only once; resumes reuse it). */
  digest?: string;
}

/**
 * The files this peer sends: offered, then streamed one at a time in the order accepted, paced by
 * the bulk channel's queue and the SendWindow, and hashed as they are read.
 */
export class OutgoingTransfers extends TransferSide<Outgoing> {
  #pumping: Outgoing | null = null;
  /** The last SendWindow on the attached bulk channel: the next one starts from it. */
  #lastWindow: SendWindow | null = null;
  #nextSeq = Math.floor(Math.random() * 0x7fffffff);
  readonly #highWater: number;
  readonly #lowWater: number;
  readonly #maxChunk: number;
  readonly #sendWindowOptions: Partial<SendWindowOptions>;

  constructor(engine: EngineContext, options: EngineOptions) {
    super(engine, options);
    this.#maxChunk = options.maxChunk ?? 256 * 1024;
    this.#highWater = options.highWater ?? 1024 * 1024;
    this.#lowWater = options.lowWater ?? 512 * 1024;
    this.#sendWindowOptions = options.sendWindow ?? {};
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
      offerSent: false,
      hash: this.hashing.create(),
      hashedUpTo: 0,
      startAt: 0,
      acksEveryChunk: false,
      sendWindow: null,
      run: 0,
      meter: new RateMeter(),
      shownAt: -Infinity,
    };
    this.records.set(info.id, t);
    this.#offerWaiting();
    this.engine.emit('update', { ...info });
    return { ...info };
  }

  /** Offers every unfinished file again: the accepted ones, and as many unanswered ones as the receiver keeps. */
  offerAgain(): void {
    for (const t of this.records.values()) {
      if (t.info.state === 'offered') t.offerSent = false;
      else if (!FINISHED.has(t.info.state)) this.#sendOffer(t);
    }
    this.#offerWaiting();
  }

  /** The bulk channel is gone: the pump stops and what was sending pauses. */
  detach(): void {
    this.#pumping = null;
    this.#lastWindow = null; // a new connection may take another path
    this.pause();
  }

  onAccept(frame: TransferFrameOf<'file-accept'>): void {
    const t = this.records.get(frame.id);
    if (!t || FINISHED.has(t.info.state)) {
      // We no longer have this file (say, this page was reloaded): the receiver must let go.
      if (!t || t.info.state !== 'done') this.engine.sendControl({ t: 'file-cancel', id: frame.id });
      return;
    }
    if (frame.offset > t.info.size) return this.fail(t, { reason: 'past-end' });
    // The same request twice (the receiver asks on reconnect and again on our re-offer): carry on.
    if ((t.info.state === 'sending' || t.info.state === 'queued') && frame.offset === t.startAt) return;
    t.startAt = frame.offset;
    t.acksEveryChunk = frame.acksEveryChunk === true;
    this.set(t, { state: 'queued', bytes: frame.offset });
    if (this.#pumping === t) this.#pumping = null; // a resume restarts the current file
    this.pumpNext();
  }

  onAck(frame: TransferFrameOf<'file-ack'>): void {
    const t = this.records.get(frame.id);
    if (!t || frame.offset > t.info.size || FINISHED.has(t.info.state)) return;
    const bulk = this.engine.bulk();
    if (bulk) t.sendWindow?.buffered(bulk.bufferedAmount);
    t.sendWindow?.acked(frame.offset);
    this.progress(t, frame.offset);
  }

  onDecline(frame: TransferFrameOf<'file-decline'>): void {
    const t = this.records.get(frame.id);
    if (t && t.info.state === 'offered') this.set(t, { state: 'declined' });
  }

  onDone(frame: TransferFrameOf<'file-done'>): void {
    const t = this.records.get(frame.id);
    if (!t || FINISHED.has(t.info.state)) return;
    if (frame.ok) this.set(t, { state: 'done', bytes: t.info.size, bytesPerSecond: 0, secondsLeft: undefined });
    else this.set(t, { state: 'failed', failure: { reason: 'damaged' }, error: failureText({ reason: 'damaged' }) });
  }

  /** Starts sending the next accepted file, unless one is on its way or the link is down. */
  pumpNext(): void {
    const bulk = this.engine.bulk();
    if (this.#pumping || !bulk) return;
    const next = [...this.records.values()].find((t) => t.info.state === 'queued');
    if (!next) return;
    this.#pumping = next;
    const run = ++next.run;
    void this.#pump(next, bulk, run).finally(() => {
      if (this.#pumping === next && next.run === run) this.#pumping = null;
      this.pumpNext();
    });
  }

  protected override changed(t: Outgoing): void {
    // A pump waiting on its SendWindow must wake to see that it stopped (cancelled, paused, restarted).
    if (t.info.state !== 'sending') t.sendWindow?.stop();
    // An answered offer makes room for one that waits.
    if (t.offerSent && t.info.state !== 'offered') {
      t.offerSent = false;
      this.#offerWaiting();
    }
  }

  #sendOffer(t: Outgoing): void {
    const { info } = t;
    t.offerSent = info.state === 'offered';
    this.engine.sendControl({ t: 'file-offer', id: info.id, seq: info.seq, name: info.name, size: info.size, type: info.type });
  }

  /** Sends waiting offers, in the order made, while the receiver has room for them. */
  #offerWaiting(): void {
    let unanswered = 0;
    for (const t of this.records.values()) if (t.info.state === 'offered' && t.offerSent) unanswered++;
    for (const t of this.records.values()) {
      if (unanswered >= PEER_LIMITS.maxPendingOffers) return;
      if (t.info.state !== 'offered' || t.offerSent) continue;
      this.#sendOffer(t);
      unanswered++;
    }
  }

  async #pump(t: Outgoing, bulk: BulkChannel, run: number): Promise<void> {
    const hash = await t.hash;
    // A cancel (or a newer start) may have come while the hash was being made.
    if (t.run !== run || t.info.state !== 'queued') return;
    const chunkSize = Math.max(1, Math.min(this.#maxChunk, bulk.maxMessageSize) - CHUNK_HEADER_BYTES);
    const frameSize = chunkSize + CHUNK_HEADER_BYTES;
    // The SendWindow must hold a frame, and the low mark must leave room for one below the high mark,
    // or the pacing loop would wait on a condition that is already true, for ever.
    const highWater = Math.max(this.#highWater, frameSize);
    const lowWater = Math.max(0, Math.min(this.#lowWater, highWater - frameSize));
    const { size, seq, id } = t.info;
    const superseded = () => t.run !== run || t.info.state !== 'sending';
    const sendWindow = (t.sendWindow = t.acksEveryChunk ? new SendWindow(frameSize, t.startAt, this.#sendWindowOptions) : null);
    if (sendWindow) {
      if (this.#lastWindow) sendWindow.continueFrom(this.#lastWindow);
      // Earlier runs sent at most what they read (and hashed): acks up to there may be for those.
      sendWindow.resending(t.hashedUpTo);
      this.#lastWindow = sendWindow;
    }
    this.set(t, { state: 'sending' });
    t.meter.reset();
    t.meter.sample(t.startAt);
    // The source reads straight into the frame, after the header; a full frame is sent (the
    // channel copies it) and the buffer refilled.
    let frame = new Uint8Array(frameSize);
    let filled = 0;
    let frameStart = t.startAt;
    /** Sends the frame once the channel has room; false if the transfer stopped meanwhile. */
    const sendFrame = async (): Promise<boolean> => {
      while (sendWindow && !sendWindow.allows(frameStart + filled)) {
        await sendWindow.wait();
        if (superseded()) return false;
      }
      while (bulk.bufferedAmount + CHUNK_HEADER_BYTES + filled > highWater) {
        await bulk.waitForLow(lowWater);
        sendWindow?.buffered(bulk.bufferedAmount);
        if (superseded()) return false;
      }
      bulk.send(sealChunk(frame, seq, frameStart, filled));
      frameStart += filled;
      sendWindow?.sent(frameStart, CHUNK_HEADER_BYTES + filled);
      sendWindow?.buffered(bulk.bufferedAmount);
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
          if (!superseded()) this.fail(t, { reason: 'read-failed', detail: (error as Error).message });
          return;
        }
        if (superseded()) return; // cancelled, paused, or restarted by a resume
        // The read may have moved the frame to a new ArrayBuffer, even the last, empty one (see ByteReader).
        frame = new Uint8Array(piece.buffer, piece.byteOffset - CHUNK_HEADER_BYTES - filled, frameSize);
        if (piece.byteLength === 0) break;
        const pieceStart = frameStart + filled;
        if (pieceStart <= t.hashedUpTo && t.hashedUpTo < pieceStart + piece.byteLength) {
          hash.update(piece.subarray(t.hashedUpTo - pieceStart));
          t.hashedUpTo = pieceStart + piece.byteLength;
        }
        filled += piece.byteLength;
        if (filled === chunkSize && !(await sendFrame())) return;
      }
      if (filled > 0 && !(await sendFrame())) return;
    } catch {
      // The channel closed under us: detach() has paused the transfer; a resume restarts it.
      if (!superseded()) this.set(t, { state: 'paused' });
      return;
    } finally {
      reader.close();
    }
    if (superseded()) return;
    if (frameStart !== size) return this.fail(t, { reason: 'file-changed', detail: `${frameStart} bytes read of ${size}` });
    if (t.hashedUpTo !== size) return this.fail(t, { reason: 'not-hashed' });
    t.digest ??= hash.hex();
    this.engine.sendControl({ t: 'file-end', id, sha256: t.digest });
    this.set(t, { state: 'verifying' });
  }
}
