import { usernameKey } from '../../../common/username.ts';
import { CallService, type Call } from '../../core/call/call-service.ts';
import { Emitter } from '../../core/emitter.ts';
import { HistoryStore, type MessageStatus, type StoredMessage } from '../storage/history-store.ts';
import { PeerSessions, type LinkState, type PeerSessionsOptions } from '../../core/peer-sessions.ts';
import type { Route } from '../../core/peer-link.ts';
import { PrivateChat } from '../../core/private-chat.ts';
import { randomId } from '../../core/random-id.ts';
import { JoinRejected, SignalingClient, type ConnectionState } from '../../core/signaling-client.ts';
import { sanitizeFileName } from '../../../common/file-name.ts';
import { fileSource, opfsFile, opfsSink, prepareStorage } from '../files/browser-files.ts';
import { FINISHED, type TransferInfo } from '../../core/transfer/transfer-info.ts';
import { TransferService } from '../../core/transfer/transfer-service.ts';
import { summarizeCall } from '../ui/call-text.ts';

export const EVERYONE = 'everyone';

export interface Conversation {
  id: string;
  /** `Everyone`, or the other person's name as they typed it. */
  title: string;
  kind: 'room' | 'private';
  online: boolean;
  unread: number;
  messages: StoredMessage[];
  link?: LinkState;
  route?: Route;
  typing: boolean;
}

type ModelEvents = {
  change: () => void;
  /** A message arrived while the user was not looking at it. */
  incoming: (conversation: Conversation, message: StoredMessage) => void;
};

const TYPING_SHOWN_MS = 5000;

/**
 * The app's state and everything it does, without markup: who I am, the conversations, their
 * messages and link states. Components render it and call its methods; it never touches the DOM.
 */
export class ChatModel extends Emitter<ModelEvents> {
  readonly signaling: SignalingClient;
  readonly sessions: PeerSessions;
  readonly #chat: PrivateChat;
  readonly transfers: TransferService;
  readonly calls: CallService;
  #history: HistoryStore | null = null;
  readonly #conversations = new Map<string, Conversation>();
  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  #active = EVERYONE;
  #joined = false;
  #looking = true;
  joinError: string | null = null;

  constructor(wsUrl: string, options: PeerSessionsOptions = {}) {
    super();
    this.signaling = new SignalingClient(wsUrl);
    this.sessions = new PeerSessions(this.signaling, options);
    this.#chat = new PrivateChat(this.sessions);
    this.transfers = new TransferService(this.sessions);
    this.calls = new CallService(this.signaling);
    this.#conversations.set(EVERYONE, newConversation(EVERYONE, 'Everyone', 'room'));

    this.signaling.on('state', () => this.#changed());
    this.calls.on('change', (call) => {
      if (call?.phase === 'ended') this.#recordCall(call);
      this.#changed();
    });
    this.signaling.on('error', (error) => {
      // A rejoin refused after a drop: back to the join screen, saying why, with nothing of the old name kept.
      if (this.signaling.state !== 'closed') return;
      this.joinError = error.message;
      this.#forget();
    });
    this.signaling.on('users', (users) => {
      const online = new Set(users.map((user) => usernameKey(user.name)));
      for (const user of users) {
        if (usernameKey(user.name) !== usernameKey(this.signaling.name ?? '')) this.#private(user.name);
      }
      for (const conversation of this.#conversations.values()) {
        if (conversation.kind === 'private') this.#patch(conversation.id, { online: online.has(usernameKey(conversation.title)) });
      }
    });
    this.signaling.on('message', (message) => {
      if (message.type === 'broadcast') {
        this.#add({ conversation: EVERYONE, id: message.id, from: message.from, text: message.text, at: message.at, outgoing: false, status: 'received' });
      } else if (message.type === 'broadcast-ack' && message.ref) {
        this.#setStatus(EVERYONE, message.ref, 'sent');
      } else if (message.type === 'error' && message.ref) {
        this.#setStatus(EVERYONE, message.ref, 'failed');
      }
    });
    this.sessions.on('state', (name, link) => {
      this.#patch(this.#private(name).id, { link, route: undefined });
    });
    this.sessions.on('route', (name, route) => {
      this.#patch(this.#private(name).id, { route });
    });
    this.#chat.on('received', (peer, message) => {
      const conversation = this.#private(peer);
      if (conversation.messages.some((m) => m.id === message.id)) return;
      this.#add({ conversation: conversation.id, peer: conversation.title, id: message.id, from: conversation.title, text: message.text, at: message.at, outgoing: false, status: 'received' });
    });
    this.#chat.on('sent', (peer, id) => this.#setStatus(conversationId(peer), id, 'sent'));
    this.#chat.on('delivered', (peer, id) => this.#setStatus(conversationId(peer), id, 'delivered'));
    this.#chat.on('typing', (peer, on) => this.#setTyping(peer, on));
    this.transfers.on('offer', (peer, info) => {
      this.#addFile(peer, info, false);
      prepareStorage();
    });
    this.transfers.on('update', (peer, info) => this.#updateFile(peer, info));
    this.transfers.on('checkpoint', (peer, checkpoint) => {
      this.#persist((history) => history.putCheckpoint({ id: checkpoint.info.id, peer, checkpoint }));
    });
  }

