/**
 * One piece on purpose, though long: joining, rejoining with the resume token after a drop, the
 * connection check, and the large-room directory and watch all read and write the same session
 * (socket, state, who is online, what is watched), and a rejoin must replay the watch and the user
 * list in one place to stay consistent. The socket seam is in socket-like.ts, the refusal in
 * join-rejected.ts.
 */
import { parseSignalEnvelope, type SignalEnvelope } from '../../../common/peer-wire.ts';
import {
  PROTOCOL_VERSION,
  parseServerMessage,
  type ClientMessage,
  type IceServer,
  type IceTransportPolicy,
  type ServerMessage,
  type ServerMessageOf,
} from '../../../common/protocol.ts';
import { toUsername, type Username } from '../../../common/username.ts';
import { backoffDelay } from '../util/backoff.ts';
import { Emitter } from '../util/emitter.ts';
import { LIMITS } from '../../../common/limits.ts';
import { JoinRejected } from './join-rejected.ts';
import { PendingReplies } from './pending-replies.ts';
import { SOCKET_OPEN, type SocketFactory, type SocketLike } from './socket-like.ts';

export const CONNECTION_STATES = ['idle', 'connecting', 'joined', 'reconnecting', 'closed'] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

/** A page of the server's directory of who is online. */
export interface DirectoryPage {
  users: Username[];
  /** Everyone online. */
  online: number;
  /** Pass as `after` for the next page; absent on the last. */
  next?: string;
}

type SignalingEvents = {
  state: (state: ConnectionState) => void;
  /**
   * The user list changed (join, leave, or a fresh list after a (re)join). In a paged room it
   * holds only the names watched (`watch`) that are online, and at first the welcome's page.
   */
  users: (users: readonly Username[]) => void;
  /** The room, small at the welcome, has grown so large that presence now comes only for the names watched (`watch`). */
  paged: () => void;
  'user-joined': (user: Username) => void;
  'user-left': (user: Username) => void;
  /** Negotiation from another user, its envelope already read (malformed ones are dropped). */
  signal: (from: Username, envelope: SignalEnvelope) => void;
  /** Call control from another user. */
  call: (from: Username, call: ServerMessageOf<'call'>) => void;
  /** Every other frame: broadcasts, acks, errors, … */
  message: (message: ServerMessage) => void;
  /** The server reported a problem with something we sent. */
  error: (error: ServerMessageOf<'error'>) => void;
};

/**
 * How long `checkConnection` waits for any frame after its ping before it gives the socket up.
 * A live server answers in milliseconds; a phone's network just woken may take a second or two.
 */
export const PROBE_TIMEOUT_MS = 4000;

/**
 * The client's signaling connection, without any DOM: joins under a name, keeps the live user
 * list, and when the connection drops reconnects with backoff and reclaims the name with its
 * resume token.
 */
export class SignalingClient extends Emitter<SignalingEvents> {
  #socket: SocketLike | null = null;
  #state: ConnectionState = 'idle';
  /** The name asked for, until the server says how it spells it. */
  #requested: string | null = null;
  #me: Username | null = null;
  #resume: string | undefined;
  #users = new Map<string, Username>();
  /** A large room: presence comes only for the names watched, and the rest is asked for page by page. */
  #paged = false;
  #online = 0;
  /** Display names whose presence this client wants, kept across reconnects. */
  #watched: string[] = [];
  /** The names of a paged welcome's page, which the server watches for us until we say otherwise. */
  #welcomePage: string[] = [];
  readonly #pages = new PendingReplies<ServerMessageOf<'directory'>>();
  #iceServers: IceServer[] = [];
  #iceTransportPolicy: IceTransportPolicy = 'all';
  #callTimeoutMs = 30_000;
  #attempt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  /** Set while a `checkConnection` ping waits for the socket to show it is alive. */
  #probeTimer: ReturnType<typeof setTimeout> | undefined;
  #pendingJoin: { resolve: (w: ServerMessageOf<'welcome'>) => void; reject: (e: JoinRejected) => void } | null = null;

  constructor(
    private readonly url: string,
    /** The platform's WebSocket: the browser's, or `ws` in Node. */
    private readonly openSocket: SocketFactory,
  ) {
    super();
  }

