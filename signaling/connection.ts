/**
 * One piece on purpose, though long: every frame of one socket passes the same checks in order
 * (size, rate, strikes, the joined state) before its handler runs, and the handlers share that
 * state (the user, the session, the broadcast budget); split apart, the order of checks would be
 * spread over files. Rate limits, join limits and the hub live in files of their own.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { CLOSE_CODES, type CloseCode } from '../common/close-codes.ts';
import { protocolError, type ErrorCode, type ProtocolError } from '../common/errors.ts';
import { LIMITS } from '../common/limits.ts';
import {
  OLDEST_PROTOCOL_VERSION,
  PAGED_PROTOCOL_VERSION,
  PROTOCOL_VERSION,
  parseClientMessage,
  type ClientMessageOf,
  type ServerMessage,
} from '../common/protocol.ts';
import { TokenBucket } from '../common/token-bucket.ts';
import { parseUsername, usernameKey, type Username } from '../common/username.ts';
import type { BroadcastBudget } from './broadcast-budget.ts';
import type { Config } from './config.ts';
import type { Endpoint, Frame, Hub } from './hub.ts';
import { iceServersFor } from './ice-servers.ts';
import type { JoinLimits } from './join-limits.ts';
import type { Metrics } from './metrics.ts';
import { SkippedBroadcasts } from './skipped-broadcasts.ts';

export interface ConnectionContext {
  hub: Hub;
  log: Logger;
  config: Config;
  metrics: Metrics;
  broadcastBudget: BroadcastBudget;
  joinLimits: JoinLimits;
  /** A connection from `address` has closed: the server's count of open ones per address. */
  closed(address: string): void;
}

/** What a client from before pages is told in a room past the full-list threshold: the UI shows it as is. */
const RELOAD_FOR_PAGES = 'This chat has grown past what this version of the page can show. Reload the page to join.';

/** How long a socket closed for abuse gets for our close frame to reach it before it is cut off. */
const ABUSE_CLOSE_GRACE_MS = 1000;

/** Ids unique within this process (the Redis hub adds the process's own): shorter than a UUID on every connection. */
let lastId = 0;

/** The Connection behind each socket, so one set of listeners serves every socket rather than closures per socket. */
const owners = new WeakMap<WebSocket, Connection>();

function onMessage(this: WebSocket, data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
  owners.get(this)?.receive(data, isBinary);
}
function onViolation(this: WebSocket): void {
  owners.get(this)?.violated();
}
function onClose(this: WebSocket, code: number): void {
  owners.get(this)?.closed(code);
}

/**
 * One client socket: parses every frame at the edge, enforces the join-first order, stamps the
 * sender and time on what it relays, and hands delivery to the hub. Frames are handled one at a
 * time, in order, even though hub calls are asynchronous.
 *
 * Tens of thousands sit idle in one process, so an idle one holds little: no logger of its own,
 * no listeners of its own, and the buckets it rarely needs (broadcasts, strikes, skipping) are made
 * when first needed.
 */
