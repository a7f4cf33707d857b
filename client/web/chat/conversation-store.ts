import type { Username } from '../../../common/username.ts';
import type { PeerIdentity } from '../../core/identity/peer-identities.ts';
import type { Route } from '../../core/peers/peer-link.ts';
import type { LinkState } from '../../core/peers/peer-sessions.ts';
import type { TransferInfo } from '../../core/transfer/transfer-info.ts';
import { Emitter } from '../../core/util/emitter.ts';
import type { MessageStatus, StoredMessage } from './stored-message.ts';

export const EVERYONE = 'everyone';

export interface Conversation {
  id: string;
  /** `Everyone`, or the other person's name as they typed it. */
  title: string;
  kind: 'room' | 'private';
  /** The other person, in a private conversation. */
  peer?: Username;
  online: boolean;
  unread: number;
  /**
   * The newest messages, oldest first: at most `MESSAGES_KEPT` (plus a tenth) in memory; older
   * ones stay in the history on disk. Shared by every version of the conversation and changed in
   * place (appended to, trimmed at the front, a changed message swapped for its new object).
   */
  readonly messages: readonly StoredMessage[];
  link?: LinkState;
  route?: Route;
  /** What the latest link's identity proof said of the other person, and whether they are verified. */
  identity?: PeerIdentity;
  typing: boolean;
}

type StoreEvents = {
  change: () => void;
  /** A message arrived while the user was not looking at it. */
  incoming: (conversation: Conversation, message: StoredMessage) => void;
  /** A message was added, or changed in a way worth keeping (progress ticks are not). */
  stored: (message: StoredMessage) => void;
};

export function conversationId(peer: Username): string {
  return `user:${peer.key}`;
}

/**
 * Messages a conversation holds in memory. Rendering a conversation walks them, and a peer can
 * send messages without end: past this (and a tenth more, so trimming is rare) the oldest go.
 */
export const MESSAGES_KEPT = 1000;

/** A conversation's messages, with an index by id so that finding, adding and changing one costs the same at any length. */
class MessageList {
  readonly items: StoredMessage[] = [];
  /** Position of each message's id, counted from the first message ever added. */
  readonly #positions = new Map<string, number>();
  #added = 0;

  get(id: string): StoredMessage | undefined {
    const position = this.#positions.get(id);
    return position === undefined ? undefined : this.items[position - this.#dropped];
  }

  has(id: string): boolean {
    return this.#positions.has(id);
  }

  append(message: StoredMessage): void {
    this.#positions.set(message.id, this.#added++);
    this.items.push(message);
    if (this.items.length > MESSAGES_KEPT * 1.1) {
      for (const old of this.items.splice(0, this.items.length - MESSAGES_KEPT)) this.#positions.delete(old.id);
    }
  }

  /** Puts `updated` where the message with its id is. */
  replace(updated: StoredMessage): void {
    const position = this.#positions.get(updated.id);
    if (position !== undefined) this.items[position - this.#dropped] = updated;
  }

  clear(): void {
    this.items.length = 0;
    this.#positions.clear();
  }

  /** Messages trimmed or cleared so far. */
  get #dropped(): number {
    return this.#added - this.items.length;
  }
}

/**
 * The conversations and their messages, without any I/O: what is open, what is unread. Every
 * change makes a new conversation object, so components can tell what changed by identity; a
 * message is replaced, never changed, likewise. The message list itself is not copied on each
 * change (a peer sending thousands of messages would make every one cost as much as all before it).
 */
export class ConversationStore extends Emitter<StoreEvents> {
  readonly #conversations = new Map<string, Conversation>();
  readonly #lists = new Map<string, MessageList>();
  #active = EVERYONE;
  #looking = true;

  constructor() {
    super();
    this.#create(newConversation(EVERYONE, 'Everyone', 'room'));
  }

