import type { TransferFrame } from '../../../common/peer-wire.ts';
import type { BulkChannel } from '../peers/bulk-channel.ts';
import { Emitter } from '../util/emitter.ts';
import { IncomingTransfers } from './incoming-transfers.ts';
import { OutgoingTransfers } from './outgoing-transfers.ts';
import type { ByteSink, ByteSource } from './ports.ts';
import type { Checkpoint, EngineEvents, EngineOptions, TransferInfo } from './transfer-info.ts';
import type { EngineContext } from './transfer-side.ts';

/**
 * Moves files between this peer and one other: offers, consent, paced streaming over the bulk
 * channel, incremental SHA-256 on both sides, resume from the last confirmed offset after the link
 * drops, and cancel from either side. Files go one at a time per direction, in the order accepted.
 *
 * The sending and the receiving side each keep their own transfers; the engine routes control
 * frames and bulk chunks to them, and attaches and detaches the bulk channel.
 */
export class TransferEngine extends Emitter<EngineEvents> {
  readonly #out: OutgoingTransfers;
  readonly #in: IncomingTransfers;
  #bulk: BulkChannel | null = null;
  #stopListening: (() => void) | null = null;

  constructor(sendControl: (frame: TransferFrame) => boolean, options: EngineOptions = {}) {
    super();
    const context: EngineContext = {
      sendControl,
      bulk: () => this.#bulk,
      emit: (event, ...args) => this.emit(event, ...args),
    };
    this.#out = new OutgoingTransfers(context, options);
    this.#in = new IncomingTransfers(context, options);
  }

  get transfers(): TransferInfo[] {
    return [...this.#out.infos, ...this.#in.infos];
  }

  /** The peer link is up: pick every interrupted transfer up where it stopped. */
  attach(bulk: BulkChannel): void {
    this.detach();
    this.#bulk = bulk;
    this.#stopListening = bulk.onMessage((frame) => this.#in.onChunk(frame));
    // Offer every unfinished file again: a control frame lost in the drop (an accept, a cancel, the
    // final file-done) would otherwise leave this side waiting for ever. The receiver answers for
    // what it knows (resume, decline, cancel, done).
    this.#out.offerAgain();
    this.#in.resume();
    // A request can arrive on the chat channel before the bulk channel is attached: start it now.
    this.#out.pumpNext();
  }

  /** The peer link is gone: everything in flight pauses. */
  detach(): void {
    this.#stopListening?.();
    this.#stopListening = null;
    this.#bulk = null;
    this.#out.detach();
    this.#in.pause();
  }

  /** Offers a file; it is sent once the other side accepts. */
  offer(file: { name: string; type: string; source: ByteSource }): TransferInfo {
    return this.#out.offer(file);
  }

  /** Accepts an incoming offer, writing into `sink`. */
  accept(id: string, sink: ByteSink): void {
    this.#in.accept(id, sink);
  }

  decline(id: string): void {
    this.#in.decline(id);
  }

  /** Stops a transfer from either side; the other side is told and the partial file deleted. */
  cancel(id: string): void {
    this.#holding(id).cancel(id);
  }

  /** Receiver, after a reload: takes a transfer back from its last checkpoint. */
  restore(checkpoint: Checkpoint, sink: ByteSink): Promise<void> {
    return this.#in.restore(checkpoint, sink);
  }

  /** Handles one control frame from the peer. */
  handle(frame: TransferFrame): void {
    switch (frame.t) {
      case 'file-offer':
        return this.#in.onOffer(frame);
      case 'file-accept':
        return this.#out.onAccept(frame);
      case 'file-ack':
        return this.#out.onAck(frame);
      case 'file-decline':
        return this.#out.onDecline(frame);
      case 'file-cancel':
        return this.#holding(frame.id).onCancel(frame.id);
      case 'file-end':
        return this.#in.onEnd(frame);
      case 'file-done':
        return this.#out.onDone(frame);
    }
  }

  /** The side that has transfer `id`, looking among the files we send first. */
  #holding(id: string): OutgoingTransfers | IncomingTransfers {
    return this.#out.has(id) ? this.#out : this.#in;
  }
}
