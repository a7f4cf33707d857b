/**
 * Peer links that talk in memory instead of WebRTC, for unit tests of the services above them.
 * Negotiation still takes the `signal` path (through the real signaling server): the initiator
 * offers `{ type: 'offer', link: <its id> }`, the answerer finds it by that id in the network's
 * registry and answers `{ type: 'answer', link: <its id> }`, and both ends then open.
 *
 * An offer that names no link made here (a stranger's made-up one) leaves the link connecting for
 * ever, as a real one would until it timed out. Any other signal that fits no step (say, a late
 * answer meant for an earlier link) closes the link with an error, as it would a real connection.
 * Frames go through the wire format both ways, as on a data channel.
 */
import { encodePeerFrame, parsePeerFrame, type LinkSignal, type PeerFrame } from '../../common/peer-wire.ts';
import type { FingerprintView } from '../../client/core/identity/link-proof.ts';
import type { BulkChannel } from '../../client/core/peers/bulk-channel.ts';
import type { LinkEvents, LinkPhase, PeerLink, PeerLinkFactory, PeerLinkOptions, Route } from '../../client/core/peers/peer-link.ts';
import { Emitter } from '../../client/core/util/emitter.ts';
import { memoryBulkPair, type MemoryBulk } from './memory-link.ts';

/** A bulk lane's largest message, as a data channel's `maxMessageSize` would say. */
const BULK_MAX_MESSAGE = 256 * 1024;
/** How fast a bulk lane drains: fast enough that a file of a few hundred KiB takes a few ticks. */
const BULK_BYTES_PER_TICK = 4 * 1024 * 1024;

/** Sees a frame on its way, and may change it or drop it (null). */
export type FrameTamper = (frame: PeerFrame) => PeerFrame | null;

/** What a user's links do to the frames they send and receive (a hostile peer rewrites its own). */
export interface Tampering {
  send?: FrameTamper;
  receive?: FrameTamper;
}

/** The links of one test, and what was done with them. */
export class MemoryNetwork {
  /** Every link made, in order. */
  readonly links: MemoryPeerLink[] = [];
  /** The owner (as named to `factory`) of every offer made, in order. */
  readonly offers: string[] = [];

  /** The links of one user; `owner` labels its offers, `tamper` rewrites what its links send and receive. */
  factory(owner: string, tamper: Tampering = {}): PeerLinkFactory {
    return (options) => {
      const link = new MemoryPeerLink(this, owner, options, tamper);
      this.links.push(link);
      return link;
    };
  }

  find(id: unknown): MemoryPeerLink | undefined {
    return this.links.find((link) => link.id === id);
  }

  /** The links that are open now (each connection counts twice: one per end). */
  open(): MemoryPeerLink[] {
    return this.links.filter((link) => link.state === 'open');
  }

  /** The links not closed yet: open, or still connecting. */
  alive(): MemoryPeerLink[] {
    return this.links.filter((link) => link.state !== 'closed');
  }
}

export class MemoryPeerLink extends Emitter<LinkEvents> implements PeerLink {
  readonly id: string;
  readonly bulk: Promise<BulkChannel>;
  #partner: MemoryPeerLink | null = null;
  #state: LinkPhase = 'connecting';
  #bulkEnd: MemoryBulk | null = null;
  #settleBulk: { resolve: (bulk: BulkChannel) => void; reject: (error: Error) => void } | null = null;

