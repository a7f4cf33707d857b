import { sanitizeFileName } from '../../../common/file-name.ts';
import { toUsername, type Username } from '../../../common/username.ts';
import { FINISHED, type TransferInfo } from '../../core/transfer/transfer-info.ts';
import type { TransferService } from '../../core/transfer/transfer-service.ts';
import type { Conversation, ConversationStore } from './conversation-store.ts';
import type { HistorySync } from './history-sync.ts';
import type { FileStore } from './ports.ts';
import type { StoredCheckpoint } from './stored-message.ts';

/**
 * File transfers as messages in their conversations: offers made and received, consent, progress
 * and outcome, checkpoints kept for resuming after a reload, and the received file handed back.
 */
export class FileMessages {
  constructor(
    private readonly transfers: TransferService,
    private readonly store: ConversationStore,
    private readonly history: HistorySync,
    private readonly files: FileStore,
    /** The private conversation with a peer (made on first use). */
    private readonly conversationWith: (peer: Username) => Conversation,
    /** Our own name as shown, for the `from` of what we send. */
    private readonly me: () => string,
  ) {
    transfers.on('offer', (peer, info) => {
      this.#add(peer, info, false);
      files.prepare();
    });
    transfers.on('update', (peer, info) => this.#update(peer, info));
    transfers.on('checkpoint', (peer, checkpoint) => {
      history.saveCheckpoint({ id: checkpoint.info.id, peer: peer.display, checkpoint });
    });
  }

  /** Offers files to `peer`. */
  send(peer: Username, files: File[]): void {
    const offered = this.transfers.offer(
      peer,
      files.map((file) => ({ name: file.name, type: file.type || 'application/octet-stream', source: this.files.source(file) })),
    );
    for (const info of offered) this.#add(peer, info, true);
  }

  /** Accepts an offered file; it is written to this device's storage as it arrives. */
  async accept(id: string): Promise<void> {
    const message = this.store.fileMessage(id);
    if (!message?.peer || message.file?.state !== 'incoming') return;
    const peer = toUsername(message.peer);
    try {
      this.transfers.accept(peer, id, await this.files.sink(id));
    } catch (error) {
      // No storage for it (quota, or a browser without OPFS): refuse cleanly and say why.
      this.transfers.cancel(peer, id);
      this.#update(peer, { ...message.file, state: 'failed', error: `This browser could not store the file (${(error as Error).message}).` });
    }
  }

  decline(id: string): void {
    const message = this.store.fileMessage(id);
    if (message?.peer) this.transfers.decline(toUsername(message.peer), id);
  }

  cancel(id: string): void {
    const message = this.store.fileMessage(id);
    if (message?.peer) this.transfers.cancel(toUsername(message.peer), id);
  }

  /** A received file, ready to download under its original name made safe. */
  async received(id: string): Promise<{ file: File; name: string }> {
    const message = this.store.fileMessage(id);
    if (!message?.file || message.file.state !== 'done' || message.outgoing) throw new Error('No such received file.');
    return { file: await this.files.file(id), name: sanitizeFileName(message.file.name) };
  }

  /**
   * After a reload, once history is back: incoming files resume from their last checkpoint when
   * the sender's link is back. Outgoing ones cannot (the page no longer holds the file): they, and
   * incoming ones whose partial file is gone, are marked interrupted.
   */
  async restore(checkpoints: StoredCheckpoint[]): Promise<void> {
    const resumed = new Set<string>();
    for (const { id, peer, checkpoint } of checkpoints) {
      const message = this.store.fileMessage(id);
      if (!message?.file || FINISHED.has(message.file.state)) {
        this.history.dropCheckpoint(id);
        continue;
      }
      try {
        await this.transfers.restore(toUsername(peer), checkpoint, await this.files.sink(id));
        resumed.add(id);
      } catch {
        // The partial file is gone (storage cleared): it is marked interrupted below.
      }
    }
    for (const { conversation, message } of [...this.store.messages()]) {
      const file = message.file;
      if (!file || FINISHED.has(file.state) || resumed.has(message.id) || file.state === 'incoming') continue;
      this.#update(toUsername(message.peer ?? conversation.title), { ...file, state: 'failed', error: 'Interrupted when the page was reloaded.' });
    }
  }

  #add(peer: Username, info: TransferInfo, outgoing: boolean): void {
    const conversation = this.conversationWith(peer);
    if (this.store.has(conversation.id, info.id)) return this.#update(peer, info);
    this.store.add({
      conversation: conversation.id,
      peer: conversation.title,
      id: info.id,
      from: outgoing ? this.me() : conversation.title,
      text: info.name,
      at: Date.now(),
      outgoing,
      status: outgoing ? 'sent' : 'received',
      file: info,
    });
  }

  #update(peer: Username, info: TransferInfo): void {
    this.store.updateFile(this.conversationWith(peer).id, info);
    const message = this.store.fileMessage(info.id);
    if (FINISHED.has(info.state) && message && !message.outgoing) this.history.dropCheckpoint(info.id);
  }
}
