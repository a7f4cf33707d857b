/**
 * The client's real services (signaling, sessions, chat, transfers) on the real server, with peer
 * links in memory instead of WebRTC: an offer names the link that made it, so the answering side
 * finds it, and a stranger's made-up offer leaves a link connecting for ever, as a real one would
 * until it timed out. Frames go through the wire format both ways, as on a data channel.
 */
import type { Test } from 'uvu';
import { WebSocket } from 'ws';
import { NO_MEDIA } from '../../client/core/call/media-port.ts';
import { createChatServices, type ChatServices } from '../../client/core/chat-services.ts';
import type { BulkChannel } from '../../client/core/peers/bulk-channel.ts';
import type { LinkEvents, LinkPhase, PeerLink, PeerLinkFactory, Route } from '../../client/core/peers/peer-link.ts';
import type { PeerSessionsOptions } from '../../client/core/peers/peer-sessions.ts';
import type { SocketLike } from '../../client/core/signaling/signaling-client.ts';
import type { EngineOptions } from '../../client/core/transfer/transfer-info.ts';
import { Emitter } from '../../client/core/util/emitter.ts';
import { toUsername, type Username } from '../../common/username.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { within } from './timing.ts';
import { encodePeerFrame, parsePeerFrame, type LinkSignal, type PeerFrame } from '../../common/peer-wire.ts';
import { memoryBulkPair, type MemoryBulk } from './memory-link.ts';

/** Sees a frame on its way, and may change it or drop it (null). */
export type FrameTamper = (frame: PeerFrame) => PeerFrame | null;

/** What a user's links do to the frames they send and receive (a hostile peer rewrites its own). */
export interface Tampering {
  send?: FrameTamper;
  receive?: FrameTamper;
}

/** Where the memory links of one test find each other. */
export class MemoryWires {
  readonly #offered = new Map<string, MemoryPeerLink>();
  #nextToken = 0;
  /** Every link ever made, by every factory. */
  readonly links: MemoryPeerLink[] = [];

  /** A `PeerLinkFactory` whose links meet the others made here. */
  factory(tamper: Tampering = {}): PeerLinkFactory {
    return ({ initiator }) => {
      const link = new MemoryPeerLink(this, initiator, tamper);
      this.links.push(link);
      return link;
    };
  }

  /** Links not yet closed. */
  get alive(): MemoryPeerLink[] {
    return this.links.filter((link) => link.state !== 'closed');
  }

  offer(link: MemoryPeerLink): string {
    const token = `memory-${this.#nextToken++}`;
    this.#offered.set(token, link);
    return token;
  }

  take(token: unknown): MemoryPeerLink | undefined {
    const link = this.#offered.get(String(token));
    this.#offered.delete(String(token));
    return link;
  }
}