export class Connection implements Endpoint {
  readonly id = (++lastId).toString(36);
  /** Set by the hello; a socket reaches the hub only after it. */
  protocol = 0;
  #user: Username | null = null;
  #queue: Promise<void> = Promise.resolve();
  /** Set when `ws` failed the socket for a protocol violation (oversize frame, bad UTF-8, …). */
  #violation = false;
  readonly #messages: TokenBucket;
  readonly #bytes: TokenBucket;
  #broadcasts: TokenBucket | undefined;
  /** Each refused frame is a strike; strikes heal at one a second; running out closes the socket. */
  #strikes: TokenBucket | undefined;
  /** Hands out fresh TURN credentials before the previous ones expire. */
  #iceRefresh?: NodeJS.Timeout;
  /** Made when this reader first falls behind, dropped once it has caught up. */
  #skipped: SkippedBroadcasts | undefined;
  /** Closes a socket that never says hello: it would hold a place here for nothing. */
  #helloDeadline: NodeJS.Timeout | undefined;
  #joinedAt = 0;
  #resumed = false;
  /** Closed for abuse: whatever it still sends is dropped unread. */
  #closing = false;
  #lastTarget: string | undefined;
  #lastTargetKey: string | undefined;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: ConnectionContext,
    /** Where it comes from, as every per-address limit counts it (see address-key.ts). */
    private readonly address: string,
  ) {
    const { config } = context;
    this.#messages = new TokenBucket(config.messagesPerSecond, config.messageBurst);
    this.#bytes = new TokenBucket(config.bytesPerSecond, config.byteBurst);
    this.#helloDeadline = setTimeout(() => this.close(CLOSE_CODES.helloTimeout, 'no hello in time'), config.helloTimeoutMs);
    owners.set(socket, this);
    socket.on('message', onMessage);
    socket.on('error', onViolation);
    socket.on('close', onClose);
  }

  /** A frame arrived (the socket's `message` event). */
  receive(data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean): void {
    const size = rawLength(data);
    this.context.metrics.bytesIn.inc(size);
    if (this.#closing) return;
    // Checked on arrival, answered in order with everything else.
    const allowed = this.#messages.take() && this.#bytes.take(size);
    const frame = isBinary ? null : data.toString();
    this.#queue = this.#queue.then(() => {
      if (this.#closing) return;
      return allowed ? this.#onFrame(frame) : this.#refuse();
    }).catch((error: unknown) => {
      this.#log('error', { err: error }, 'frame handler failed');
      this.#sendError(protocolError('internal'));
    });
  }

  /** `ws` failed the socket for a protocol violation (its `error` event). */
  violated(): void {
    this.#violation = true;
  }

  /** The socket closed (its `close` event). */
  closed(code: number): void {
    clearTimeout(this.#helloDeadline);
    clearInterval(this.#iceRefresh);
    this.#skipped?.stop();
    this.context.closed(this.address);
    this.#queue = this.#queue.then(() => this.#onClose(code));
  }

  send(frame: Frame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    // Broadcasts stop well before this (SkippedBroadcasts); a backlog this large of frames meant for
    // this reader alone means it is not coming back, and buffering for it without bound would sink us.
    if (this.socket.bufferedAmount > this.context.config.maxBufferedBytes) {
      this.#log('warn', { buffered: this.socket.bufferedAmount }, 'slow reader dropped');
      this.context.metrics.slowReaders.inc();
      this.socket.terminate();
      return;
    }
    this.socket.send(frame, TEXT);
    this.context.metrics.bytesOut.inc(typeof frame === 'string' ? Buffer.byteLength(frame) : frame.length);
  }

  sendBroadcast(frame: Frame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    const { config, metrics } = this.context;
    if (!this.#skipped && this.socket.bufferedAmount > config.skipBufferedBytes) {
      this.#skipped = new SkippedBroadcasts(() => this.socket.bufferedAmount, config.skipBufferedBytes, (missed) => this.#sendMessage({ type: 'missed', ...missed }));
    }
    if (this.#skipped?.skip()) return metrics.broadcastsSkipped.inc();
    // Not skipped: caught up, and told what it missed.
    this.#skipped = undefined;
    this.send(frame);
  }

  close(code: CloseCode, reason: string): void {
    this.socket.close(code, reason);
  }

  async #onFrame(frame: string | null): Promise<void> {
    if (frame === null) return this.#sendError(protocolError('bad-frame'));
    const parsed = parseClientMessage(frame);
    if (!parsed.ok) {
      this.context.metrics.frames.inc({ type: 'invalid' });
      return this.#sendError(parsed.error, parsed.error.ref);
    }
    const message = parsed.message;
    this.context.metrics.frames.inc({ type: message.type });
    if (message.type === 'hello') {
      clearTimeout(this.#helloDeadline);
      this.#helloDeadline = undefined;
      return this.#onHello(message);
    }
    if (!this.#user) return this.#sendError(protocolError('not-joined'), message.id);
    switch (message.type) {
      case 'broadcast':
        if (!this.#mayBroadcast()) return this.#refuse(message.id);
        return this.#onBroadcast(this.#user, message);
      case 'signal':
      case 'call':
        return this.#relay(this.#user, message);
      case 'ping':
        return this.#sendMessage({ type: 'pong', ref: message.id });
      case 'directory':
        return this.#onDirectory(message);
      case 'watch':
        return this.#onWatch(message);
    }
  }

  async #onHello(hello: ClientMessageOf<'hello'>): Promise<void> {
    if (this.#user) return this.#sendError(protocolError('already-joined'));
    if (hello.v < OLDEST_PROTOCOL_VERSION || hello.v > PROTOCOL_VERSION) {
      return this.#reject('unsupported-version', `server speaks v${OLDEST_PROTOCOL_VERSION} to v${PROTOCOL_VERSION}`);
    }
    const parsed = parseUsername(hello.name);
    if (!parsed.ok) return this.#reject(parsed.error.code, undefined, parsed.error.message);
    const { joinLimits } = this.context;
    if (!joinLimits.mayJoin(this.address)) return this.#reject('too-many-joins');
    this.protocol = hello.v;
    const claim = await this.context.hub.claim(parsed.name, this, hello.resume);
    // The socket may have closed while the claim was in flight. A new name then goes at once: the
    // client never got its resume token.
    const open = this.socket.readyState === this.socket.OPEN;
    if (!open && claim.ok && !claim.resumed) return this.context.hub.release(parsed.name.key, this, { grace: false });
    if (!claim.ok) return this.#reject(claim.code);
    if (claim.paged && hello.v < PAGED_PROTOCOL_VERSION) {
      // A client from before pages knows only the whole list, which this room is past.
      await this.context.hub.release(parsed.name.key, this, { grace: false });
      return this.#reject('unsupported-version', undefined, RELOAD_FOR_PAGES);
    }
    if (claim.resumed) joinLimits.resumed(parsed.name.key);
    this.#joinedAt = performance.now();
    this.#resumed = claim.resumed;
    this.#user = { ...parsed.name, display: claim.you };
    this.context.metrics.users.inc();
    this.#log('info', { user: claim.you, resumed: claim.resumed }, 'joined');
    // A resumed name is left to #onClose, which comes after this frame, to release as after any
    // drop (the client still has its token). Nobody to welcome, and no refresh timer to start.
    if (!open) return;
    const { config } = this.context;
    const user = this.#user;
    this.#sendMessage({
      type: 'welcome',
      v: PROTOCOL_VERSION,
      you: claim.you,
      users: claim.users,
      online: claim.online,
      paged: claim.paged,
      resume: claim.resume,
      ice: iceServersFor(config, user.key),
      iceTransportPolicy: config.iceTransportPolicy,
      graceMs: config.resumeGraceMs,
      callTimeoutMs: config.callTimeoutMs,
    });
    if (config.turnSecret) {
      this.#iceRefresh = setInterval(() => this.#sendMessage({ type: 'ice', ice: iceServersFor(config, user.key) }), (config.turnTtlSeconds * 1000) / 2);
      this.#iceRefresh.unref();
    }
  }

  async #onDirectory({ id, prefix, after, limit }: ClientMessageOf<'directory'>): Promise<void> {
    const page = await this.context.hub.directory({
      prefix: prefix === undefined ? undefined : usernameKey(prefix.trim().normalize('NFC')),
      after,
      limit: limit ?? LIMITS.directoryPage,
    });
    this.#sendMessage({ type: 'directory', ref: id, ...page });
  }

  async #onWatch({ id, names }: ClientMessageOf<'watch'>): Promise<void> {
    const online = await this.context.hub.watch(this, names);
    this.#sendMessage({ type: 'watching', ref: id, online });
  }

  async #onBroadcast(user: Username, message: ClientMessageOf<'broadcast'>): Promise<void> {
    const id = randomUUID();
    const at = Date.now();
    await this.context.hub.broadcast({ type: 'broadcast', id, from: user.display, text: message.text, at }, user.key);
    this.#sendMessage({ type: 'broadcast-ack', ref: message.id, id, at });
  }

  /** Signals and call control go to one named user, with `from` set here and never by the client. */
  async #relay(user: Username, message: ClientMessageOf<'signal'> | ClientMessageOf<'call'>): Promise<void> {
    const key = this.#keyOfTarget(message.to);
    if (key === undefined) return this.#sendError(protocolError('user-offline'), message.id);
    if (key === user.key) return this.#sendError(protocolError('self-target'), message.id);
    const relayed: ServerMessage = message.type === 'signal'
      ? { type: 'signal', from: user.display, data: message.data }
      : { type: 'call', from: user.display, callId: message.callId, action: message.action, media: message.media };
    const delivered = await this.context.hub.deliver(key, relayed);
    if (!delivered) this.#sendError(protocolError('user-offline', message.to), message.id);
  }

  /**
   * The key of a relay's target, or undefined for a name that is not valid. A negotiation sends
   * many signals to one peer, and folding a name (the confusables skeleton) costs more than
   * relaying the signal: the last target's key is kept.
   */
  #keyOfTarget(to: string): string | undefined {
    if (to !== this.#lastTarget) {
      const parsed = parseUsername(to);
      this.#lastTarget = to;
      this.#lastTargetKey = parsed.ok ? parsed.name.key : undefined;
    }
    return this.#lastTargetKey;
  }

  async #onClose(code: number): Promise<void> {
    if (!this.#user) return;
    this.context.metrics.users.dec();
    // A close frame means the client left on purpose, and a violation is no accident: only a
    // silent drop earns the resume grace, and only within the limits of its address.
    const grace = code === CLOSE_CODES.abnormalClosure && !this.#violation && this.context.joinLimits.mayHold(this.address, this.#user.key, { joinedAt: this.#joinedAt, resumed: this.#resumed });
    this.#log('info', { user: this.#user.display, code, grace }, 'disconnected');
    await this.context.hub.release(this.#user.key, this, { grace });
  }

  /** Within this connection's broadcast rate and the shared budgets (its address's, the server's); counts against all three. */
  #mayBroadcast(): boolean {
    const { config } = this.context;
    this.#broadcasts ??= new TokenBucket(config.broadcastsPerSecond, config.broadcastBurst);
    return this.#broadcasts.has() && this.context.broadcastBudget.take(this.address) && this.#broadcasts.take();
  }

  /** A frame over a rate limit: dropped with an error, and a strike; too many strikes close the socket. */
  #refuse(ref?: string): void {
    this.context.metrics.rateLimited.inc();
    this.#strikes ??= new TokenBucket(1, this.context.config.rateStrikes);
    if (!this.#strikes.take()) return this.#closeForAbuse();
    this.#sendError(protocolError('rate-limited'), ref);
  }

  /**
   * Logs once, sends the close frame, and drops whatever arrives after it unread: a flooder keeps
   * sending through the close handshake, and each frame refused again would be logged again. It
   * is cut off soon after rather than waited for.
   */
  #closeForAbuse(): void {
    this.#closing = true;
    this.#log('warn', {}, 'closed for persistent rate-limit abuse');
    this.socket.close(CLOSE_CODES.policyViolation, 'rate limit exceeded');
    const cutOff = setTimeout(() => this.socket.terminate(), ABUSE_CLOSE_GRACE_MS);
    this.socket.once('close', () => clearTimeout(cutOff));
  }

  #reject(code: ErrorCode, detail?: string, message?: string): void {
    this.context.metrics.errors.inc({ code });
    this.#sendMessage({ type: 'rejected', code, message: message ?? protocolError(code, detail).message });
  }

  #sendError(error: ProtocolError, ref?: string): void {
    this.#log('debug', { code: error.code }, 'error frame');
    this.context.metrics.errors.inc({ code: error.code });
    this.#sendMessage({ type: 'error', code: error.code, message: error.message, ref });
  }

  #sendMessage(message: ServerMessage): void {
    this.send(JSON.stringify(message));
  }

  /** Logs with this connection's id, through the server's one logger (a child logger per socket costs memory on each). */
  #log(level: 'debug' | 'info' | 'warn' | 'error', fields: object, text: string): void {
    const { log } = this.context;
    if (log.isLevelEnabled(level)) log[level]({ conn: this.id, ...fields }, text);
  }
}

/** ws's send options for a text frame, whether given a string or its bytes. */
const TEXT = { binary: false };


function rawLength(data: Buffer | ArrayBuffer | Buffer[]): number {
  if (Array.isArray(data)) return data.reduce((total, part) => total + part.length, 0);
  return data.byteLength;
}