  get state(): ConnectionState {
    return this.#state;
  }
  /** Our name as the server spells it, once welcomed. */
  get me(): Username | null {
    return this.#me;
  }
  get users(): readonly Username[] {
    return [...this.#users.values()];
  }
  /**
   * How peer connections reach each other, as the server says: STUN/TURN servers (TURN
   * credentials kept fresh by the server) and, with `relay`, every connection through TURN.
   */
  get rtcConfig(): { iceServers: IceServer[]; iceTransportPolicy: IceTransportPolicy } {
    return { iceServers: this.#iceServers, iceTransportPolicy: this.#iceTransportPolicy };
  }
  /** How long a call rings unanswered before the caller gives up. */
  get callTimeoutMs(): number {
    return this.#callTimeoutMs;
  }
  /** The token that reclaims our name after a drop (keep it to survive a reload). */
  get resumeToken(): string | undefined {
    return this.#resume;
  }

  /** Whether the room is paged (more online than the server lists in full): then see `directory` and `watch`. */
  get paged(): boolean {
    return this.#paged;
  }
  /** How many were online at the welcome or the last directory page. */
  get online(): number {
    return this.#online;
  }

  isOnline(user: Username): boolean {
    return this.#users.has(user.key);
  }

  /**
   * A page of who is online, in name order: with `prefix`, only names that start with it (compared
   * as names are, so case and lookalikes do not matter); `after` is the previous page's `next`.
   * Rejects if the connection goes before the answer comes.
   */
  directory(query: { prefix?: string; after?: string; limit?: number } = {}): Promise<DirectoryPage> {
    const { id, reply } = this.#pages.ask();
    if (!this.send({ type: 'directory', id, ...query })) this.#pages.fail(id, new Error('Not connected.'));
    return reply.then((page) => {
      this.#online = page.online;
      return { users: page.users.map(({ name }) => toUsername(name)), online: page.online, next: page.next };
    });
  }

  /**
   * The names whose comings and goings this client wants to hear of: in a paged room, the ones
   * it shows and the ones it talks to (in a small room every change comes anyway). Replaces the
   * previous set, and is sent again after a rejoin.
   */
  watch(names: Iterable<string>): void {
    this.#watched = [...new Set(names)].slice(0, LIMITS.maxWatchedNames);
    this.#sendWatch();
  }

  /** Whether `names` is what the server pushes presence for now: the set last watched, or the welcome's page before any. */
  watches(names: readonly string[]): boolean {
    const current = this.#watched.length > 0 ? this.#watched : this.#welcomePage;
    return current.length === names.length && current.every((name, index) => name === names[index]);
  }

  #sendWatch(): void {
    if (this.#paged) this.send({ type: 'watch', names: this.#watched });
  }

  /**
   * Joins under `name`. Rejects with `JoinRejected` (the socket stays open, so calling `join`
   * again with another name works). `resume` reclaims a name held after a drop or reload.
   */
  join(name: string, resume?: string): Promise<ServerMessageOf<'welcome'>> {
    if (this.#state === 'joined') return Promise.reject(new JoinRejected('already-joined', 'Already joined.'));
    this.#pendingJoin?.reject(new JoinRejected('connection-failed', 'Superseded by a newer join.'));
    clearTimeout(this.#retryTimer);
    this.#requested = name;
    this.#me = null;
    this.#resume = resume;
    return new Promise((resolve, reject) => {
      this.#pendingJoin = { resolve, reject };
      if (this.#socket?.readyState === SOCKET_OPEN) this.#sendHello();
      else if (!this.#socket) this.#connect('connecting');
    });
  }

  send(message: ClientMessage): boolean {
    if (this.#state !== 'joined' || this.#socket?.readyState !== SOCKET_OPEN) return false;
    this.#socket.send(JSON.stringify(message));
    return true;
  }

  /** Leaves for good: closes the socket with 1000 so the server frees the name at once. */
  close(): void {
    clearTimeout(this.#retryTimer);
    this.#stopProbe();
    this.#setState('closed');
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'bye');
  }

  /**
   * Makes sure the connection is alive, when the page comes back from the background: a phone may
   * have closed its socket while the page was suspended without the page hearing of it. A socket
   * that is not open, or that does not answer a ping within `PROBE_TIMEOUT_MS`, is given up and the
   * name rejoined with its token at once; a reconnect waiting out its backoff goes now.
   */
  checkConnection(): void {
    if (this.#state === 'reconnecting' && !this.#socket) {
      clearTimeout(this.#retryTimer);
      return this.#connect('reconnecting');
    }
    const socket = this.#socket;
    if (this.#state !== 'joined' || !socket || this.#probeTimer !== undefined) return;
    if (socket.readyState !== SOCKET_OPEN) return this.#giveUp(socket);
    this.#probeTimer = setTimeout(() => this.#giveUp(socket), PROBE_TIMEOUT_MS);
    socket.send(JSON.stringify({ type: 'ping' } satisfies ClientMessage));
  }

  /**
   * Leaves a dead socket without closing it: a close frame would tell the server we left on
   * purpose, and it would free the name at once. Should the socket still live, the server closes
   * it when our rejoin with the token takes its place.
   */
  #giveUp(socket: SocketLike): void {
    if (this.#socket !== socket) return;
    this.#stopProbe();
    this.#socket = null;
    this.#onDisconnected();
  }

  #stopProbe(): void {
    clearTimeout(this.#probeTimer);
    this.#probeTimer = undefined;
  }

  #connect(state: 'connecting' | 'reconnecting'): void {
    this.#setState(state);
    const socket = this.openSocket(this.url);
    this.#socket = socket;
    socket.onopen = () => this.#sendHello();
    socket.onmessage = (event) => {
      if (this.#socket !== socket) return;
      this.#stopProbe(); // any frame shows the socket is alive
      if (typeof event.data === 'string') this.#onFrame(event.data);
    };
    socket.onerror = () => {};
    socket.onclose = () => this.#giveUp(socket);
  }

  #sendHello(): void {
    const name = this.#me?.display ?? this.#requested;
    if (name === null) return;
    this.#socket?.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, name, resume: this.#resume }));
  }

  #onDisconnected(): void {
    this.#pages.fail(undefined, new Error('The connection to the server dropped.'));
    if (this.#state === 'closed') return;
    // Only a joined client reconnects by itself; one still choosing a name just hears it failed.
    if (this.#state !== 'joined' && this.#state !== 'reconnecting') {
      this.#pendingJoin?.reject(new JoinRejected('connection-failed', 'Could not reach the chat server.'));
      this.#pendingJoin = null;
      this.#setState('idle');
      return;
    }
    this.#setState('reconnecting');
    this.#retryTimer = setTimeout(() => this.#connect('reconnecting'), backoffDelay(this.#attempt++));
  }

  #onFrame(frame: string): void {
    const parsed = parseServerMessage(frame);
    if (!parsed.ok) return; // A server we do not understand is ignored rather than trusted.
    const message = parsed.message;
    switch (message.type) {
      case 'welcome':
        return this.#onWelcome(message);
      case 'rejected':
        return this.#onRejected(message);
      case 'ice':
        this.#iceServers = message.ice;
        break;
      case 'presence':
        this.#onPresence(message);
        break;
      case 'error':
        this.#pages.fail(message.ref, new Error(message.message));
        this.emit('error', message);
        break;
      case 'directory':
        return this.#pages.answer(message.ref, message);
      case 'watching':
        return this.#onWatching(message);
      case 'paged':
        this.#paged = true;
        this.#online = message.online;
        this.emit('paged');
        return this.#sendWatch();
      case 'signal': {
        const envelope = parseSignalEnvelope(message.data);
        if (envelope) this.emit('signal', toUsername(message.from), envelope);
        return;
      }
      case 'call':
        return this.emit('call', toUsername(message.from), message);
    }
    this.emit('message', message);
  }

  #onWelcome(welcome: ServerMessageOf<'welcome'>): void {
    this.#me = toUsername(welcome.you);
    this.#resume = welcome.resume;
    this.#iceServers = welcome.ice;
    this.#iceTransportPolicy = welcome.iceTransportPolicy;
    this.#callTimeoutMs = welcome.callTimeoutMs;
    this.#attempt = 0;
    this.#paged = welcome.paged;
    this.#online = welcome.online;
    this.#welcomePage = welcome.paged ? welcome.users.map(({ name }) => name) : [];
    const users = welcome.users.map(({ name }) => toUsername(name));
    this.#users = new Map(users.map((user) => [user.key, user]));
    this.#setState('joined');
    this.emit('users', this.users);
    this.#pendingJoin?.resolve(welcome);
    this.#pendingJoin = null;
    // The server watches the welcome's page to begin with; a set chosen before (a rejoin) replaces it.
    if (this.#watched.length > 0) this.#sendWatch();
  }

  /** Of the names watched, these are online now and the others are not: in a paged room, that is the whole list. */
  #onWatching({ online }: ServerMessageOf<'watching'>): void {
    const now = new Map(online.map(({ name }) => toUsername(name)).map((user) => [user.key, user]));
    const before = this.#users;
    this.#users = now;
    for (const [key, user] of before) if (!now.has(key)) this.emit('user-left', user);
    for (const [key, user] of now) if (!before.has(key)) this.emit('user-joined', user);
    this.emit('users', this.users);
  }

  /** A batch of arrivals and departures: `left` first, since a name in both left and came back. */
  #onPresence({ joined, left }: ServerMessageOf<'presence'>): void {
    for (const name of left) {
      const user = toUsername(name);
      this.#users.delete(user.key);
      this.emit('user-left', user);
    }
    for (const { name } of joined) {
      const user = toUsername(name);
      this.#users.set(user.key, user);
      this.emit('user-joined', user);
    }
    this.emit('users', this.users);
  }

  #onRejected(rejected: ServerMessageOf<'rejected'>): void {
    if (this.#pendingJoin) {
      this.#pendingJoin.reject(new JoinRejected(rejected.code, rejected.message));
      this.#pendingJoin = null;
      this.#setState('idle');
      return;
    }
    // The server is cut off from its shared store, or too many from our network are rejoining at
    // once (say, after a restart): only for a moment, so drop and rejoin with backoff.
    if (rejected.code === 'unavailable' || rejected.code === 'too-many-joins') {
      this.#socket?.close(1000, 'retry');
      return;
    }
    // A rejoin after a drop was refused (say, the grace ran out and someone took the name).
    this.#resume = undefined;
    this.#setState('closed');
    const socket = this.#socket;
    this.#socket = null;
    socket?.close(1000, 'rejected');
    this.emit('error', { type: 'error', code: rejected.code, message: rejected.message });
  }

  #setState(state: ConnectionState): void {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }
}
