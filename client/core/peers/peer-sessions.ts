/**
 * One piece on purpose, though long: a session's link, its retry timer, its attempts and its identity
 * proof change together on every signal, open, close and verdict, and glare between two sides'
 * attempts is settled only by seeing all of them at once. Frame budgets, proof exchange and backoff
 * live in files of their own.
 */
import { PEER_LIMITS } from '../../../common/limits.ts';
import { encodeSignalEnvelope, type PeerFrame, type SignalEnvelope } from '../../../common/peer-wire.ts';
import type { Username } from '../../../common/username.ts';
import type { PeerIdentities, TrustVerdict } from '../identity/peer-identities.ts';
import { exchangeProofs } from './proof-exchange.ts';
import type { SignalingClient } from '../signaling/signaling-client.ts';
import { backoffDelay } from '../util/backoff.ts';
import { Emitter } from '../util/emitter.ts';
import { randomId } from '../util/random-id.ts';
import type { BulkChannel } from './bulk-channel.ts';
import { FrameBudget } from './frame-budget.ts';
import type { PeerLink, PeerLinkFactory, Route } from './peer-link.ts';

/**
 * `connecting` lasts until the link is open and the peer has proven its identity; `held` is a link
 * that is open but carries nothing private, because the peer's identity key changed (until the
 * user accepts the new one, `acceptNewKey`). A link whose proof does not fit it ends `failed`.
 */
export const LINK_STATES = ['connecting', 'open', 'held', 'failed', 'closed'] as const;
export type LinkState = (typeof LINK_STATES)[number];

export interface PeerSessionsOptions {
  /** A link not open after this long is torn down and retried. Default 10000. */
  connectTimeoutMs?: number;
  /** Attempts before the state becomes `failed` (a user `connect()` starts over). Default 5. */
  maxAttempts?: number;
}

type SessionEvents = {
  state: (peer: Username, state: LinkState) => void;
  /** Once a link is open: whether it runs direct or through a TURN relay. */
  route: (peer: Username, route: Route) => void;
  /** A frame from `peer`, within what the link may deliver (`FrameBudget`). */
  frame: (peer: Username, frame: PeerFrame) => void;
};

interface Session {
  peer: Username;
  link: PeerLink | null;
  sid: string | null;
  state: LinkState;
  attempts: number;
  timer?: ReturnType<typeof setTimeout>;
  /**
   * Whether this side asked for the link (`connect`), or a link to this peer has opened once: from
   * then on it is a conversation both sides have, and a break is retried from here too. Until then
   * a link only the peer asked for is theirs to keep up: it is not retried from here, and while
   * connecting it counts against `PEER_LIMITS.maxUnsolicitedLinks`.
   */
  wanted: boolean;
  /**
   * Frames the peer sent on the current link after its proof, while ours was still judging it (the
   * peer's side may open first): delivered once the link opens, dropped if it does not.
   */
  early: PeerFrame[];
  /** The current link's file channel, once the peer has proven its key on that connection too. */
  bulk: Promise<BulkChannel> | null;
}

/** Early frames kept per link; an honest peer sends a few (its outbox is paced), so more are dropped. */
const MAX_EARLY_FRAMES = 256;

/**
 * One peer connection per pair of users, set up on demand through the signaling relay.
 *
 * Glare (both sides opening at once) cannot happen: the user whose name key sorts first always
 * makes the offer. The other side, when it wants a connection, sends a `request` and waits for the
 * offer. Every attempt carries a fresh session id, so late signals from an abandoned attempt (or
 * from before the other side reloaded) are recognised and dropped instead of corrupting a new one.
 *
 * Anyone online can offer us a link or ask for one, and a peer can send whatever frames it likes,
 * so: links nobody here asked for are bounded while they connect (each costs peer connections,
 * of which a browser allows only so many), every frame is held to the link's `FrameBudget`, and a
 * link whose peer keeps flooding is closed, its peer's new links refused for a while.
 */
export class PeerSessions extends Emitter<SessionEvents> {
  readonly #sessions = new Map<string, Session>();
  /** Peers whose links were closed for flooding, by name key: until when their offers are ignored. */
  readonly #refused = new Map<string, number>();
  readonly #timeoutMs: number;
  readonly #maxAttempts: number;