  get activeId(): string {
    return this.#active;
  }
  get active(): Conversation {
    return this.#conversations.get(this.#active) ?? this.room;
  }
  get room(): Conversation {
    return this.#conversations.get(EVERYONE)!;
  }
  /**
   * What the sidebar lists: Everyone, then everyone online, the latest message first (a new one is
   * never below the fold), then the quiet ones alphabetically. A chat with someone who went offline
   * stays open (and in the list) while it is the active one; its history is kept.
   */
  get conversations(): Conversation[] {
    const privates = [...this.#conversations.values()].filter(
      (c) => c.kind === 'private' && (c.online || c.id === this.#active),
    );
    const latest = (c: Conversation) => c.messages.at(-1)?.at ?? -Infinity;
    privates.sort((a, b) => latest(b) - latest(a) || a.title.localeCompare(b.title));
    return [this.room, ...privates];
  }
  /** The people talked to (a private conversation with messages), and the one open: whose presence matters whatever is shown. */
  get peersTalkedTo(): Username[] {
    const peers: Username[] = [];
    for (const conversation of this.#conversations.values()) {
      if (conversation.peer && (conversation.messages.length > 0 || conversation.id === this.#active)) peers.push(conversation.peer);
    }
    return peers;
  }
  get unreadTotal(): number {
    let total = 0;
    for (const conversation of this.#conversations.values()) total += conversation.unread;
    return total;
  }

  get(id: string): Conversation | undefined {
    return this.#conversations.get(id);
  }

  /** The private conversation with `peer`, made on first use (`online` is its state then). */
  privateWith(peer: Username, online: boolean): Conversation {
    const id = conversationId(peer);
    let conversation = this.#conversations.get(id);
    conversation ??= this.#create({ ...newConversation(id, peer.display, 'private'), peer, online });
    return conversation;
  }

  /** Opens a conversation; false if there is none with that id. */
  open(id: string): boolean {
    if (!this.#conversations.has(id)) return false;
    this.#active = id;
    if (this.#looking) this.patch(id, { unread: 0 });
    this.#changed();
    return true;
  }

  /** Whether the user can see the open conversation (tab visible); unread counts depend on it. */
  setLooking(looking: boolean): void {
    this.#looking = looking;
    if (looking && this.active.unread > 0) this.patch(this.#active, { unread: 0 });
  }

  /** Marks every private conversation online or not, by the set of name keys online. */
  setOnline(online: ReadonlySet<string>): void {
    for (const conversation of this.#conversations.values()) {
      if (conversation.peer) this.patch(conversation.id, { online: online.has(conversation.peer.key) });
    }
  }

  /** Adds a new message; one that arrived unseen counts as unread. */
  add(message: StoredMessage): void {
    const conversation = this.#conversations.get(message.conversation);
    if (!conversation) return;
    const unseen = !message.outgoing && !(this.#looking && conversation.id === this.#active);
    this.#lists.get(conversation.id)!.append(message);
    const updated = this.patch(conversation.id, { unread: conversation.unread + (unseen ? 1 : 0) });
    if (unseen) this.emit('incoming', updated, message);
    this.emit('stored', message);
  }

  /** Puts a message from history back; false if it is already there. */
  restore(conversation: Conversation, message: StoredMessage): boolean {
    const list = this.#lists.get(conversation.id);
    if (!list || list.has(message.id)) return false;
    list.append(message);
    this.patch(conversation.id, {});
    return true;
  }

  has(conversationId: string, messageId: string): boolean {
    return this.#lists.get(conversationId)?.has(messageId) ?? false;
  }

  /** The message with this id in that conversation. */
  message(conversationId: string, id: string): StoredMessage | undefined {
    return this.#lists.get(conversationId)?.get(id);
  }

  setStatus(conversationId: string, id: string, status: MessageStatus): void {
    const message = this.message(conversationId, id);
    if (!message || message.status === status || message.status === 'delivered') return;
    this.#replace(conversationId, { ...message, status }, true);
  }

  /** The newest state of a file in its message; state changes are kept, progress ticks only shown. */
  updateFile(conversationId: string, info: TransferInfo): void {
    const message = this.message(conversationId, info.id);
    if (!message?.file) return;
    this.#replace(conversationId, { ...message, file: info }, message.file.state !== info.state);
  }

  /** Changes a message in a way worth keeping. */
  update(conversationId: string, id: string, changes: Partial<Omit<StoredMessage, 'conversation' | 'id'>>): void {
    const message = this.message(conversationId, id);
    if (message) this.#replace(conversationId, { ...message, ...changes }, true);
  }

  /** The message of the file transfer with this id in that conversation (a transfer id is only the peer's). */
  fileMessage(conversationId: string, id: string): StoredMessage | undefined {
    const message = this.message(conversationId, id);
    return message?.file ? message : undefined;
  }

  /** Every message of every conversation (history restore walks them). */
  *messages(): Iterable<{ conversation: Conversation; message: StoredMessage }> {
    for (const conversation of this.#conversations.values()) {
      for (const message of conversation.messages) yield { conversation, message };
    }
  }

  clearMessages(): void {
    for (const list of this.#lists.values()) list.clear();
    for (const id of this.#conversations.keys()) this.patch(id, { unread: 0 });
  }

  /** Back to nothing but an empty Everyone (a new name joins). */
  reset(): void {
    this.#conversations.clear();
    this.#lists.clear();
    this.#create(newConversation(EVERYONE, 'Everyone', 'room'));
    this.#active = EVERYONE;
    this.#changed();
  }

  patch(id: string, changes: Partial<Conversation>): Conversation {
    const next = { ...this.#conversations.get(id)!, ...changes };
    this.#conversations.set(id, next);
    this.#changed();
    return next;
  }

  /** A conversation with a message list of its own. */
  #create(conversation: Omit<Conversation, 'messages'>): Conversation {
    const list = new MessageList();
    const created = { ...conversation, messages: list.items };
    this.#lists.set(created.id, list);
    this.#conversations.set(created.id, created);
    return created;
  }

  #replace(conversationId: string, updated: StoredMessage, keep: boolean): void {
    this.#lists.get(conversationId)!.replace(updated);
    this.patch(conversationId, {});
    if (keep) this.emit('stored', updated);
  }

  #changed(): void {
    this.emit('change');
  }
}

function newConversation(id: string, title: string, kind: Conversation['kind']): Omit<Conversation, 'messages'> {
  return { id, title, kind, online: kind === 'room', unread: 0, typing: false };
}
