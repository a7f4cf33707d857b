import { msg, str } from '@lit/localize';
import { sanitizeFileName } from '../../../common/file-name.ts';
import { toUsername, type Username } from '../../../common/username.ts';
import { FINISHED, type TransferInfo } from '../../core/transfer/transfer-info.ts';
import type { TransferService } from '../../core/transfer/transfer-service.ts';
import { randomId } from '../../core/util/random-id.ts';
import type { Conversation, ConversationStore } from './conversation-store.ts';
import type { HistorySync } from './history-sync.ts';
import type { FileStore } from './ports.ts';
import { storedAs, type StoredCheckpoint } from './stored-message.ts';

/** Why a file received into memory did not resume after a reload. */
function lostFromMemory(): string {
  return msg('Interrupted when the page was reloaded: this browser kept it in memory, so it cannot resume (ask for it again).', { id: 'file-messages.lost-from-memory' });
}

/**
 * File transfers as messages in their conversations: offers made and received, consent, progress
 * and outcome, checkpoints kept for resuming after a reload, and the received file handed back.
 *
 * A transfer id is chosen by the peer, so it means something only in the conversation with that
 * peer and in one direction: every lookup is by conversation, and a received file is stored, and
 * its checkpoint kept, under a name of this device's own (`StoredMessage.storedAs`), so one peer
 * reusing another's id reaches neither that file nor its checkpoint.
 */
export class FileMessages {
  /** Files this page offered, by conversation and transfer id: shown in their cards while the page lasts. */
  readonly #sent = new Map<string, File>();

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
      if (!files.survivesReload) return;
      const message = this.#incoming(peer, checkpoint.info.id);
      if (message) history.saveCheckpoint({ id: storedAs(message), peer: peer.display, checkpoint });
    });
  }

  /** Offers files to `peer`. */
  send(peer: Username, files: File[]): void {
    const offered = this.transfers.offer(
      peer,
      files.map((file) => ({ name: file.name, type: file.type || 'application/octet-stream', source: this.files.source(file) })),
    );
    offered.forEach((info, index) => {
      this.#add(peer, info, true);
      this.#sent.set(`${this.conversationWith(peer).id}/${info.id}`, files[index]!);
    });
  }

  /** Accepts an offered file in a conversation; it is written to this device's storage as it arrives. */
  async accept(conversationId: string, id: string): Promise<void> {
    const message = this.store.fileMessage(conversationId, id);
    if (!message?.peer || message.outgoing || message.file?.state !== 'incoming') return;
    const peer = toUsername(message.peer);
    // Named before the first await, so a second click stores into the same file.
    const name = message.storedAs ?? randomId();
    if (!message.storedAs) this.store.update(conversationId, id, { storedAs: name });
    try {
      this.transfers.accept(peer, id, await this.files.sink(name));
    } catch (error) {
      // No storage for it (quota, or a browser without OPFS): refuse cleanly and say why.
      this.transfers.cancel(peer, id);
      const reason = (error as Error).message;
      this.#update(peer, { ...message.file, state: 'failed', error: msg(str`This browser could not store the file (${reason}).`, { id: 'file-messages.not-stored' }) });
    }
  }

  decline(conversationId: string, id: string): void {
    const message = this.store.fileMessage(conversationId, id);
    if (message?.peer && !message.outgoing) this.transfers.decline(toUsername(message.peer), id);
  }

  cancel(conversationId: string, id: string): void {
    const message = this.store.fileMessage(conversationId, id);
    if (message?.peer) this.transfers.cancel(toUsername(message.peer), id);
  }

  /** A received file, ready to download under its original name made safe. */
  async received(conversationId: string, id: string): Promise<{ file: File; name: string }> {
    const message = this.store.fileMessage(conversationId, id);
    if (!message?.file || message.file.state !== 'done' || message.outgoing) throw new Error('No such received file.');
    return { file: await this.files.file(storedAs(message)), name: sanitizeFileName(message.file.name) };
  }

  /** The user saved a received file: its card says so, also after a reload. */
  saved(conversationId: string, id: string): void {
    const message = this.store.fileMessage(conversationId, id);
    if (message && !message.outgoing) this.store.update(conversationId, id, { savedAt: Date.now() });
  }

  /** A finished file of the conversation this page can show: a received one, or one it sent since it loaded. */
  async finished(conversationId: string, id: string): Promise<File | undefined> {
    const message = this.store.fileMessage(conversationId, id);
    if (message?.file?.state !== 'done') return undefined;
    if (message.outgoing) return this.#sent.get(`${conversationId}/${id}`);
    return (await this.received(conversationId, id)).file;
  }

  /** Forgets the files sent from this page (history cleared). */
  forgetSent(): void {
    this.#sent.clear();
  }

  /**
   * After a reload, once history is back: incoming files resume from their last checkpoint when
   * the sender's link is back. Outgoing ones cannot (the page no longer holds the file): they, and
   * incoming ones whose partial file is gone (or was only ever in memory), are marked interrupted.
   */
  async restore(checkpoints: StoredCheckpoint[]): Promise<void> {
    /** By `storedAs`, unique on this device. */
    const resumed = new Set<string>();
    for (const { id, peer, checkpoint } of checkpoints) {
      const message = this.#incoming(toUsername(peer), checkpoint.info.id);
      if (!message?.file || FINISHED.has(message.file.state) || storedAs(message) !== id) {
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
      if (!file || FINISHED.has(file.state) || (!message.outgoing && resumed.has(storedAs(message))) || file.state === 'incoming') continue;
      // In the language of the moment: the error is kept in history as worded now.
      const error = message.outgoing || this.files.survivesReload ? msg('Interrupted when the page was reloaded.', { id: 'file-messages.interrupted' }) : lostFromMemory();
      this.#update(toUsername(message.peer ?? conversation.title), { ...file, state: 'failed', error });
    }
  }

  #add(peer: Username, info: TransferInfo, outgoing: boolean): void {
    const conversation = this.conversationWith(peer);
    const known = this.store.message(conversation.id, info.id);
    if (known?.file && known.outgoing === outgoing) return this.#update(peer, info);
    if (known) {
      // The peer offers a file under the id of another message of this conversation (one of ours).
      if (!outgoing) this.transfers.decline(peer, info.id);
      return;
    }
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
    const conversation = this.conversationWith(peer).id;
    const message = this.store.fileMessage(conversation, info.id);
    if (!message || message.outgoing !== (info.direction === 'out')) return;
    this.store.updateFile(conversation, info);
    if (FINISHED.has(info.state) && !message.outgoing) this.history.dropCheckpoint(storedAs(message));
  }

  /** The message of a file `peer` sends us, by its transfer id. */
  #incoming(peer: Username, id: string) {
    const message = this.store.fileMessage(this.conversationWith(peer).id, id);
    return message && !message.outgoing ? message : undefined;
  }
}
