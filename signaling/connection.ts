import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import { protocolError, type ErrorCode, type ProtocolError } from '../common/errors.ts';
import {
  PROTOCOL_VERSION,
  parseClientMessage,
  type ClientMessageOf,
  type IceServer,
  type ServerMessage,
} from '../common/protocol.ts';
import { parseUsername, type Username } from '../common/username.ts';
import type { Endpoint, Hub } from './hub.ts';

export interface ConnectionContext {
  hub: Hub;
  log: Logger;
  iceServers: IceServer[];
  resumeGraceMs: number;
}

/** Close code a browser or `ws` reports when the socket died without a close frame. */
const ABNORMAL_CLOSURE = 1006;

/**
 * One client socket: parses every frame at the edge, enforces the join-first order, stamps the
 * sender and time on what it relays, and hands delivery to the hub. Frames are handled one at a
 * time, in order, even though hub calls are asynchronous.
 */
export class Connection implements Endpoint {
  readonly id = randomUUID();
  #user: Username | null = null;
  #queue: Promise<void> = Promise.resolve();
  /** Set when `ws` failed the socket for a protocol violation (oversize frame, bad UTF-8, …). */
  #violation = false;
  readonly #log: Logger;

  constructor(
    private readonly socket: WebSocket,
    private readonly context: ConnectionContext,
  ) {
    this.#log = context.log.child({ conn: this.id.slice(0, 8) });
    socket.on('message', (data, isBinary) => {
      const frame = isBinary ? null : data.toString();
      this.#queue = this.#queue.then(() => this.#onFrame(frame)).catch((error: unknown) => {
        this.#log.error({ err: error }, 'frame handler failed');
        this.#sendError(protocolError('internal'));
      });
    });
    socket.on('error', () => {
      this.#violation = true;
    });
    socket.on('close', (code) => {
      this.#queue = this.#queue.then(() => this.#onClose(code));
    });
  }

  send(frame: string): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(frame);
  }

  close(code: number, reason: string): void {
    this.socket.close(code, reason);
  }

  async #onFrame(frame: string | null): Promise<void> {
    if (frame === null) return this.#sendError(protocolError('bad-frame'));
    const parsed = parseClientMessage(frame);
    if (!parsed.ok) return this.#sendError(parsed.error, parsed.error.ref);
    const message = parsed.message;
    if (message.type === 'hello') return this.#onHello(message);
    if (!this.#user) return this.#sendError(protocolError('not-joined'), message.id);
    switch (message.type) {
      case 'broadcast':
        return this.#onBroadcast(this.#user, message);
      case 'signal':
      case 'call':
        return this.#relay(this.#user, message);
    }
  }

  async #onHello(hello: ClientMessageOf<'hello'>): Promise<void> {
    if (this.#user) return this.#sendError(protocolError('already-joined'));
    if (hello.v !== PROTOCOL_VERSION) return this.#reject('unsupported-version', `server speaks v${PROTOCOL_VERSION}`);
    const parsed = parseUsername(hello.name);
    if (!parsed.ok) return this.#reject(parsed.error.code, undefined, parsed.error.message);
    const claim = await this.context.hub.claim(parsed.name, this, hello.resume);
    if (!claim.ok) return this.#reject(claim.code);
    this.#user = { ...parsed.name, display: claim.you };
    this.#log.info({ user: claim.you, resumed: claim.resumed }, 'joined');
    this.#sendMessage({
      type: 'welcome',
      v: PROTOCOL_VERSION,
      you: claim.you,
      users: claim.users,
      resume: claim.resume,
      ice: this.context.iceServers,
      graceMs: this.context.resumeGraceMs,
    });
  }

  async #onBroadcast(user: Username, message: ClientMessageOf<'broadcast'>): Promise<void> {
    const id = randomUUID();
    const at = Date.now();
    await this.context.hub.broadcast({ type: 'broadcast', id, from: user.display, text: message.text, at }, user.key);
    this.#sendMessage({ type: 'broadcast-ack', ref: message.id, id, at });
  }

  /** Signals and call control go to one named user, with `from` set here and never by the client. */
  async #relay(user: Username, message: ClientMessageOf<'signal'> | ClientMessageOf<'call'>): Promise<void> {
    const target = parseUsername(message.to);
    if (!target.ok) return this.#sendError(protocolError('user-offline'), message.id);
    if (target.name.key === user.key) return this.#sendError(protocolError('self-target'), message.id);
    const relayed: ServerMessage = message.type === 'signal'
      ? { type: 'signal', from: user.display, data: message.data }
      : { type: 'call', from: user.display, callId: message.callId, action: message.action, media: message.media };
    const delivered = await this.context.hub.deliver(target.name.key, relayed);
    if (!delivered) this.#sendError(protocolError('user-offline', message.to), message.id);
  }

  async #onClose(code: number): Promise<void> {
    if (!this.#user) return;
    // A close frame means the client left on purpose, and a violation is no accident: only a
    // silent drop earns the resume grace.
    const grace = code === ABNORMAL_CLOSURE && !this.#violation;
    this.#log.info({ user: this.#user.display, code, grace }, 'disconnected');
    await this.context.hub.release(this.#user.key, this, { grace });
  }

  #reject(code: ErrorCode, detail?: string, message?: string): void {
    this.#sendMessage({ type: 'rejected', code, message: message ?? protocolError(code, detail).message });
  }

  #sendError(error: ProtocolError, ref?: string): void {
    this.#log.debug({ code: error.code }, 'error frame');
    this.#sendMessage({ type: 'error', code: error.code, message: error.message, ref });
  }

  #sendMessage(message: ServerMessage): void {
    this.send(JSON.stringify(message));
  }
}

