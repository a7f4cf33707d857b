/**
 * The one module that knows which WebRTC library the app uses (simple-peer): it makes the
 * `PeerLink`s everything else sees.
 */
import SimplePeer from 'simple-peer';
import { encodePeerFrame, parsePeerFrame, type LibrarySignal, type LinkSignal, type PeerFrame } from '../../../common/peer-wire.ts';
import { fingerprintsIn, type FingerprintView } from '../identity/link-proof.ts';
import { Emitter } from '../util/emitter.ts';
import type { BulkChannel } from './bulk-channel.ts';
import { DataChannelBulk } from './data-channel-bulk.ts';
import type { LinkEvents, LinkPhase, PeerLink, PeerLinkFactory, PeerLinkOptions, Route } from './peer-link.ts';
import type { MediaStreamLike, MediaTrack, PeerConnectionLike } from './webrtc-types.ts';

/**
 * File bytes travel on a connection of their own beside the chat's. Sharing one SCTP association,
 * a chat frame waits behind the file data in flight (~60 ms at full speed), and when the
 * association stalls — a ~1 s retransmission timeout early in nearly every fast transfer in
 * Chromium — chat stalls with it. Measured during a saturating 128 MiB transfer between two
 * Chromium pages: chat p50 / p99 63 / 1 800–1 930 ms on one connection, 25–34 / 49–87 ms on two.
 * The bulk connection is offered by the same side once the chat connection is open; its signals
 * travel inside the link's own, wrapped as `{ bulk: … }`. Its data channel is pre-negotiated
 * with a fixed stream id, so both sides have it without an extra round.
 */
const BULK_CHANNEL = { label: 'bulk', id: 100 } as const;
/** A bulk connection not open this long after the chat connection fails the link, which then retries. */
const BULK_CONNECT_TIMEOUT_MS = 20_000;

type SimplePeerSignal = Parameters<SimplePeer.Instance['signal']>[0];
type SimplePeerTrack = Parameters<SimplePeer.Instance['replaceTrack']>[0];
type SimplePeerStream = Parameters<SimplePeer.Instance['replaceTrack']>[2];

/** Peer links made with simple-peer, on the browser's WebRTC or on `wrtc` (Node's `@roamhq/wrtc`). */
export function simplePeerLinks(wrtc?: object): PeerLinkFactory {
  return (options) => new SimplePeerLink(options, wrtc);
}

class SimplePeerLink extends Emitter<LinkEvents> implements PeerLink {
  readonly #options: PeerLinkOptions;
  readonly #peer: SimplePeer.Instance;
  /** The connection for file bytes (chat links only), from when it is offered or first signalled. */
  #bulkPeer: SimplePeer.Instance | null = null;
  readonly #bulk: Promise<BulkChannel> | null = null;
  #settleBulk: { resolve: (bulk: BulkChannel) => void; reject: (error: Error) => void } | null = null;
  #bulkTimer: ReturnType<typeof setTimeout> | undefined;
  /**
   * Where file bytes go, once the offer (answering side) or the answer (offering side) has said.
   * Our offer, and our answer to an offer that asked for it, say "a connection of their own"; a
   * client from before that neither says nor expects it, and with it the bytes go on a channel of
   * the chat connection, so a tab left open across a deploy can still exchange files.
   */
  #bulkRoute: 'own connection' | 'chat connection' | null = null;
  #state: LinkPhase = 'connecting';
  readonly #decoder = new TextDecoder();

