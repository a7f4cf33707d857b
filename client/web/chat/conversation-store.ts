import type { Username } from '../../../common/username.ts';
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
  messages: StoredMessage[];
  link?: LinkState;
  route?: Route;
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
 * The conversations and their messages, without any I/O: what is open, what is unread. Every
 * conversation is an immutable value, so every change makes a new object and components can tell
 * what changed by identity.
 */
export class ConversationStore extends Emitter<StoreEvents> {
  readonly #conversations = new Map<string, Conversation>();
  #active = EVERYONE;
  #looking = true;

  constructor() {
    super();
    this.#conversations.set(EVERYONE, newConversation(EVERYONE, 'Everyone', 'room'));
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
   * What the sidebar lists: Everyone, then everyone online, alphabetically. A chat with someone who
   * went offline stays open (and in the list) while it is the active one; its history is kept.
   */
  get conversations(): Conversation[] {
    const privates = [...this.#conversations.values()].filter(
      (c) => c.kind === 'private' && (c.online || c.id === this.#active),
    );
    privates.sort((a, b) => a.title.localeCompare(b.title));
    return [this.room, ...privates];
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
    if (!conversation) {
      conversation = { ...newConversation(id, peer.display, 'private'), peer, online };
      this.#conversations.set(id, conversation);
    }
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
    const updated = this.patch(conversation.id, {
      messages: [...conversation.messages, message],
      unread: conversation.unread + (unseen ? 1 : 0),
    });
    if (unseen) this.emit('incoming', updated, message);
    this.emit('stored', message);
  }

  /** Puts a message from history back; false if it is already there. */
  restore(conversation: Conversation, message: StoredMessage): boolean {
    if (conversation.messages.some((m) => m.id === message.id)) return false;
    this.patch(conversation.id, { messages: [...conversation.messages, message] });
    return true;
  }

  has(conversationId: string, messageId: string): boolean {
    return this.#conversations.get(conversationId)?.messages.some((m) => m.id === messageId) ?? false;
  }

  setStatus(conversationId: string, id: string, status: MessageStatus): void {
    const conversation = this.#conversations.get(conversationId);
    const message = conversation?.messages.find((m) => m.id === id);
    if (!conversation || !message || message.status === status || message.status === 'delivered') return;
    this.#replace(conversation, message, { ...message, status }, true);
  }

  /** The newest state of a file in its message; state changes are kept, progress ticks only shown. */
  updateFile(conversationId: string, info: TransferInfo): void {
    const conversation = this.#conversations.get(conversationId);
    const message = conversation?.messages.find((m) => m.id === info.id);
    if (!conversation || !message?.file) return;
    this.#replace(conversation, message, { ...message, file: info }, message.file.state !== info.state);
  }

  /** The message of the file transfer with this id, in whichever conversation. */
  fileMessage(id: string): StoredMessage | undefined {
    for (const conversation of this.#conversations.values()) {
      const message = conversation.messages.find((m) => m.id === id && m.file);
      if (message) return message;
    }
    return undefined;
  }

  /** Every message of every conversation (history restore walks them). */
  *messages(): Iterable<{ conversation: Conversation; message: StoredMessage }> {
    for (const conversation of this.#conversations.values()) {
      for (const message of conversation.messages) yield { conversation, message };
    }
  }

  clearMessages(): void {
    for (const id of this.#conversations.keys()) this.patch(id, { messages: [], unread: 0 });
  }

  /** Back to nothing but an empty Everyone (a new name joins). */
  reset(): void {
    this.#conversations.clear();
    this.#conversations.set(EVERYONE, newConversation(EVERYONE, 'Everyone', 'room'));
    this.#active = EVERYONE;
    this.#changed();
  }

  patch(id: string, changes: Partial<Conversation>): Conversation {
    const next = { ...this.#conversations.get(id)!, ...changes };
    this.#conversations.set(id, next);
    this.#changed();
    return next;
  }

  #replace(conversation: Conversation, message: StoredMessage, updated: StoredMessage, keep: boolean): void {
    this.patch(conversation.id, { messages: conversation.messages.map((m) => (m === message ? updated : m)) });
    if (keep) this.emit('stored', updated);
  }

  #changed(): void {
    this.emit('change');
  }
}

function newConversation(id: string, title: string, kind: Conversation['kind']): Conversation {
  return { id, title, kind, online: kind === 'room', unread: 0, messages: [], typing: false };
}