  constructor(
    private readonly signaling: SignalingClient,
    private readonly createLink: PeerLinkFactory,
    private readonly identities: PeerIdentities,
    options: PeerSessionsOptions = {},
  ) {
    super();
    this.#timeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#maxAttempts = options.maxAttempts ?? 5;
    signaling.on('signal', (from, envelope) => this.#onSignal(from, envelope));
    signaling.on('user-left', (peer) => {
      this.#refused.delete(peer.key);
      // A name that left and came back in one presence batch (a reload) is listed again by the end
      // of it, and its new page may have made a link already: that one stays. A link to the old page
      // closes by itself.
      queueMicrotask(() => {
        if (!signaling.isOnline(peer)) this.close(peer);
      });
    });
    // Links that gave up while the server was unreachable (no way to signal) get a fresh start.
    signaling.on('state', (state) => {
      if (state !== 'joined') return;
      for (const session of this.#sessions.values()) {
        if (session.state === 'failed' && signaling.isOnline(session.peer)) this.connect(session.peer);
      }
    });
  }

  state(peer: Username): LinkState | undefined {
    return this.#sessions.get(peer.key)?.state;
  }

  /** Opens (or keeps) the connection to `peer`; after `failed` it starts over. Ours to ask for, even with a peer that flooded us. */
  connect(peer: Username): void {
    const session = this.#session(peer);
    session.wanted = true;
    this.#refused.delete(peer.key);
    if (session.link?.state === 'open' || (session.state === 'connecting' && session.timer)) return;
    session.attempts = 0;
    this.#attempt(session);
  }

  /** Sends a frame to `peer` over the data channel; false when the link is not open (or not proven yet). */
  send(peer: Username, frame: PeerFrame): boolean {
    const session = this.#sessions.get(peer.key);
    return session?.state === 'open' ? (session.link?.send(frame) ?? false) : false;
  }

  /** The open link's bulk channel (for file bytes), once proven like the link; null without an open link. */
  bulk(peer: Username): Promise<BulkChannel> | null {
    const session = this.#sessions.get(peer.key);
    return session?.state === 'open' ? session.bulk : null;
  }

  /**
   * Takes the new identity key `peer` presented on a held link as theirs from now on, and opens a
   * fresh link with it, so that what the peer sent while this side held the old one comes again.
   */
  async acceptNewKey(peer: Username): Promise<void> {
    if (!(await this.identities.acceptNewKey(peer))) return;
    const session = this.#sessions.get(peer.key);
    if (session?.state !== 'held') return;
    session.attempts = 0;
    this.#attempt(session);
  }

  route(peer: Username): Promise<Route | undefined> {
    return this.#sessions.get(peer.key)?.link?.route() ?? Promise.resolve(undefined);
  }

  /** Closes the connection to `peer` and forgets it. */
  close(peer: Username): void {
    const session = this.#sessions.get(peer.key);
    if (!session) return;
    this.#sessions.delete(peer.key);
    clearTimeout(session.timer);
    this.#dropLink(session);
    this.#setState(session, 'closed');
  }

  closeAll(): void {
    for (const session of [...this.#sessions.values()]) this.close(session.peer);
  }

  /** Closes every connection, giving what was just sent on it time to go out (`PeerLink.close`). */
  async closeAllFlushed(): Promise<void> {
    const links: PeerLink[] = [];
    for (const session of [...this.#sessions.values()]) {
      if (session.link) links.push(session.link);
      // Detached first: their closing is ours, not a failure to retry.
      session.link = null;
      this.close(session.peer);
    }
    await Promise.all(links.map((link) => link.close()));
  }

  #session(peer: Username): Session {
    let session = this.#sessions.get(peer.key);
    if (!session) {
      session = { peer, link: null, sid: null, state: 'closed', attempts: 0, wanted: false, early: [], bulk: null };
      this.#sessions.set(peer.key, session);
    }
    return session;
  }

  #isOfferer(session: Session): boolean {
    return (this.signaling.me?.key ?? '') < session.peer.key;
  }

  #attempt(session: Session): void {
    session.attempts += 1;
    this.#setState(session, 'connecting');
    if (this.#isOfferer(session)) {
      this.#startLink(session, randomId(), true);
    } else {
      this.#dropLink(session);
      this.#sendEnvelope(session, { kind: 'request' });
    }
    this.#arm(session, () => this.#onFailure(session), this.#timeoutMs);
  }

  /** Replaces the session's one timer (connect timeout or retry backoff). */
  #arm(session: Session, callback: () => void, ms: number): void {
    clearTimeout(session.timer);
    session.timer = setTimeout(callback, ms);
  }