  constructor(
    private readonly network: MemoryNetwork,
    readonly owner: string,
    readonly options: PeerLinkOptions,
    private readonly tamper: Tampering,
  ) {
    super();
    this.id = `${owner}#${network.links.length + 1}`;
    // A call link (it carries a stream) has no bulk channel, as with simple-peer.
    this.bulk = options.stream
      ? Promise.reject(new Error('a call link has no bulk channel'))
      : new Promise((resolve, reject) => (this.#settleBulk = { resolve, reject }));
    this.bulk.catch(() => {});
    // Later, never inside the factory call: the caller has not listened yet.
    if (options.initiator) {
      setImmediate(() => {
        if (this.#state !== 'connecting') return;
        network.offers.push(owner);
        this.#emitSignal('offer');
      });
    }
  }

  get state(): LinkPhase {
    return this.#state;
  }

  signal({ lane, data }: LinkSignal): void {
    if (this.#state === 'closed') return;
    const from = this.network.find(data.link);
    if (lane === 'chat' && data.type === 'offer' && !from) return; // made up: nobody to meet, so it stays connecting
    if (lane === 'chat' && data.type === 'offer' && !this.options.initiator && !this.#partner && from && from.#state === 'connecting') {
      this.#partner = from;
      from.#partner = this;
      setImmediate(() => this.#emitSignal('answer'));
    } else if (lane === 'chat' && data.type === 'answer' && this.#state === 'connecting' && from && from === this.#partner) {
      setImmediate(() => this.#connect());
    } else {
      this.#end(new Error(`unexpected signal ${JSON.stringify(data)} at ${this.id}`));
    }
  }

  /**
   * Delivers the frame to the other end a tick later, through its wire form and both ends'
   * tampering; lost if the link closes first. A frame the sender's tampering drops still counts as sent.
   */
  send(frame: PeerFrame): boolean {
    const partner = this.#partner;
    if (this.#state !== 'open' || !partner) return false;
    const passed = this.tamper.send ? this.tamper.send(frame) : frame;
    if (!passed) return true;
    const wire = encodePeerFrame(passed);
    setImmediate(() => {
      if (this.#state !== 'open' || partner.#state !== 'open') return;
      const arrived = parsePeerFrame(wire);
      const taken = arrived && partner.tamper.receive ? partner.tamper.receive(arrived) : arrived;
      if (taken) partner.emit('frame', taken);
    });
    return true;
  }

  /** Each end's made-up certificate fingerprint is its link id (and the connection's name). */
  async fingerprints(connection: 'main' | 'bulk'): Promise<FingerprintView> {
    return { local: [`${connection} ${this.id}`], remote: this.#partner ? [`${connection} ${this.#partner.id}`] : [] };
  }

  route(): Promise<Route | undefined> {
    return Promise.resolve(this.#state === 'open' ? 'direct' : undefined);
  }

  replaceTrack(): void {}

  /** Frames here arrive in order before the close: nothing to wait for. */
  async close(): Promise<void> {
    this.destroy();
  }

  /** Closes this end now, and the other end (without an error) a tick later, as a hang-up would. */
  destroy(): void {
    const partner = this.#partner;
    this.#end();
    if (partner) setImmediate(() => partner.#end());
  }

  /** Simulates a network failure: both ends close at once, with an error. */
  cut(): void {
    const error = new Error('network failure (simulated)');
    const partner = this.#partner;
    if (partner) partner.#end(error);
    this.#end(error);
  }

  #emitSignal(type: 'offer' | 'answer'): void {
    if (this.#state === 'connecting') this.emit('signal', { lane: 'chat', data: { type, link: this.id }, ownBulkConnection: false });
  }

  /** The answer arrived: both ends open, each with the other's stream (call links) or its end of a bulk lane (chat links). */
  #connect(): void {
    const partner = this.#partner;
    if (this.#state !== 'connecting' || !partner || partner.#state !== 'connecting') return;
    const [mine, theirs] = memoryBulkPair(BULK_MAX_MESSAGE, BULK_BYTES_PER_TICK);
    this.#open(mine, partner.options);
    partner.#open(theirs, this.options);
  }

  #open(bulk: MemoryBulk, remote: PeerLinkOptions): void {
    if (this.#state !== 'connecting') return; // closed by a listener of the other end's 'open'
    this.#state = 'open';
    if (this.#settleBulk) {
      this.#bulkEnd = bulk;
      this.#settleBulk.resolve(bulk);
      this.#settleBulk = null;
    }
    if (remote.stream) this.emit('stream', remote.stream);
    this.emit('open');
  }

  #end(error?: Error): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.#settleBulk?.reject(new Error('bulk channel closed'));
    this.#settleBulk = null;
    this.#bulkEnd?.close();
    this.emit('close', error);
  }
}