  constructor(
    options: PeerLinkOptions,
    /** A WebRTC implementation for Node; the browser's own is used when absent. */
    private readonly wrtc?: object,
  ) {
    super();
    this.#options = options;
    this.#peer = this.#newPeer(options.initiator, options.stream);
    this.#peer.on('signal', (signal) => {
      const data = signal as unknown as LibrarySignal;
      const ownBulkConnection =
        this.#bulk !== null && (data.type === 'offer' || (data.type === 'answer' && this.#bulkRoute === 'own connection'));
      this.emit('signal', { lane: 'chat', data, ownBulkConnection });
    });
    this.#peer.on('connect', () => this.#open());
    this.#peer.on('data', (data: Uint8Array | string) => {
      // The answering side can receive data before simple-peer reports 'connect' (it waits for
      // ICE stats too); the channel is demonstrably open, so say so before delivering.
      this.#open();
      const frame = parsePeerFrame(typeof data === 'string' ? data : this.#decoder.decode(data));
      if (frame) this.emit('frame', frame);
    });
    this.#peer.on('stream', (remote: MediaStreamLike) => this.emit('stream', remote));
    this.#peer.on('iceStateChange', (state: string) => {
      if (state === 'disconnected') this.emit('reachable', false);
      else if (state === 'connected' || state === 'completed') this.emit('reachable', true);
    });
    this.#peer.on('error', (error: Error) => this.#end(error));
    this.#peer.on('close', () => this.#end());
    if (!options.stream) {
      this.#bulk = new Promise<BulkChannel>((resolve, reject) => (this.#settleBulk = { resolve, reject }));
      this.#bulk.catch(() => {});
    }
  }

  #newPeer(initiator: boolean, stream?: MediaStreamLike): SimplePeer.Instance {
    return new SimplePeer({
      initiator,
      trickle: true,
      // Always explicit: simple-peer otherwise falls back to public STUN servers of its own.
      config: { iceServers: this.#options.iceServers, iceTransportPolicy: this.#options.iceTransportPolicy ?? 'all' },
      wrtc: this.wrtc as SimplePeer.Options['wrtc'],
      streams: stream ? [stream as SimplePeerStream] : [],
    });
  }

  /**
   * Sets up the bulk connection: offered by the initiator once chat is open, answered on its first
   * signal. Stored before anything that can throw, so a failed setup is still destroyed by `#end`.
   */
  #openBulkPeer(): SimplePeer.Instance {
    const peer = (this.#bulkPeer = this.#newPeer(this.#options.initiator));
    peer.on('signal', (data) => this.emit('signal', { lane: 'bulk', data: data as unknown as LibrarySignal }));
    peer.on('error', (error: Error) => this.#end(error));
    peer.on('close', () => this.#end(new Error('bulk connection closed')));
    this.#openBulkChannel(peerConnectionOf(peer));
    this.#bulkTimer = setTimeout(() => this.#end(new Error('bulk connection did not open')), BULK_CONNECT_TIMEOUT_MS);
    return peer;
  }

  /** The pre-negotiated bulk channel on `pc`; `bulk` resolves when it opens. */
  #openBulkChannel(pc: PeerConnectionLike): void {
    const channel = pc.createDataChannel(BULK_CHANNEL.label, { negotiated: true, id: BULK_CHANNEL.id, ordered: true });
    channel.binaryType = 'arraybuffer';
    channel.addEventListener('open', () => {
      clearTimeout(this.#bulkTimer);
      // @roamhq/wrtc never fires 'bufferedamountlow'; browsers do, and need no polling.
      this.#settleBulk?.resolve(new DataChannelBulk(channel, pc, this.wrtc !== undefined));
      this.#settleBulk = null;
    }, { once: true });
  }

  /** Reads the other side's offer or answer for where file bytes go (see `#bulkRoute`). */
  #chooseBulkRoute({ data, ownBulkConnection }: Extract<LinkSignal, { lane: 'chat' }>): void {
    if (!this.#bulk || this.#bulkRoute || (data.type !== 'offer' && data.type !== 'answer')) return;
    this.#bulkRoute = ownBulkConnection ? 'own connection' : 'chat connection';
    if (this.#bulkRoute === 'chat connection') this.#openBulkChannel(this.#pc);
  }

  get bulk(): Promise<BulkChannel> {
    return this.#bulk ?? Promise.reject(new Error('a call link has no bulk channel'));
  }

  replaceTrack(current: MediaTrack, next: MediaTrack, stream: MediaStreamLike): void {
    this.#peer.replaceTrack(current as SimplePeerTrack, next as SimplePeerTrack, stream as SimplePeerStream);
  }

  get #pc(): PeerConnectionLike {
    return peerConnectionOf(this.#peer);
  }

  get state(): LinkPhase {
    return this.#state;
  }

  signal(signal: LinkSignal): void {
    if (this.#state === 'closed') return;
    try {
      if (signal.lane === 'chat') {
        this.#chooseBulkRoute(signal);
        return this.#peer.signal(signal.data as SimplePeerSignal);
      }
      // Call links, and links to older clients, have no bulk connection.
      if (this.#bulkRoute !== 'own connection') return;
      (this.#bulkPeer ?? this.#openBulkPeer()).signal(signal.data as SimplePeerSignal);
    } catch (error) {
      this.#end(error as Error);
    }
  }

  send(frame: PeerFrame): boolean {
    if (this.#state !== 'open') return false;
    try {
      this.#peer.send(encodePeerFrame(frame));
      return true;
    } catch (error) {
      this.#end(error as Error);
      return false;
    }
  }

  async fingerprints(connection: 'main' | 'bulk'): Promise<FingerprintView> {
    // File bytes on the chat connection (a peer from before the bulk connection) share its certificates.
    const pc = connection === 'bulk' && this.#bulkPeer ? peerConnectionOf(this.#bulkPeer) : this.#pc;
    const [local, remote] = await bothDescriptions(pc);
    return { local: fingerprintsIn(local.sdp), remote: fingerprintsIn(remote.sdp) };
  }

  async route(): Promise<Route | undefined> {
    if (this.#state !== 'open') return undefined;
    const stats = await this.#pc.getStats();
    let pairId: string | undefined;
    stats.forEach((report) => {
      if (report.type === 'transport' && typeof report.selectedCandidatePairId === 'string') pairId = report.selectedCandidatePairId;
    });
    stats.forEach((report) => {
      if (!pairId && report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') pairId = report.id;
    });
    const pair = pairId ? stats.get(pairId) : undefined;
    const local = pair ? stats.get(String(pair.localCandidateId)) : undefined;
    const remote = pair ? stats.get(String(pair.remoteCandidateId)) : undefined;
    if (!local) return undefined;
    return local.candidateType === 'relay' || remote?.candidateType === 'relay' ? 'relay' : 'direct';
  }

  destroy(): void {
    this.#end();
  }

  async close(lingerMs = 500): Promise<void> {
    // The data channel's own close does not wait here: frames SCTP still holds to send are dropped
    // with the connection (on @roamhq/wrtc even when `bufferedAmount` is 0). So the link lingers,
    // as a socket would, and ends sooner if the other side closes first.
    if (this.#state === 'open') {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, lingerMs);
        this.on('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    this.#end();
  }

  #open(): void {
    if (this.#state !== 'connecting') return;
    this.#state = 'open';
    if (this.#bulkRoute === 'own connection' && this.#options.initiator && !this.#bulkPeer) {
      try {
        this.#openBulkPeer();
      } catch (error) {
        return this.#end(error as Error);
      }
    }
    this.emit('open');
  }

  #end(error?: Error): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    clearTimeout(this.#bulkTimer);
    this.#settleBulk?.reject(new Error('bulk channel closed'));
    this.#settleBulk = null;
    this.#peer.destroy();
    this.#bulkPeer?.destroy();
    this.emit('close', error);
  }
}

/** `pc`'s local and remote descriptions, as soon as both are set (a closed connection keeps waiting: the caller's timer ends it). */
function bothDescriptions(pc: PeerConnectionLike): Promise<[{ sdp: string }, { sdp: string }]> {
  return new Promise((resolve) => {
    const check = () => {
      const { localDescription, remoteDescription } = pc;
      if (!localDescription || !remoteDescription) return;
      pc.removeEventListener('signalingstatechange', check);
      resolve([localDescription, remoteDescription]);
    };
    pc.addEventListener('signalingstatechange', check);
    check();
  });
}

function peerConnectionOf(peer: SimplePeer.Instance): PeerConnectionLike {
  return (peer as unknown as { _pc: PeerConnectionLike })._pc;
}