  /** Detaches the link before destroying it, so its own 'close' does not count as a failure. */
  #dropLink(session: Session): void {
    const link = session.link;
    session.link = null;
    link?.destroy();
  }

  #startLink(session: Session, sid: string, initiator: boolean): void {
    this.#dropLink(session);
    let link: PeerLink;
    try {
      link = this.createLink({ initiator, ...this.signaling.rtcConfig });
    } catch {
      // A platform with no WebRTC (some in-app browsers) cannot make links at all: no retries.
      session.attempts = this.#maxAttempts;
      this.#setState(session, 'failed');
      return;
    }
    session.link = link;
    session.sid = sid;
    session.early = [];
    session.bulk = null;
    link.on('signal', (signal) => this.#sendEnvelope(session, { kind: 'session', sid, signal }));
    link.on('open', () => {
      // A proof that cannot be judged (storage failing, say) is a link that failed: it is retried.
      if (session.link === link) void this.#verify(session, link).catch(() => session.link === link && this.#onFailure(session));
    });
    const budget = new FrameBudget();
    link.on('frame', (frame) => {
      if (session.link !== link) return;
      const verdict = budget.judge(frame);
      if (verdict === 'close') return this.#refuseFor(session.peer, PEER_LIMITS.floodCooldownMs);
      // Nothing is delivered from a link before its proof holds (the identity frame is the proof's own).
      if (verdict !== 'take' || frame.t === 'identity') return;
      if (session.state === 'open') this.emit('frame', session.peer, frame);
      else if (session.state === 'connecting' && session.early.length < MAX_EARLY_FRAMES) session.early.push(frame);
    });
    link.on('close', () => {
      if (session.link === link) this.#onFailure(session);
    });
  }

  /**
   * The identity exchange on a link that just opened (`identity/link-proof.ts`): each side sends
   * its proof first, and the link counts as open only once the peer's holds. The connect timer
   * keeps running meanwhile: a peer that never proves itself is a link that never opened.
   */
  async #verify(session: Session, link: PeerLink): Promise<void> {
    const me = this.signaling.me;
    if (!me) return;
    const proof = { identities: this.identities, me, peer: session.peer, link };
    // Both exchanges listen from now: the peer's file connection may open, and its proof come, before ours.
    const bulkVerdict = exchangeProofs({ ...proof, lane: 'bulk', ready: link.bulk });
    bulkVerdict.catch(() => {});
    const verdict = await exchangeProofs({ ...proof, lane: 'chat' });
    if (verdict === 'forged') return this.#someoneInTheMiddle(session);
    if (session.link !== link) return;
    clearTimeout(session.timer);
    session.timer = undefined;
    session.wanted = true;
    const early = session.early.splice(0);
    if (verdict === 'key-changed') return this.#setState(session, 'held');
    session.bulk = this.#provenBulk(session, link, verdict, bulkVerdict);
    session.bulk.catch(() => {});
    session.attempts = 0;
    this.#setState(session, 'open');
    for (const frame of early) if (session.link === link) this.emit('frame', session.peer, frame);
    void link.route().then((route) => {
      if (session.link === link && route) this.emit('route', session.peer, route);
    });
  }

  /**
   * The link's file channel, once its own connection's proof gives the chat's verdict. Anything
   * else means that connection, negotiated through the server too, has someone in the middle: the
   * link is dropped like a forged one, and no file byte goes on it.
   */
  async #provenBulk(session: Session, link: PeerLink, chat: TrustVerdict, bulk: Promise<TrustVerdict>): Promise<BulkChannel> {
    const channel = await link.bulk;
    if ((await bulk) === chat) return channel;
    this.#someoneInTheMiddle(session);
    throw new Error('the file connection is not the one the peer vouches for');
  }

  /**
   * A connection with `session`'s peer has someone in the middle: drop the link, and do not try
   * again by ourselves (the same server would do the same; the user can still ask to). Also when
   * the verdict comes from a link already replaced: the other side, seeing it first, may have
   * closed that link, and a retry would go through the same server.
   */
  #someoneInTheMiddle(session: Session): void {
    if (this.#sessions.get(session.peer.key) !== session) return;
    clearTimeout(session.timer);
    session.timer = undefined;
    this.#dropLink(session);
    session.attempts = this.#maxAttempts;
    this.#setState(session, 'failed');
  }

  #onFailure(session: Session): void {
    if (this.#sessions.get(session.peer.key) !== session) return;
    clearTimeout(session.timer);
    session.timer = undefined;
    this.#dropLink(session);
    if (!session.wanted || (!this.signaling.isOnline(session.peer) && this.signaling.state === 'joined')) {
      return this.close(session.peer);
    }
    if (session.attempts >= this.#maxAttempts) return this.#setState(session, 'failed');
    this.#setState(session, 'connecting');
    this.#arm(session, () => this.#attempt(session), backoffDelay(session.attempts, 200, 3000));
  }

  #onSignal(from: Username, envelope: SignalEnvelope): void {
    if (envelope.kind === 'call') return; // the call service's
    if (this.#isRefused(from)) return;
    const session = this.#session(from);
    if (envelope.kind === 'request') {
      // The other side has no working link to us. Unless an offer of ours is already on its way, start one.
      if (!this.#isOfferer(session)) return;
      // A link of ours still connecting, or open and proving itself, is that offer.
      if (session.state === 'connecting' && session.link && session.link.state !== 'closed' && session.timer) return;
      if (!this.#roomFor(session)) return;
      session.attempts = 0;
      return this.#attempt(session);
    }
    if (envelope.sid !== session.sid) {
      // Only a fresh offer starts a new attempt, and only the answering side follows it; anything
      // else with an unknown id is a leftover of an abandoned attempt.
      if (this.#isOfferer(session) || envelope.signal.lane !== 'chat' || envelope.signal.data.type !== 'offer') return;
      if (!this.#roomFor(session)) return;
      this.#startLink(session, envelope.sid, false);
      this.#setState(session, 'connecting');
      this.#arm(session, () => this.#onFailure(session), this.#timeoutMs);
    }
    session.link?.signal(envelope.signal);
  }

  /**
   * Whether a new link for `session` may start: always for one we asked for; for one only the
   * peer asked for, while fewer than `maxUnsolicitedLinks` such links are connecting. Past that,
   * the peer's offer is ignored, and it retries as for any lost offer.
   */
  #roomFor(session: Session): boolean {
    if (session.wanted || session.state === 'connecting') return true;
    let connecting = 0;
    for (const other of this.#sessions.values()) if (!other.wanted && other.state === 'connecting') connecting++;
    if (connecting < PEER_LIMITS.maxUnsolicitedLinks) return true;
    if (!session.link) this.#sessions.delete(session.peer.key);
    return false;
  }

  /** Closes the link to a peer that flooded it, and ignores the peer's signals for `ms` (unless we ask for a link). */
  #refuseFor(peer: Username, ms: number): void {
    this.#refused.set(peer.key, performance.now() + ms);
    this.close(peer);
  }

  #isRefused(peer: Username): boolean {
    const until = this.#refused.get(peer.key);
    if (until === undefined) return false;
    if (performance.now() < until) return true;
    this.#refused.delete(peer.key);
    return false;
  }

  #sendEnvelope(session: Session, envelope: SignalEnvelope): void {
    this.signaling.send({ type: 'signal', to: session.peer.display, data: encodeSignalEnvelope(envelope) });
  }

  #setState(session: Session, state: LinkState): void {
    if (session.state === state) return;
    session.state = state;
    this.emit('state', session.peer, state);
  }
}
