/**
 * A peer link: one peer-to-peer connection with another user, as the rest of the client sees it —
 * signal in, signal out, open, typed frames, a bulk channel for file bytes, close. Which WebRTC
 * library makes it is the factory's business (`simple-peer-link.ts`); tests plug in memory.
 */
import type { LinkSignal, PeerFrame } from '../../../common/peer-wire.ts';
import type { IceServer, IceTransportPolicy } from '../../../common/protocol.ts';
import type { FingerprintView } from '../identity/link-proof.ts';
import type { BulkChannel } from './bulk-channel.ts';
import type { MediaStreamLike, MediaTrack } from './webrtc-types.ts';

export type Route = 'direct' | 'relay';
export type LinkPhase = 'connecting' | 'open' | 'closed';

export interface PeerLinkOptions {
  initiator: boolean;
  iceServers: IceServer[];
  /** `relay` forces TURN (for tests and strict networks). Default `all`. */
  iceTransportPolicy?: IceTransportPolicy;
  /**
   * Local camera/microphone for a call link. A call link carries media and a channel for call
   * control but no bulk connection: files stay on the chat link.
   */
  stream?: MediaStreamLike;
}

export type LinkEvents = {
  /** Negotiation data to hand to the other side's `signal()`. */
  signal: (signal: LinkSignal) => void;
  open: () => void;
  /** A frame from the other side, validated (anything malformed is dropped before this). */
  frame: (frame: PeerFrame) => void;
  /** The other side's camera/microphone (call links). */
  stream: (remote: MediaStreamLike) => void;
  /**
   * The path went quiet (no consent checks answered for a few seconds) or came back. WebRTC itself
   * only gives up after ~30 s; a call should not freeze that long.
   */
  reachable: (reachable: boolean) => void;
  /** The link is gone (closed by either side, or failed); `error` says why when it failed. */
  close: (error?: Error) => void;
};

export interface PeerLink {
  readonly state: LinkPhase;
  /** The channel for file bytes, once its connection is open (chat links only; a call link's rejects). */
  readonly bulk: Promise<BulkChannel>;
  /** Adds a listener; returns the function that removes it. */
  on<K extends keyof LinkEvents>(event: K, listener: LinkEvents[K]): () => void;
  /** Feeds negotiation data from the other side. Malformed data closes the link rather than throwing. */
  signal(signal: LinkSignal): void;
  /** Sends a frame over the data channel; false when the link is not open. */
  send(frame: PeerFrame): boolean;
  /**
   * The DTLS fingerprints of one of the link's connections as this side sees them, from its local
   * and remote descriptions, once both are set: what an identity proof vouches for. A channel can
   * open before its offerer has applied the answer, so "open" alone does not mean both are there.
   * `main` is the link's own (chat or call); `bulk` the chat link's file connection.
   */
  fingerprints(connection: 'main' | 'bulk'): Promise<FingerprintView>;
  /** Whether the selected candidate pair goes through a TURN relay (undefined until open). */
  route(): Promise<Route | undefined>;
  /** Swaps a track we send (screen share in place of the camera) without renegotiating. */
  replaceTrack(current: MediaTrack, next: MediaTrack, stream: MediaStreamLike): void;
  /** Ends the link now; what is still queued on its channels may be lost. */
  destroy(): void;
  /**
   * Ends the link after giving what was just sent on it `lingerMs` to go out (a program that exits
   * right after its last frame, say), or sooner if the other side closes first.
   */
  close(lingerMs?: number): Promise<void>;
}

/** Makes peer links: the platform's WebRTC behind one function. */
export type PeerLinkFactory = (options: PeerLinkOptions) => PeerLink;
