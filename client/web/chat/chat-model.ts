/**
 * One piece on purpose, though long: the web shell's one model. It joins the core's services (signaling,
 * sessions, chat, calls, transfers) to the conversation store and history, and each event from them
 * lands here as one change of what the page shows. What can stand alone already does: the store,
 * history sync, file messages and the people watch are files of their own.
 */
import { msg } from '@lit/localize';
import { toUsername, type Username } from '../../../common/username.ts';
import type { Call } from '../../core/call/call.ts';
import type { ChatServices } from '../../core/chat-services.ts';
import { JoinRejected } from '../../core/signaling/join-rejected.ts';
import { refusal } from './refusal-text.ts';
import type { ConnectionState } from '../../core/signaling/signaling-client.ts';
import { Emitter } from '../../core/util/emitter.ts';
import { randomId } from '../../core/util/random-id.ts';
import { ConversationStore, EVERYONE, conversationId, type Conversation } from './conversation-store.ts';
import { FileMessages } from './file-messages.ts';
import { HistorySync } from './history-sync.ts';
import { PeopleWatch } from './people-watch.ts';
import type { FileStore, OpenHistory, ResetIdentity } from './ports.ts';
import { RunningTransfers } from './running-transfers.ts';
import type { StoredMessage } from './stored-message.ts';

export { EVERYONE, type Conversation };

type ModelEvents = {
  change: () => void;
  /** A message arrived while the user was not looking at it. */
  incoming: (conversation: Conversation, message: StoredMessage) => void;
};

export interface ChatModelPorts {
  history: OpenHistory;
  files: FileStore;
  /** Default: the identity cannot be reset (tests). */
  resetIdentity?: ResetIdentity;
}

const TYPING_SHOWN_MS = 5000;


/**
 * The app's state and everything it does, without markup: who I am, the conversations, their
 * messages and link states. It wires the core's services to the conversation store and the
 * history; components render it and call its methods. It never touches the DOM.
 */
export class ChatModel extends Emitter<ModelEvents> {
  readonly signaling: ChatServices['signaling'];
  readonly sessions: ChatServices['sessions'];
  readonly transfers: ChatServices['transfers'];
  readonly calls: ChatServices['calls'];
  readonly #identities: ChatServices['identities'];
  readonly #resetIdentity: ResetIdentity;
  readonly #chat: ChatServices['chat'];
  readonly #store = new ConversationStore();
  readonly #history: HistorySync;
  readonly #files: FileMessages;
  readonly #running: RunningTransfers;
  readonly #typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  readonly #people: PeopleWatch;
  #joined = false;
  #offlineAs: Username | null = null;
  #unreachable = false;
  joinError: string | null = null;

