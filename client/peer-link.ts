/**
 * The one module that knows which WebRTC library the app uses (simple-peer). Everything else sees
 * a `PeerLink`: signal in, signal out, open, text messages, close.
 */
import SimplePeer from 'simple-peer';
import type { IceServer } from '../common/protocol.ts';
import { Emitter } from './emitter.ts';
import type { BulkChannel } from './transfer/ports.ts';

export type SignalData = Record<string, unknown>;
export type Route = 'direct' | 'relay';

export interface PeerLinkOptions {
  initiator: boolean;
  iceServers: IceServer[];
  /** `relay` forces TURN (for tests and strict networks). Default `all`. */
  iceTransportPolicy?: RTCIceTransportPolicy;
  /** A WebRTC implementation for Node (`@roamhq/wrtc`); the browser's own is used when absent. */
  wrtc?: object;
  /**
   * Local camera/microphone for a call link. A call link carries media and simple-peer's own
   * channel (for call control) but no bulk lane: files stay on the chat link.
   */
  stream?: MediaStream;
}

type LinkEvents = {
  /** Negotiation data to hand to the other side's `signal()`. */
  signal: (data: SignalData) => void;
  open: () => void;
  message: (text: string) => void;
  /** The other side's camera/microphone (call links). */
  stream: (remote: MediaStream) => void;
  /**
   * The path went quiet (`disconnected`: no consent checks answered for a few seconds) or came
   * back. WebRTC itself only gives up after ~30 s; a call should not freeze that long.
   */
  reachable: (reachable: boolean) => void;
  /** The link is gone (closed by either side, or failed); `error` says why when it failed. */
  close: (error?: Error) => void;
};

/**
 * File bytes travel on a second data channel of the same connection, so chat frames on
 * simple-peer's own channel overtake queued file chunks (SCTP schedules streams separately).
 * It is pre-negotiated with a fixed stream id on both sides: no extra signaling round.
 */
const BULK_CHANNEL = { label: 'bulk', id: 100 } as const;

export class PeerLink extends Emitter<LinkEvents> {
  #peer: SimplePeer.Instance;
  readonly #bulk: Promise<BulkChannel> | null = null;
  #state: 'connecting' | 'open' | 'closed' = 'connecting';
  readonly #decoder = new TextDecoder();