export class MemoryPeerLink extends Emitter<LinkEvents> implements PeerLink {
  #state: LinkPhase = 'connecting';
  #other: MemoryPeerLink | null = null;
  #settleBulk!: (bulk: BulkChannel) => void;
  readonly bulk = new Promise<BulkChannel>((resolve) => (this.#settleBulk = resolve));

  constructor(
    private readonly wires: MemoryWires,
    readonly initiator: boolean,
    private readonly tamper: Tampering,
  ) {
    super();
    if (initiator) {
      // Later, as simple-peer does: the session has its listeners on by then.
      setImmediate(() => this.#say({ type: 'offer', sdp: wires.offer(this) }));
    }
  }

  get state(): LinkPhase {
    return this.#state;
  }

  signal(signal: LinkSignal): void {
    if (this.#state === 'closed' || signal.lane !== 'chat') return;
    const { type, sdp } = signal.data;
    if (type === 'offer') {
      const offerer = this.wires.take(sdp);
      if (!offerer) return; // made up: nobody to meet, so it stays connecting
      this.#other = offerer;
      offerer.#other = this;
      this.#say({ type: 'answer', sdp });
    } else if (type === 'answer' && this.#other) {
      const [mine, theirs] = memoryBulkPair(256 * 1024, 4 * 1024 * 1024);
      this.#open(mine);
      this.#other.#open(theirs);
    }
  }

  send(frame: PeerFrame): boolean {
    if (this.#state !== 'open') return false;
    const passed = this.tamper.send ? this.tamper.send(frame) : frame;
    if (!passed) return true;
    const wire = encodePeerFrame(passed);
    const other = this.#other!;
    setImmediate(() => other.receive(wire));
    return true;
  }

  /** A raw data-channel text arriving from the other side. */
  receive(wire: string): void {
    if (this.#state !== 'open') return;
    const frame = parsePeerFrame(wire);
    const passed = frame && this.tamper.receive ? this.tamper.receive(frame) : frame;
    if (passed) this.emit('frame', passed);
  }

  async route(): Promise<Route | undefined> {
    return this.#state === 'open' ? 'direct' : undefined;
  }

  replaceTrack(): void {}

  destroy(): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    void this.bulk.then((bulk) => (bulk as MemoryBulk).close());
    this.emit('close');
    const other = this.#other;
    if (other) setImmediate(() => other.destroy());
  }

  #open(bulk: MemoryBulk): void {
    if (this.#state !== 'connecting') return;
    this.#state = 'open';
    this.#settleBulk(bulk);
    this.emit('open');
  }

  #say(data: Record<string, unknown>): void {
    this.emit('signal', { lane: 'chat', data, ownBulkConnection: true });
  }
}

export interface MemoryPeerOptions extends PeerSessionsOptions {
  tamper?: Tampering;
  transfer?: EngineOptions;
}

/** The client's services for one user of the server at `wsUrl`, with memory links; not joined yet. */
export function memoryServices(wires: MemoryWires, wsUrl: string, { tamper, ...options }: MemoryPeerOptions = {}): ChatServices {
  return createChatServices({
    url: wsUrl,
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    media: NO_MEDIA,
    links: wires.factory(tamper),
    ...options,
  });
}

/** The client's services for one user, joined to the server at `wsUrl` under `name`, with memory links. */
export async function memoryPeer(wires: MemoryWires, wsUrl: string, name: string, options: MemoryPeerOptions = {}): Promise<ChatServices> {
  const services = memoryServices(wires, wsUrl, options);
  await services.signaling.join(name);
  return services;
}

/** Resolves once `name` is on `services`' user list. */
export async function online(services: ChatServices, name: string): Promise<void> {
  const user = toUsername(name);
  if (!services.signaling.isOnline(user)) await within(3000, `${name} online`, services.signaling.next('users', () => services.signaling.isOnline(user)));
}

/** Opens the link from `services` to `name` and resolves once both ends are open. */
export async function linked(services: ChatServices, other: ChatServices, name: string): Promise<void> {
  const peer = toUsername(name);
  const me = services.signaling.me!;
  const open = (who: ChatServices, to: Username) =>
    who.sessions.state(to) === 'open' ? Promise.resolve() : who.sessions.next('state', (p, state) => p.key === to.key && state === 'open');
  const both = Promise.all([open(services, peer), open(other, me)]);
  services.sessions.connect(peer);
  await within(5000, `the link to ${name}`, both);
}

/** Leaves the server and closes every link. */
export function leave(services: ChatServices): void {
  services.sessions.closeAll();
  services.signaling.close();
}

/**
 * A real server for one suite, started before its first test and closed after its last, and the
 * users its tests join (all of them leave at the end).
 */
export function memoryWorld(suite: Test) {
  const everyone: ChatServices[] = [];
  const world = {
    server: undefined as unknown as TestServer,
    async join(wires: MemoryWires, name: string, options?: MemoryPeerOptions): Promise<ChatServices> {
      const services = await memoryPeer(wires, world.server.wsUrl, name, options);
      everyone.push(services);
      return services;
    },
    /** Joins `first` and `second` on wires of their own, and opens the link from the first to the second. */
    async pair(first: string, second: string): Promise<[ChatServices, ChatServices]> {
      const wires = new MemoryWires();
      const a = await world.join(wires, first);
      const b = await world.join(wires, second);
      await online(a, second);
      await linked(a, b, second);
      return [a, b];
    },
    keep: (services: ChatServices) => void everyone.push(services),
  };
  suite.before(async () => {
    world.server = await startTestServer();
  });
  suite.after(async () => {
    everyone.forEach(leave);
    await world.server.close();
  });
  return world;
}
