/**
 * A lying server, for the identity suites: the real server around a hub that, between two users,
 * never relays their chat links' negotiation. It answers each with a real WebRTC peer of its own
 * (`@roamhq/wrtc`, through the app's own link module) posing as the other, and forwards every
 * data-channel frame between its two peers, keeping what passed: what a compromised server could
 * do to any private chat whose ends did not check who they are talking to.
 *
 * With `splice: 'files'` it relays the chat connection honestly and sits in the middle of the file
 * connection only (`FileSplice`), counting the bytes it forwards.
 */
import wrtc from '@roamhq/wrtc';
import { encodeSignalEnvelope, parseSignalEnvelope, type LinkSignal, type PeerFrame } from '../../common/peer-wire.ts';
import type { ServerMessage } from '../../common/protocol.ts';
import { toUsername, type Username } from '../../common/username.ts';
import type { PeerLink } from '../../client/core/peers/peer-link.ts';
import { simplePeerLinks } from '../../client/core/peers/simple-peer-link.ts';
import { randomId } from '../../client/core/util/random-id.ts';
import { FileSplice } from './file-splice.ts';
import { HubInBetween } from './hub-in-between.ts';

/** The middle's end of a connection with one victim, posing as the other. */
interface Face {
  link: PeerLink;
  sid: string;
  /** Frames for this victim that came before its link opened. */
  waiting: PeerFrame[];
}

export class MitmHub extends HubInBetween {
  /** Every frame the middle forwarded, either way. */
  readonly passed: PeerFrame[] = [];
  readonly #victims: [Username, Username];
  /** By victim name key: the middle's connection with that victim. */
  readonly #faces = new Map<string, Face>();
  readonly #links = simplePeerLinks(wrtc);
  /** Set with `splice: 'files'`: the middle of the file connection. */
  readonly files: FileSplice | null;

  constructor(first: string, second: string, { splice = 'chat' }: { splice?: 'chat' | 'files' } = {}) {
    super();
    this.#victims = [toUsername(first), toUsername(second)];
    this.files = splice === 'files' ? new FileSplice((key, message) => void this.inner.deliver(key, message)) : null;
  }

  override async deliver(key: string, message: ServerMessage): Promise<boolean> {
    if (message.type !== 'signal') return this.inner.deliver(key, message);
    const from = toUsername(message.from);
    const to = this.#victims.find((victim) => victim.key === key);
    const envelope = parseSignalEnvelope(message.data);
    if (!to || !this.#victims.some((victim) => victim.key === from.key) || envelope?.kind !== 'session') return this.inner.deliver(key, message);
    const { sid, signal } = envelope;
    if (this.files) {
      if (signal.lane !== 'bulk') return this.inner.deliver(key, message);
      this.files.intercept(from, to, sid, signal.data);
      return true;
    }
    if (signal.lane === 'chat' && signal.data.type === 'offer' && this.#faces.get(from.key)?.sid !== sid) this.#splice(from, to, sid);
    if (this.#faces.get(from.key)?.sid === sid) this.#faces.get(from.key)!.link.signal(signal);
    return true;
  }

  /**
   * Whether the middle was in the path (it forwarded both sides' identity proofs, at least once:
   * the peers may try again) and carried nothing else.
   */
  carriedOnlyProofs(): boolean {
    const proofs = this.passed.filter((frame) => frame.t === 'identity');
    return proofs.length >= 2 && proofs.length === this.passed.length;
  }

  override async close(): Promise<void> {
    for (const face of this.#faces.values()) face.link.destroy();
    this.files?.close();
    await this.inner.close();
  }

  /** `offerer` offered a link to `other`: answer it as `other`, and offer `other` a link as `offerer`. */
  #splice(offerer: Username, other: Username, sid: string): void {
    for (const face of this.#faces.values()) face.link.destroy();
    const toOfferer = this.#face(offerer, other, sid, false);
    const toOther = this.#face(other, offerer, randomId(), true);
    this.#forward(toOfferer, toOther);
    this.#forward(toOther, toOfferer);
  }

  /** The middle's link with `victim`, posing as `posingAs`. */
  #face(victim: Username, posingAs: Username, sid: string, initiator: boolean): Face {
    const face: Face = { link: this.#links({ initiator, iceServers: [] }), sid, waiting: [] };
    this.#faces.set(victim.key, face);
    face.link.on('signal', (signal: LinkSignal) => {
      void this.inner.deliver(victim.key, { type: 'signal', from: posingAs.display, data: encodeSignalEnvelope({ kind: 'session', sid, signal }) });
    });
    face.link.on('open', () => {
      for (const frame of face.waiting.splice(0)) face.link.send(frame);
    });
    return face;
  }

  /**
   * Everything `from`'s victim sends goes on to `to`'s, as is, but for the file connection's proof:
   * the chat connection's already makes a victim drop the link, so the file proof would reach a
   * link being closed, and a send that races a close from the far side can crash @roamhq/wrtc
   * (its native send reads the channel while its signalling thread releases it).
   */
  #forward(from: Face, to: Face): void {
    from.link.on('frame', (frame) => {
      this.passed.push(frame);
      if (frame.t === 'identity' && frame.lane === 'bulk') return;
      if (!to.link.send(frame)) to.waiting.push(frame);
    });
  }
}
