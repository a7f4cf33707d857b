/**
 * The middle of a chat link's file connection (the `bulk` lane), for `MitmHub`: two plain
 * simple-peer connections of its own, one answering the offerer, one offering the other side,
 * each with the pre-negotiated bulk channel the app uses, and every byte forwarded between them.
 */
import wrtc from '@roamhq/wrtc';
import SimplePeer from 'simple-peer';
import { encodeSignalEnvelope, type LibrarySignal } from '../../common/peer-wire.ts';
import type { ServerMessage } from '../../common/protocol.ts';
import type { Username } from '../../common/username.ts';

/** As in `client/core/peers/simple-peer-link.ts`. */
const BULK_CHANNEL = { label: 'bulk', id: 100 } as const;

type Deliver = (key: string, message: ServerMessage) => void;

interface Channel {
  readonly readyState: string;
  binaryType: string;
  send(data: ArrayBuffer): void;
  addEventListener(type: 'message', listener: (event: { data: ArrayBuffer }) => void): void;
}

export class FileSplice {
  /** File-connection bytes the middle forwarded. */
  bytes = 0;
  readonly #peers = new Map<string, { peer: SimplePeer.Instance; channel: Channel }>();

  constructor(private readonly deliver: Deliver) {}

  /** A bulk-lane signal from `from` to `to`, for the attempt `sid` (the same on both sides: the chat link is honest). */
  intercept(from: Username, to: Username, sid: string, data: LibrarySignal): void {
    if (data.type === 'offer' && !this.#peers.has(from.key)) {
      const toOfferer = this.#side(from, to, sid, false);
      const toOther = this.#side(to, from, sid, true);
      this.#forward(toOfferer, toOther);
      this.#forward(toOther, toOfferer);
    }
    this.#peers.get(from.key)?.peer.signal(data as unknown as SimplePeer.SignalData);
  }

  close(): void {
    for (const { peer } of this.#peers.values()) peer.destroy();
  }

  /** The middle's file connection with `victim`, posing as `posingAs`. */
  #side(victim: Username, posingAs: Username, sid: string, initiator: boolean): Channel {
    const peer = new SimplePeer({ initiator, trickle: true, wrtc: wrtc as SimplePeer.Options['wrtc'], config: { iceServers: [] } });
    peer.on('error', () => {});
    peer.on('signal', (signal) => {
      const data = encodeSignalEnvelope({ kind: 'session', sid, signal: { lane: 'bulk', data: signal as unknown as LibrarySignal } });
      this.deliver(victim.key, { type: 'signal', from: posingAs.display, data });
    });
    const pc = (peer as unknown as { _pc: { createDataChannel(label: string, options: object): Channel } })._pc;
    const channel = pc.createDataChannel(BULK_CHANNEL.label, { negotiated: true, id: BULK_CHANNEL.id, ordered: true });
    channel.binaryType = 'arraybuffer';
    this.#peers.set(victim.key, { peer, channel });
    return channel;
  }

  #forward(from: Channel, to: Channel): void {
    from.addEventListener('message', ({ data }) => {
      this.bytes += data.byteLength;
      if (to.readyState === 'open') to.send(data);
    });
  }
}
