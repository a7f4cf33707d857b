/**
 * Who is at the other end of each link, as far as identity keys tell: the link proof's verdict,
 * the key pinned for the name, and the user's verified mark. `PeerSessions` asks for a verdict
 * before a link carries anything private; the shells show it and the safety number.
 */
import type { IdentityFrame, ProvenLane } from '../../../common/peer-wire.ts';
import type { Username } from '../../../common/username.ts';
import { Emitter } from '../util/emitter.ts';
import type { Identity, LoadIdentity } from './identity-key.ts';
import type { KnownKeys } from './known-keys.ts';
import { checkLinkProof, proveLink, type FingerprintView } from './link-proof.ts';
import { safetyNumber } from './safety-number.ts';

/**
 * - `proven`: the peer's key vouches for this very connection, and it is the key pinned for the name (or the first one met).
 * - `key-changed`: it vouches for the connection, but the name had another key (or, with a safety
 *   number expected, the key does not give that number): held until the user accepts the new one.
 * - `forged`: the proof does not fit the connection as we see it: something is in the middle. Nothing private goes on it.
 * - `unverifiable`: one side has no WebCrypto (a page on plain http), so nothing can be proven either way.
 */
export const TRUST_VERDICTS = ['proven', 'key-changed', 'forged', 'unverifiable'] as const;
export type TrustVerdict = (typeof TRUST_VERDICTS)[number];

export interface PeerIdentity {
  verdict: TrustVerdict;
  /** The user marked this key as verified (safety numbers compared). */
  verified: boolean;
  /** The key the peer presented on its latest link, when it presented one. */
  publicKey?: string;
}

type IdentityEvents = {
  change: (peer: Username, identity: PeerIdentity) => void;
};

export class PeerIdentities extends Emitter<IdentityEvents> {
  #identity: Promise<Identity | null> | null = null;
  readonly #peers = new Map<string, PeerIdentity>();
  /** The safety number the user expects with every peer (the CLI's `--expect`), digits only. */
  #expected: string | undefined;
  /**
   * By name key, the latest judgement or change of a pin under way. Each waits for the one before:
   * a link's two connections are judged at once, and a judgement that read the old pin must not
   * write it back over a key the user has just accepted.
   */
  readonly #pending = new Map<string, Promise<unknown>>();

  constructor(
    private readonly load: LoadIdentity,
    private readonly known: KnownKeys,
  ) {
    super();
  }

  /** This side's identity, loaded (or made) once; null without WebCrypto. No identity is not remembered: the next link asks again. */
  identity(): Promise<Identity | null> {
    return (this.#identity ??= this.load()
      .catch(() => null)
      .then((identity) => {
        if (!identity) this.#identity = null;
        return identity;
      }));
  }

  /**
   * From now on only a key that makes this safety number with ours is accepted (and pinned as
   * verified, replacing any other); every other one is held as `key-changed`.
   */
  expectSafetyNumber(digits: string): void {
    this.#expected = digits;
  }

  /** What we know of `peer` since its latest link's proof; undefined before any. */
  status(peer: Username): PeerIdentity | undefined {
    return this.#peers.get(peer.key);
  }

  /** Our identity frame for the `lane` connection we see as `view`. */
  async proof(lane: ProvenLane, view: FingerprintView): Promise<IdentityFrame> {
    return proveLink(await this.identity(), lane, view);
  }

  /** Judges `peer`'s identity frame on a connection we (`me`) see as `view`, and pins a first key. */
  judge(me: Username, peer: Username, frame: IdentityFrame, view: FingerprintView): Promise<TrustVerdict> {
    return this.#oneAtATime(peer, () => this.#judge(me, peer, frame, view));
  }

  async #judge(me: Username, peer: Username, frame: IdentityFrame, view: FingerprintView): Promise<TrustVerdict> {
    const mine = await this.identity();
    let pinned = await this.known.get(peer.key);
    let verdict: TrustVerdict;
    if (!frame.key || !mine) verdict = pinned && frame.key !== pinned.publicKey ? 'key-changed' : 'unverifiable';
    else if (!(await checkLinkProof(frame, view))) verdict = 'forged';
    else if (pinned && pinned.publicKey !== frame.key) verdict = 'key-changed';
    else verdict = 'proven';
    if (this.#expected !== undefined && verdict !== 'forged') {
      const number = frame.key && mine ? await safetyNumber({ publicKey: mine.publicKey, nameKey: me.key }, { publicKey: frame.key, nameKey: peer.key }) : '';
      verdict = number === this.#expected ? 'proven' : 'key-changed';
      if (verdict === 'proven') await this.known.put(peer.key, (pinned = { publicKey: frame.key!, verified: true }));
    }
    if (verdict === 'proven' && !pinned) await this.known.put(peer.key, { publicKey: frame.key!, verified: false });
    // A verified mark belongs to the key that was compared: a new one has to be compared again.
    if (verdict === 'key-changed' && pinned?.verified) await this.known.put(peer.key, { ...pinned, verified: false });
    const verified = verdict === 'proven' && pinned?.verified === true;
    this.#set(peer, { verdict, verified, publicKey: verdict === 'forged' ? undefined : (frame.key ?? undefined) });
    return verdict;
  }

  /** Pins the key `peer` presented instead of the one it had; the caller reconnects to use it. */
  acceptNewKey(peer: Username): Promise<boolean> {
    return this.#oneAtATime(peer, () => this.#acceptNewKey(peer));
  }

  async #acceptNewKey(peer: Username): Promise<boolean> {
    const status = this.#peers.get(peer.key);
    if (status?.verdict !== 'key-changed' || !status.publicKey) return false;
    await this.known.put(peer.key, { publicKey: status.publicKey, verified: false });
    this.#set(peer, { ...status, verdict: 'proven', verified: false });
    return true;
  }

  /** Marks `peer`'s proven key as verified (or not), for good. */
  setVerified(peer: Username, verified: boolean): Promise<void> {
    return this.#oneAtATime(peer, () => this.#setVerified(peer, verified));
  }

  async #setVerified(peer: Username, verified: boolean): Promise<void> {
    const status = this.#peers.get(peer.key);
    if (status?.verdict !== 'proven' || !status.publicKey) return;
    await this.known.put(peer.key, { publicKey: status.publicKey, verified });
    this.#set(peer, { ...status, verified });
  }

  /** The safety number of us (`me`) and `peer`, once `peer` has presented a key; undefined before. */
  async safetyNumber(me: Username, peer: Username): Promise<string | undefined> {
    const theirs = this.#peers.get(peer.key)?.publicKey;
    const mine = (await this.identity())?.publicKey;
    if (!theirs || !mine) return undefined;
    return safetyNumber({ publicKey: mine, nameKey: me.key }, { publicKey: theirs, nameKey: peer.key });
  }

  /** Runs `step` once every judgement or change for `peer` before it has finished. */
  #oneAtATime<T>(peer: Username, step: () => Promise<T>): Promise<T> {
    const run = (this.#pending.get(peer.key) ?? Promise.resolve()).then(step);
    const settled = run.catch(() => {});
    this.#pending.set(peer.key, settled);
    void settled.then(() => this.#pending.get(peer.key) === settled && this.#pending.delete(peer.key));
    return run;
  }

  /** Records what we know of `peer`, telling listeners when it changed (each connection of a link reports the same). */
  #set(peer: Username, identity: PeerIdentity): void {
    const known = this.#peers.get(peer.key);
    this.#peers.set(peer.key, identity);
    if (known?.verdict !== identity.verdict || known.verified !== identity.verified || known.publicKey !== identity.publicKey) this.emit('change', peer, identity);
  }
}