  /** Our name once joined; null on the join screen (also after a rejoin was refused). */
  get me(): string | null {
    const state = this.signaling.state;
    return this.#joined && state !== 'idle' && state !== 'closed' ? this.signaling.name : null;
  }
  get connection(): ConnectionState {
    return this.signaling.state;
  }
  get activeId(): string {
    return this.#active;
  }
  get active(): Conversation {
    return this.#conversations.get(this.#active) ?? this.#conversations.get(EVERYONE)!;
  }
  /**
   * What the sidebar lists: Everyone, then everyone online, alphabetically. A chat with someone who
   * went offline stays open (and in the list) while it is the active one; its history is kept.
   */
  get conversations(): Conversation[] {
    const privates = [...this.#conversations.values()].filter(
      (c) => c.kind === 'private' && (c.online || c.id === this.#active),
    );
    privates.sort((a, b) => a.title.localeCompare(b.title));
    return [this.#conversations.get(EVERYONE)!, ...privates];
  }
  get unreadTotal(): number {
    let total = 0;
    for (const conversation of this.#conversations.values()) total += conversation.unread;
    return total;
  }

  /** Joins as `name`; false (with `joinError` set) when the server refused. */
  async join(name: string, resume?: string): Promise<boolean> {
    this.joinError = null;
    this.#changed();
    try {
      const welcome = await this.signaling.join(name, resume);
      await this.#restoreHistory(usernameKey(welcome.you));
      this.#joined = true;
      this.#changed();
      return true;
    } catch (error) {
      this.joinError = error instanceof JoinRejected ? error.message : 'Could not join.';
      this.#changed();
      return false;
    }
  }

  open(id: string): void {
    if (!this.#conversations.has(id)) return;
    this.#active = id;
    if (this.#looking) this.#patch(id, { unread: 0 });
    const conversation = this.active;
    if (conversation.kind === 'private' && conversation.online && conversation.link !== 'open') {
      this.sessions.connect(conversation.title);
    }
    this.#changed();
  }

  /** Whether the user can see the open conversation (tab visible); unread counts depend on it. */
  setLooking(looking: boolean): void {
    this.#looking = looking;
    if (looking && this.active.unread > 0) this.#patch(this.#active, { unread: 0 });
  }

  send(text: string): void {
    const trimmed = text.trim();
    const me = this.signaling.name;
    if (!trimmed || !me) return;
    const conversation = this.active;
    const message: StoredMessage = {
      conversation: conversation.id,
      id: randomId(),
      from: me,
      text: trimmed,
      at: Date.now(),
      outgoing: true,
      status: 'pending',
    };
    if (conversation.kind === 'room') {
      this.#add(message);
      const sent = this.signaling.send({ type: 'broadcast', id: message.id, text: trimmed });
      if (!sent) this.#setStatus(EVERYONE, message.id, 'failed');
    } else {
      this.#add({ ...message, peer: conversation.title });
      this.#chat.send(conversation.title, { id: message.id, text: trimmed, at: message.at });
    }
  }

  /** Offers files to the person in the open private chat. */
  sendFiles(files: File[]): void {
    const conversation = this.active;
    if (conversation.kind !== 'private' || files.length === 0) return;
    const offered = this.transfers.offer(
      conversation.title,
      files.map((file) => ({ name: file.name, type: file.type || 'application/octet-stream', source: fileSource(file) })),
    );
    for (const info of offered) this.#addFile(conversation.title, info, true);
  }

  /** Accepts an offered file; it is written to this browser's private storage as it arrives. */
  async acceptFile(id: string): Promise<void> {
    const message = this.#fileMessage(id);
    if (!message?.peer || message.file?.state !== 'incoming') return;
    try {
      this.transfers.accept(message.peer, id, await opfsSink(id));
    } catch (error) {
      // No storage for it (quota, or a browser without OPFS): refuse cleanly and say why.
      this.transfers.cancel(message.peer, id);
      this.#updateFile(message.peer, { ...message.file, state: 'failed', error: `This browser could not store the file (${(error as Error).message}).` });
    }
  }

  declineFile(id: string): void {
    const message = this.#fileMessage(id);
    if (message?.peer) this.transfers.decline(message.peer, id);
  }

  cancelFile(id: string): void {
    const message = this.#fileMessage(id);
    if (message?.peer) this.transfers.cancel(message.peer, id);
  }

  /** A received file, ready to download under its original name made safe. */
  async receivedFile(id: string): Promise<{ file: File; name: string }> {
    const message = this.#fileMessage(id);
    if (!message?.file || message.file.state !== 'done' || message.outgoing) throw new Error('No such received file.');
    return { file: await opfsFile(id), name: sanitizeFileName(message.file.name) };
  }

  /** Tells the open private chat's peer whether we are typing. */
  typing(on: boolean): void {
    if (this.active.kind === 'private') this.#chat.setTyping(this.active.title, on);
  }

  retryLink(): void {
    if (this.active.kind === 'private') this.sessions.connect(this.active.title);
  }

  async clearHistory(): Promise<void> {
    await this.#history?.clear();
    for (const id of this.#conversations.keys()) this.#patch(id, { messages: [], unread: 0 });
  }

  async #restoreHistory(userKey: string): Promise<void> {
    if (this.#history) return;
    try {
      this.#history = await HistoryStore.open(userKey);
    } catch {
      return; // Private browsing without IndexedDB: the chat still works, it just forgets.
    }
    for (const message of await this.#history.recent()) {
      const conversation = message.conversation === EVERYONE ? this.#conversations.get(EVERYONE)! : this.#private(message.peer ?? message.from);
      if (conversation.messages.some((m) => m.id === message.id)) continue;
      this.#patch(conversation.id, { messages: [...conversation.messages, message] });
      // Private messages never acknowledged go out again; the peer drops duplicates by id.
      if (!message.file && message.outgoing && message.conversation !== EVERYONE && message.status !== 'delivered') {
        this.#chat.send(conversation.title, { id: message.id, text: message.text, at: message.at });
      }
    }
    await this.#restoreTransfers();
  }

  /**
   * Incoming files cut off by a reload resume from their last checkpoint once the sender's link is
   * back. Outgoing ones cannot: the page no longer holds the file.
   */
  async #restoreTransfers(): Promise<void> {
    const resumed = new Set<string>();
    for (const { id, peer, checkpoint } of await this.#history!.checkpoints()) {
      const message = this.#fileMessage(id);
      if (!message?.file || FINISHED.has(message.file.state)) {
        this.#persist((history) => history.deleteCheckpoint(id));
        continue;
      }
      try {
        await this.transfers.restore(peer, checkpoint, await opfsSink(id));
        resumed.add(id);
      } catch {
        // The partial file is gone (storage cleared): it is marked interrupted below.
      }
    }
    for (const conversation of this.#conversations.values()) {
      for (const message of conversation.messages) {
        const file = message.file;
        if (!file || FINISHED.has(file.state) || resumed.has(message.id) || file.state === 'incoming') continue;
        this.#updateFile(message.peer ?? conversation.title, { ...file, state: 'failed', error: 'Interrupted when the page was reloaded.' });
      }
    }
  }

  /** Drops everything of the current name (its history stays on disk for when it comes back). */
  #forget(): void {
    this.calls.hangUp();
    this.calls.dismiss();
    this.#joined = false;
    this.#history?.close();
    this.#history = null;
    this.sessions.closeAll();
    this.#conversations.clear();
    this.#conversations.set(EVERYONE, newConversation(EVERYONE, 'Everyone', 'room'));
    this.#active = EVERYONE;
    this.#changed();
  }

  #fileMessage(id: string): StoredMessage | undefined {
    for (const conversation of this.#conversations.values()) {
      const message = conversation.messages.find((m) => m.id === id && m.file);
      if (message) return message;
    }
    return undefined;
  }

  #addFile(peer: string, info: TransferInfo, outgoing: boolean): void {
    const conversation = this.#private(peer);
    if (conversation.messages.some((m) => m.id === info.id)) return this.#updateFile(peer, info);
    this.#add({
      conversation: conversation.id,
      peer: conversation.title,
      id: info.id,
      from: outgoing ? (this.signaling.name ?? '') : conversation.title,
      text: info.name,
      at: Date.now(),
      outgoing,
      status: outgoing ? 'sent' : 'received',
      file: info,
    });
  }