  constructor(services: ChatServices, ports: ChatModelPorts) {
    super();
    ({ signaling: this.signaling, sessions: this.sessions, transfers: this.transfers, calls: this.calls, chat: this.#chat, identities: this.#identities } = services);
    this.#resetIdentity = ports.resetIdentity ?? (() => Promise.reject(new Error('this app cannot reset its identity')));
    this.#history = new HistorySync(this.#store, ports.history);
    // Before FileMessages, so `busy` is current when a transfer's update reaches the store.
    this.#running = new RunningTransfers(this.transfers);
    this.#files = new FileMessages(this.transfers, this.#store, this.#history, ports.files, (peer) => this.#private(peer), () => this.signaling.me?.display ?? '');
    this.#people = new PeopleWatch(this.signaling, () => this.#store.peersTalkedTo);
    this.#store.on('change', () => {
      this.#people.update();
      this.#changed();
    });
    this.#store.on('incoming', (conversation, message) => this.emit('incoming', conversation, message));

    this.signaling.on('state', () => this.#changed());
    this.calls.on('change', (call) => {
      if (call?.phase === 'ended') this.#recordCall(call);
      this.#changed();
    });
    this.signaling.on('error', (error) => {
      // A rejoin refused after a drop: back to the join screen, saying why, with nothing of the old name kept.
      if (this.signaling.state !== 'closed') return;
      this.joinError = refusal(error.code, error.message);
      this.#forget();
    });
    this.signaling.on('users', (users) => {
      const me = this.signaling.me;
      for (const user of users) {
        if (user.key !== me?.key) this.#private(user);
      }
      this.#store.setOnline(new Set(users.map((user) => user.key)));
    });
    this.signaling.on('message', (message) => {
      if (message.type === 'broadcast') {
        this.#store.add({ conversation: EVERYONE, id: message.id, from: message.from, text: message.text, at: message.at, outgoing: false, status: 'received' });
      } else if (message.type === 'missed') {
        const { broadcasts, since, until } = message;
        this.#store.add({ conversation: EVERYONE, id: randomId(), from: '', text: '', at: until, outgoing: false, status: 'received', missed: { broadcasts, since, until } });
      } else if (message.type === 'broadcast-ack' && message.ref) {
        this.#store.setStatus(EVERYONE, message.ref, 'sent');
      } else if (message.type === 'error' && message.ref) {
        this.#store.setStatus(EVERYONE, message.ref, 'failed');
      }
    });
    this.sessions.on('state', (peer, link) => this.#store.patch(this.#private(peer).id, { link, route: undefined }));
    this.sessions.on('route', (peer, route) => this.#store.patch(this.#private(peer).id, { route }));
    this.#identities.on('change', (peer, identity) => this.#store.patch(this.#private(peer).id, { identity }));
    this.#chat.on('received', (peer, message) => {
      const conversation = this.#private(peer);
      if (this.#store.has(conversation.id, message.id)) return;
      this.#store.add({ conversation: conversation.id, peer: conversation.title, id: message.id, from: conversation.title, text: message.text, at: message.at, outgoing: false, status: 'received' });
    });
    this.#chat.on('sent', (peer, id) => this.#store.setStatus(conversationId(peer), id, 'sent'));
    this.#chat.on('delivered', (peer, id) => this.#store.setStatus(conversationId(peer), id, 'delivered'));
    this.#chat.on('typing', (peer, on) => this.#setTyping(peer, on));
  }

  /**
   * Our name once joined, or the one whose history is shown offline; null on the join screen (also
   * after a rejoin was refused).
   */
  get me(): string | null {
    const state = this.signaling.state;
    if (this.#offlineAs) return this.#offlineAs.display;
    return this.#joined && state !== 'idle' && state !== 'closed' ? (this.signaling.me?.display ?? null) : null;
  }
  /** The server could not be reached to rejoin: the history kept under `me` is shown, and nothing goes out. */
  get offline(): boolean {
    return this.#offlineAs !== null;
  }
  get connection(): ConnectionState {
    return this.signaling.state;
  }
  get activeId(): string {
    return this.#store.activeId;
  }
  get active(): Conversation {
    return this.#store.active;
  }
  /** Everyone, then everyone online, alphabetically (an offline chat stays while it is open). */
  get conversations(): Conversation[] {
    return this.#store.conversations;
  }
  get unreadTotal(): number {
    return this.#store.unreadTotal;
  }
  /** A large room: the sidebar shows a page of the people online, and its filter box searches the server. */
  get paged(): boolean {
    return this.signaling.paged;
  }
  /** How many are online, me included (in a paged room, as of the welcome or the last search). */
  get onlineCount(): number {
    if (this.signaling.paged) return this.signaling.online;
    return this.conversations.filter((c) => c.kind === 'private' && c.online).length + 1;
  }

  /** The filter box changed: in a paged room, the server is searched for people whose name starts with `text`. */
  searchPeople(text: string): void {
    this.#people.search(text);
  }

  /** A file moving or a call on: the page must not go away under it, and the screen should stay on. */
  get busy(): boolean {
    return this.calls.busy || this.#running.any;
  }

  /** Resolves once the model is not `busy`. */
  async whenIdle(): Promise<void> {
    if (this.busy) await this.next('change', () => !this.busy);
  }

  /** Joins as `name`; false (with `joinError` set) when the server refused. */
  async join(name: string, resume?: string): Promise<boolean> {
    this.joinError = null;
    this.#unreachable = false;
    this.#changed();
    try {
      // Made (the first time) or loaded now rather than when the first link opens and waits for it.
      void this.#identities.identity();
      const welcome = await this.signaling.join(name, resume);
      if (this.#offlineAs) this.#leaveOffline();
      await this.#restoreHistory(toUsername(welcome.you).key);
      this.#joined = true;
      this.#changed();
      return true;
    } catch (error) {
      // No server answered, as against a refusal (the socket then closes and the client goes idle).
      this.#unreachable = error instanceof JoinRejected && error.code === 'connection-failed' && this.signaling.state === 'idle';
      if (this.#unreachable) this.joinError = msg('Could not reach the chat server.', { id: 'chat-model.unreachable' });
      else this.joinError = error instanceof JoinRejected ? refusal(error.code, error.message) : msg('Could not join.', { id: 'chat-model.join-failed' });
      this.#changed();
      return false;
    }
  }

  /**
   * Rejoins a name this tab had (after a reload, say). With the server out of reach, the history
   * kept under that name is shown meanwhile, read-only; a later `join` that succeeds leaves it.
   */
  async rejoin(name: string, resume?: string): Promise<void> {
    if (await this.join(name, resume)) return;
    if (!this.#unreachable || this.#offlineAs) return;
    const user = toUsername(name);
    const kept = await this.#history.open(user.key);
    for (const message of kept?.messages ?? []) this.#restoreMessage(message);
    this.#offlineAs = user;
    this.joinError = null;
    this.#changed();
  }

  open(id: string): void {
    if (!this.#store.open(id)) return;
    const { peer, online, link } = this.active;
    if (peer && online && link !== 'open') this.sessions.connect(peer);
  }

  /** Whether the user can see the open conversation (tab visible); unread counts depend on it. */
  setLooking(looking: boolean): void {
    this.#store.setLooking(looking);
  }

  send(text: string): void {
    const trimmed = text.trim();
    const me = this.signaling.me;
    if (!trimmed || !me) return;
    const conversation = this.active;
    const message: StoredMessage = {
      conversation: conversation.id,
      id: randomId(),
      from: me.display,
      text: trimmed,
      at: Date.now(),
      outgoing: true,
      status: 'pending',
    };
    if (!conversation.peer) {
      this.#store.add(message);
      const sent = this.signaling.send({ type: 'broadcast', id: message.id, text: trimmed });
      if (!sent) this.#store.setStatus(EVERYONE, message.id, 'failed');
    } else {
      this.#store.add({ ...message, peer: conversation.title });
      this.#chat.send(conversation.peer, { id: message.id, text: trimmed, at: message.at });
    }
  }

  /** Offers files to the person in the open private chat. */
  sendFiles(files: File[]): void {
    const peer = this.active.peer;
    if (peer && files.length > 0) this.#files.send(peer, files);
  }

  /**
   * Accepts the file `id` offered in `conversation`; it is written to this browser's private storage
   * as it arrives. File ids are the sender's, so they are looked up per conversation: another peer
   * reusing one reaches only its own.
   */
  acceptFile(conversation: string, id: string): Promise<void> {
    return this.#files.accept(conversation, id);
  }

  declineFile(conversation: string, id: string): void {
    this.#files.decline(conversation, id);
  }

  cancelFile(conversation: string, id: string): void {
    this.#files.cancel(conversation, id);
  }

  /** A file received in `conversation`, ready to download under its original name made safe. */
  receivedFile(conversation: string, id: string): Promise<{ file: File; name: string }> {
    return this.#files.received(conversation, id);
  }

  /** The user saved a received file of `conversation`. */
  fileSaved(conversation: string, id: string): void {
    this.#files.saved(conversation, id);
  }

  /** A finished file of `conversation` this page can show in its card, if it has it. */
  finishedFile(conversation: string, id: string): Promise<File | undefined> {
    return this.#files.finished(conversation, id);
  }

  /** Tells the open private chat's peer whether we are typing. */
  typing(on: boolean): void {
    const peer = this.active.peer;
    if (peer) this.#chat.setTyping(peer, on);
  }

  /** Rings the person in the open private chat. */
  call(media: Call['media']): Promise<void> {
    const peer = this.active.peer;
    return peer ? this.calls.start(peer, media) : Promise.resolve();
  }

  /** The safety number with the person in the open private chat; undefined until they presented a key. */
  async safetyNumber(): Promise<string | undefined> {
    const peer = this.active.peer;
    const me = this.signaling.me;
    return peer && me ? this.#identities.safetyNumber(me, peer) : undefined;
  }

  /**
   * Marks (or unmarks) the key of the person in the open private chat as verified: numbers compared.
   * A changed key whose number the user compared is accepted with it.
   */
  async setVerified(verified: boolean): Promise<void> {
    const { peer, identity } = this.active;
    if (!peer) return;
    if (verified && identity?.verdict === 'key-changed') await this.sessions.acceptNewKey(peer);
    await this.#identities.setVerified(peer, verified);
  }

  /** Takes the new key of the person in the open private chat as theirs, after its warning. */
  acceptNewKey(): Promise<void> {
    const peer = this.active.peer;
    return peer ? this.sessions.acceptNewKey(peer) : Promise.resolve();
  }

  /** Forgets this profile's identity key: the app must restart to make and use a new one. */
  resetIdentity(): Promise<void> {
    return this.#resetIdentity();
  }

  retryLink(): void {
    const peer = this.active.peer;
    if (peer) this.sessions.connect(peer);
  }

  async clearHistory(): Promise<void> {
    await this.#history.clear();
    this.#store.clearMessages();
    this.#files.forgetSent();
  }

  async #restoreHistory(userKey: string): Promise<void> {
    const kept = await this.#history.open(userKey);
    if (!kept) return;
    for (const message of kept.messages) {
      const conversation = this.#restoreMessage(message);
      // Private messages never acknowledged go out again; the peer drops duplicates by id.
      if (conversation?.peer && !message.file && message.outgoing && message.status !== 'delivered') {
        this.#chat.send(conversation.peer, { id: message.id, text: message.text, at: message.at });
      }
    }
    await this.#files.restore(kept.checkpoints);
  }

  /** Puts a kept message back in its conversation; null when it was there already. */
  #restoreMessage(message: StoredMessage): Conversation | null {
    const conversation = message.conversation === EVERYONE ? this.#store.room : this.#private(toUsername(message.peer ?? message.from));
    return this.#store.restore(conversation, message) ? conversation : null;
  }

  /**
   * Leaves the room for good: the server frees the name at once, calls and links end, and this tab
   * forgets it (a reload shows the join screen). The history stays on disk for the name's return.
   */
  leave(): void {
    if (this.#offlineAs) this.#leaveOffline();
    this.#forget();
    this.signaling.close();
    this.#changed();
  }

  /** Drops the offline view, to make room for what the server and the history say now. */
  #leaveOffline(): void {
    this.#offlineAs = null;
    this.#history.close();
    this.#store.reset();
  }

  /** Drops everything of the current name (its history stays on disk for when it comes back). */
  #forget(): void {
    this.calls.hangUp();
    this.calls.dismiss();
    this.#joined = false;
    this.#people.reset();
    this.#history.close();
    this.sessions.closeAll();
    this.#store.reset();
  }

  /** An ended call goes into its conversation's history, once; a missed one counts as unread. */
  #recordCall(call: Call): void {
    const conversation = this.#private(call.peer);
    if (this.#store.has(conversation.id, call.id)) return;
    const outgoing = call.direction === 'outgoing';
    const durationMs = call.startedAt === undefined ? undefined : Date.now() - call.startedAt;
    this.#store.add({
      conversation: conversation.id,
      peer: conversation.title,
      id: call.id,
      from: outgoing ? (this.signaling.me?.display ?? '') : conversation.title,
      text: '',
      at: Date.now(),
      outgoing,
      status: outgoing ? 'sent' : 'received',
      call: { media: call.media, direction: call.direction, ending: call.ending?.reason, durationMs },
    });
  }

  #private(peer: Username): Conversation {
    return this.#store.privateWith(peer, this.signaling.isOnline(peer));
  }

  #setTyping(peer: Username, on: boolean): void {
    const id = this.#private(peer).id;
    clearTimeout(this.#typingTimers.get(id));
    if (on) this.#typingTimers.set(id, setTimeout(() => this.#setTyping(peer, false), TYPING_SHOWN_MS));
    this.#store.patch(id, { typing: on });
  }

  #changed(): void {
    this.emit('change');
  }
}
