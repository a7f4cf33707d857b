import { PEER_LIMITS } from '../../../common/limits.ts';
import { isChatFrame, type ChatFrame } from '../../../common/peer-wire.ts';
import { TokenBucket } from '../../../common/token-bucket.ts';
import type { Username } from '../../../common/username.ts';
import type { PeerSessions } from '../peers/peer-sessions.ts';
import type { SignalingClient } from '../signaling/signaling-client.ts';
import { Emitter } from '../util/emitter.ts';
import { receivedAt } from './message-time.ts';

export interface OutgoingMessage {
  id: string;
  text: string;
  at: number;
}

type PrivateChatEvents = {
  /** A message from `peer` (each id once per session; resends after a reconnect are absorbed), its time believed only near ours (`receivedAt`). */
  received: (peer: Username, message: OutgoingMessage) => void;
  /** Our message was written to an open data channel. */
  sent: (peer: Username, id: string) => void;
  /** The peer acknowledged our message. */
  delivered: (peer: Username, id: string) => void;
  typing: (peer: Username, on: boolean) => void;
};

/**
 * How fast the outbox goes out on a link. The receiver takes messages at `PEER_LIMITS`' rate and
 * drops the rest (they would wait for the next link), so a long outbox, written while the peer was
 * away, is paced below it, leaving room for typing marks and offers, and for frames that arrive
 * closer together than they were sent.
 */
const pace = () => new TokenBucket(PEER_LIMITS.shownFramesPerSec * 0.8, PEER_LIMITS.shownFrameBurst * 0.8);
/** Ids of received messages remembered per peer, to absorb resends: the newest this many. */
const SEEN_IDS = 4096;

interface Queued {
  message: OutgoingMessage;
  /** Sent on the current link (and not yet acknowledged). */
  sent: boolean;
}

interface Outbox {
  /** By message id, oldest first. */
  queue: Map<string, Queued>;
  /** The pace of the current link. */
  rate: TokenBucket;
  /** Set while the outbox waits for the pace. */
  timer?: ReturnType<typeof setTimeout>;
}

/**
 * Private text over the peer links, never through the server. Every message waits in an outbox
 * until the peer acknowledges it, and is sent again whenever the link (re)opens — and the link is
 * opened again when an absent peer comes back online — so nothing is lost to a drop; the receiver
 * recognises resends by id.
 */
export class PrivateChat extends Emitter<PrivateChatEvents> {
  /** By the peer's name key. */
  readonly #outboxes = new Map<string, Outbox>();
  readonly #seen = new Map<string, Set<string>>();

  constructor(
    private readonly sessions: PeerSessions,
    signaling: SignalingClient,
  ) {
    super();
    // Sessions give up on someone offline; what waits for them goes once they are back.
    signaling.on('user-joined', (peer) => {
      if (this.#outboxes.get(peer.key)?.queue.size) sessions.connect(peer);
    });
    sessions.on('state', (peer, state) => {
      const outbox = this.#outboxes.get(peer.key);
      if (!outbox) return;
      clearTimeout(outbox.timer);
      outbox.timer = undefined;
      if (state !== 'open') return;
      // A new link: everything unacknowledged goes again, at the pace of a fresh budget.
      for (const queued of outbox.queue.values()) queued.sent = false;
      outbox.rate = pace();
      this.#flush(peer, outbox);
    });
    sessions.on('frame', (peer, frame) => {
      if (isChatFrame(frame)) this.#onFrame(peer, frame);
    });
  }

  /** Queues `message` for `peer`, opening the link if needed. Also used to resend after a reload. */
  send(peer: Username, message: OutgoingMessage): void {
    let outbox = this.#outboxes.get(peer.key);
    if (!outbox) this.#outboxes.set(peer.key, (outbox = { queue: new Map(), rate: pace() }));
    outbox.queue.set(message.id, { message, sent: false });
    // On an open link only new messages go out; the rest of the outbox waits for its acks, and all
    // of it goes again when the link reopens.
    if (this.sessions.state(peer) !== 'open') this.sessions.connect(peer);
    else this.#flush(peer, outbox);
  }

  setTyping(peer: Username, on: boolean): void {
    this.sessions.send(peer, { t: 'typing', on });
  }

  /** Sends what is not yet sent on this link, oldest first, at the pace; comes back when the pace allows more. */
  #flush(peer: Username, outbox: Outbox): void {
    if (outbox.timer) return;
    for (const queued of outbox.queue.values()) {
      if (queued.sent) continue;
      if (!outbox.rate.take()) {
        outbox.timer = setTimeout(() => {
          outbox.timer = undefined;
          this.#flush(peer, outbox);
        }, outbox.rate.msUntil());
        return;
      }
      if (!this.sessions.send(peer, { t: 'msg', ...queued.message })) return;
      queued.sent = true;
      this.emit('sent', peer, queued.message.id);
    }
  }

  #onFrame(peer: Username, frame: ChatFrame): void {
    switch (frame.t) {
      case 'msg': {
        this.sessions.send(peer, { t: 'ack', id: frame.id });
        let seen = this.#seen.get(peer.key);
        if (!seen) this.#seen.set(peer.key, (seen = new Set()));
        if (seen.has(frame.id)) return;
        seen.add(frame.id);
        // A Set iterates oldest first: forget the oldest id, so a long session stays bounded.
        if (seen.size > SEEN_IDS) seen.delete(seen.values().next().value!);
        this.emit('typing', peer, false);
        this.emit('received', peer, { id: frame.id, text: frame.text, at: receivedAt(frame.at, Date.now()) });
        return;
      }
      case 'ack':
        if (this.#outboxes.get(peer.key)?.queue.delete(frame.id)) this.emit('delivered', peer, frame.id);
        return;
      case 'typing':
        this.emit('typing', peer, frame.on);
        return;
    }
  }
}