  #updateFile(peer: string, info: TransferInfo): void {
    const conversation = this.#private(peer);
    const message = conversation.messages.find((m) => m.id === info.id);
    if (!message?.file) return;
    const updated: StoredMessage = { ...message, file: info };
    this.#patch(conversation.id, { messages: conversation.messages.map((m) => (m === message ? updated : m)) });
    // Progress ticks stay in memory; state changes are worth a write.
    if (message.file.state !== info.state) this.#persist((history) => history.put(updated));
    if (FINISHED.has(info.state) && !message.outgoing) this.#persist((history) => history.deleteCheckpoint(info.id));
  }

  /** An ended call goes into its conversation's history, once; a missed one counts as unread. */
  #recordCall(call: Call): void {
    const conversation = this.#private(call.peer);
    if (conversation.messages.some((m) => m.id === call.id)) return;
    const outgoing = call.direction === 'outgoing';
    this.#add({
      conversation: conversation.id,
      peer: conversation.title,
      id: call.id,
      from: outgoing ? (this.signaling.name ?? '') : conversation.title,
      text: summarizeCall(call),
      at: Date.now(),
      outgoing,
      status: outgoing ? 'sent' : 'received',
      call: { media: call.media },
    });
  }

  #private(name: string): Conversation {
    const id = conversationId(name);
    let conversation = this.#conversations.get(id);
    if (!conversation) {
      conversation = newConversation(id, name, 'private');
      conversation.online = this.signaling.isOnline(name);
      this.#conversations.set(id, conversation);
    }
    return conversation;
  }

  #add(message: StoredMessage): void {
    const conversation = this.#conversations.get(message.conversation);
    if (!conversation) return;
    const unseen = !message.outgoing && !(this.#looking && conversation.id === this.#active);
    const updated = this.#patch(conversation.id, {
      messages: [...conversation.messages, message],
      unread: conversation.unread + (unseen ? 1 : 0),
    });
    if (unseen) this.emit('incoming', updated, message);
    this.#persist((history) => history.put(message));
  }

  #setStatus(conversationKey: string, id: string, status: MessageStatus): void {
    const conversation = this.#conversations.get(conversationKey);
    const message = conversation?.messages.find((m) => m.id === id);
    if (!conversation || !message || message.status === status || message.status === 'delivered') return;
    const updated = { ...message, status };
    this.#patch(conversation.id, { messages: conversation.messages.map((m) => (m === message ? updated : m)) });
    this.#persist((history) => history.put(updated));
  }

  #setTyping(peer: string, on: boolean): void {
    const conversation = this.#private(peer);
    clearTimeout(this.#typingTimers.get(conversation.id));
    if (on) this.#typingTimers.set(conversation.id, setTimeout(() => this.#setTyping(peer, false), TYPING_SHOWN_MS));
    this.#patch(conversation.id, { typing: on });
  }

  /**
   * Conversations are immutable values: every change makes a new object, so components can tell
   * what changed by identity.
   */
  #patch(id: string, changes: Partial<Conversation>): Conversation {
    const current = this.#conversations.get(id)!;
    const next = { ...current, ...changes };
    this.#conversations.set(id, next);
    this.#changed();
    return next;
  }

  /**
   * Writes to local history without letting a storage failure (quota, private mode) break the chat:
   * the conversation goes on in memory and the failure is logged.
   */
  #persist(write: (history: HistoryStore) => Promise<void>): void {
    if (!this.#history) return;
    write(this.#history).catch((error: unknown) => console.warn('Could not save chat history:', error));
  }

  #changed(): void {
    this.emit('change');
  }
}

function conversationId(name: string): string {
  return `user:${usernameKey(name)}`;
}

function newConversation(id: string, title: string, kind: Conversation['kind']): Conversation {
  return { id, title, kind, online: kind === 'room', unread: 0, messages: [], typing: false };
}