  constructor(options: PeerLinkOptions) {
    super();
    this.#peer = new SimplePeer({
      initiator: options.initiator,
      trickle: true,
      // Always explicit: simple-peer otherwise falls back to public STUN servers of its own.
      config: { iceServers: options.iceServers, iceTransportPolicy: options.iceTransportPolicy ?? 'all' },
      wrtc: options.wrtc as SimplePeer.Options['wrtc'],
      streams: options.stream ? [options.stream] : [],
    });
    this.#peer.on('signal', (data) => this.emit('signal', data as unknown as SignalData));
    this.#peer.on('connect', () => this.#open());
    this.#peer.on('data', (data: Uint8Array | string) => {
      // The answering side can receive data before simple-peer reports 'connect' (it waits for
      // ICE stats too); the channel is demonstrably open, so say so before delivering.
      this.#open();
      this.emit('message', typeof data === 'string' ? data : this.#decoder.decode(data));
    });
    this.#peer.on('stream', (remote: MediaStream) => this.emit('stream', remote));
    this.#peer.on('iceStateChange', (state: RTCIceConnectionState) => {
      if (state === 'disconnected') this.emit('reachable', false);
      else if (state === 'connected' || state === 'completed') this.emit('reachable', true);
    });
    this.#peer.on('error', (error: Error) => this.#end(error));
    this.#peer.on('close', () => this.#end());
    if (!options.stream) this.#bulk = this.#openBulk();
  }

  #openBulk(): Promise<BulkChannel> {
    const pc = this.#pc;
    const channel = pc.createDataChannel(BULK_CHANNEL.label, { negotiated: true, id: BULK_CHANNEL.id, ordered: true });
    channel.binaryType = 'arraybuffer';
    const bulk = new Promise<BulkChannel>((resolve, reject) => {
      channel.addEventListener('open', () => resolve(new DataChannelBulk(channel, pc)), { once: true });
      channel.addEventListener('close', () => reject(new Error('bulk channel closed')), { once: true });
    });
    bulk.catch(() => {});
    return bulk;
  }

  /** The bulk lane for file bytes, once it is open (chat links only). */
  get bulk(): Promise<BulkChannel> {
    return this.#bulk ?? Promise.reject(new Error('a call link has no bulk channel'));
  }

  /** Swaps a track we send (screen share in place of the camera) without renegotiating. */
  replaceTrack(current: MediaStreamTrack, next: MediaStreamTrack, stream: MediaStream): void {
    this.#peer.replaceTrack(current, next, stream);
  }

  get #pc(): RTCPeerConnection {
    return (this.#peer as unknown as { _pc: RTCPeerConnection })._pc;
  }

  get state(): 'connecting' | 'open' | 'closed' {
    return this.#state;
  }

  /** Feeds negotiation data from the other side. Malformed data closes the link rather than throwing. */
  signal(data: SignalData): void {
    if (this.#state === 'closed') return;
    try {
      this.#peer.signal(data as unknown as SimplePeer.SignalData);
    } catch (error) {
      this.#end(error as Error);
    }
  }

  /** Sends text over the data channel; false when the link is not open. */
  send(text: string): boolean {
    if (this.#state !== 'open') return false;
    try {
      this.#peer.send(text);
      return true;
    } catch (error) {
      this.#end(error as Error);
      return false;
    }
  }

  /** Whether the selected candidate pair goes through a TURN relay. */
  async route(): Promise<Route | undefined> {
    if (this.#state !== 'open') return undefined;
    const stats = await this.#pc.getStats();
    let pairId: string | undefined;
    stats.forEach((report) => {
      if (report.type === 'transport' && report.selectedCandidatePairId) pairId = report.selectedCandidatePairId;
    });
    stats.forEach((report) => {
      if (!pairId && report.type === 'candidate-pair' && report.nominated && report.state === 'succeeded') pairId = report.id;
    });
    const pair = pairId ? stats.get(pairId) : undefined;
    const local = pair ? stats.get(pair.localCandidateId) : undefined;
    const remote = pair ? stats.get(pair.remoteCandidateId) : undefined;
    if (!local) return undefined;
    return local.candidateType === 'relay' || remote?.candidateType === 'relay' ? 'relay' : 'direct';
  }

  destroy(): void {
    if (this.#state === 'closed') return;
    this.#peer.destroy();
    this.#end();
  }

  #open(): void {
    if (this.#state !== 'connecting') return;
    this.#state = 'open';
    this.emit('open');
  }

  #end(error?: Error): void {
    if (this.#state === 'closed') return;
    this.#state = 'closed';
    this.emit('close', error);
  }
}

/** An RTCDataChannel as the transfer engine's `BulkChannel`. */
class DataChannelBulk implements BulkChannel {
  constructor(
    private readonly channel: RTCDataChannel,
    private readonly pc: RTCPeerConnection,
  ) {}

  get maxMessageSize(): number {
    // 64 KiB is what every implementation has accepted since before the SDP attribute existed.
    return this.pc.sctp?.maxMessageSize || 64 * 1024;
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  send(frame: Uint8Array): void {
    if (this.channel.readyState !== 'open') throw new Error('bulk channel closed');
    this.channel.send(frame as Uint8Array<ArrayBuffer>);
  }

  waitForLow(threshold: number): Promise<void> {
    const channel = this.channel;
    if (channel.bufferedAmount <= threshold) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const finish = (settle: () => void) => {
        clearInterval(poll);
        channel.removeEventListener('bufferedamountlow', onLow);
        channel.removeEventListener('close', onClose);
        settle();
      };
      const onLow = () => finish(resolve);
      const onClose = () => finish(() => reject(new Error('bulk channel closed')));
      channel.bufferedAmountLowThreshold = threshold;
      channel.addEventListener('bufferedamountlow', onLow);
      channel.addEventListener('close', onClose);
      // @roamhq/wrtc never fires 'bufferedamountlow' (PLATFORM.md), so poll as well.
      const poll = setInterval(() => {
        if (channel.readyState !== 'open') onClose();
        else if (channel.bufferedAmount <= threshold) onLow();
      }, 5);
    });
  }

  onMessage(listener: (frame: Uint8Array) => void): () => void {
    const handler = (event: MessageEvent) => {
      if (event.data instanceof ArrayBuffer) listener(new Uint8Array(event.data));
    };
    this.channel.addEventListener('message', handler);
    return () => this.channel.removeEventListener('message', handler);
  }
}
