import { WebSocket } from 'ws';
import { CLOSE_CODES } from '../../common/close-codes.ts';
import { parseServerMessage, type ServerMessage, type ServerMessageOf } from '../../common/protocol.ts';
import { within } from './timing.ts';

type Match<T extends ServerMessage['type']> = (message: ServerMessageOf<T>) => boolean;

/** One name arriving or leaving, as unpacked from a batched `presence` frame. */
export interface PresenceEvent {
  kind: 'joined' | 'left';
  name: string;
}

/** A raw protocol client: sends frames, and awaits the server's replies by type. */
export class TestClient {
  readonly inbox: ServerMessage[] = [];
  /** Every frame ever received, kept for assertions about what did (not) arrive. */
  readonly received: ServerMessage[] = [];
  /** Presence events not yet taken by `joined()` / `left()`, one per name. */
  readonly presence: PresenceEvent[] = [];
  /** Every presence event ever received. */
  readonly announced: PresenceEvent[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const parsed = parseServerMessage(data.toString());
      if (!parsed.ok) throw new Error(`server sent an invalid frame: ${data.toString()}`);
      const message = parsed.message;
      this.inbox.push(message);
      this.received.push(message);
      if (message.type === 'presence') {
        // In the order clients apply them: departures first.
        const events = [
          ...message.left.map((name) => ({ kind: 'left' as const, name })),
          ...message.joined.map((user) => ({ kind: 'joined' as const, name: user.name })),
        ];
        this.presence.push(...events);
        this.announced.push(...events);
      }
      for (const wake of [...this.#waiters]) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  static async open(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    await within(3000, `connection to ${url}`, new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    }));
    return new TestClient(socket);
  }

  /** Opens a socket and joins as `name`, expecting a welcome. */
  static async joined(url: string, name: string): Promise<TestClient> {
    const client = await TestClient.open(url);
    client.send({ type: 'hello', v: 1, name });
    await client.next('welcome');
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** Takes the first message of `type` (matching `match`) from the inbox, waiting up to `ms`. */
  next<T extends ServerMessage['type']>(type: T, match: Match<T> = () => true, ms = 3000): Promise<ServerMessageOf<T>> {
    const found = (m: ServerMessage) => m.type === type && match(m as ServerMessageOf<T>);
    return this.#take(this.inbox, found, `a "${type}" message`, ms) as Promise<ServerMessageOf<T>>;
  }

  /** Takes the first message of any of `types` from the inbox, waiting up to `ms`: for a frame answered one way or another. */
  first<T extends ServerMessage['type']>(types: readonly T[], ms = 3000): Promise<ServerMessageOf<T>> {
    const found = (m: ServerMessage) => (types as readonly string[]).includes(m.type);
    return this.#take(this.inbox, found, `one of ${types.join(', ')}`, ms) as Promise<ServerMessageOf<T>>;
  }

  /** Waits for `name` (exact spelling; anyone when omitted) to be announced as joined, and returns the name. */
  async joined(name?: string, ms = 3000): Promise<string> {
    const found = (e: PresenceEvent) => e.kind === 'joined' && (name === undefined || e.name === name);
    return (await this.#take(this.presence, found, `${name ?? 'someone'} joined`, ms)).name;
  }

  /** Waits for `name` (exact spelling; anyone when omitted) to be announced as gone, and returns the name. */
  async left(name?: string, ms = 3000): Promise<string> {
    const found = (e: PresenceEvent) => e.kind === 'left' && (name === undefined || e.name === name);
    return (await this.#take(this.presence, found, `${name ?? 'someone'} left`, ms)).name;
  }

  /** How many times `name` was announced as `kind`. */
  announcements(kind: PresenceEvent['kind'], name: string): number {
    return this.announced.filter((e) => e.kind === kind && e.name === name).length;
  }

  /** Removes and returns the first item of `queue` that `found` accepts, waiting up to `ms`. */
  #take<T>(queue: T[], found: (item: T) => boolean, what: string, ms: number): Promise<T> {
    const take = () => {
      const index = queue.findIndex(found);
      return index === -1 ? undefined : queue.splice(index, 1)[0];
    };
    const now = take();
    if (now !== undefined) return Promise.resolve(now);
    let wake!: () => void;
    const arrived = new Promise<T>((resolve) => {
      wake = () => {
        const item = take();
        if (item === undefined) return;
        // Leave at once: frames arriving in the same tick must not be taken by a settled waiter.
        this.#waiters.delete(wake);
        resolve(item);
      };
      this.#waiters.add(wake);
    });
    return within(ms, what, arrived).finally(() => this.#waiters.delete(wake));
  }

  count(type: ServerMessage['type'], match: (m: ServerMessage) => boolean = () => true): number {
    return this.received.filter((m) => m.type === type && match(m)).length;
  }

  async close(): Promise<void> {
    this.socket.close(CLOSE_CODES.normal);
    await within(3000, 'close', this.closed);
  }
}

/** The answer to a hello already sent: `welcome`, the rejection's code, or `closed` if the socket closed first. */
export function firstReply(client: TestClient): Promise<string> {
  return within(10_000, 'an answer to hello', new Promise<string>((resolve) => {
    const check = () => {
      const reply = client.received.find((m) => m.type === 'welcome' || m.type === 'rejected');
      if (reply) resolve(reply.type === 'rejected' ? reply.code : 'welcome');
    };
    // TestClient's own listener ran first, so `received` already holds the frame.
    client.socket.on('message', check);
    void client.closed.then(() => resolve('closed'));
    check();
  }));
}
