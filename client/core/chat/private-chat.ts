import { isChatFrame, type ChatFrame } from '../../../common/peer-wire.ts';
import type { Username } from '../../../common/username.ts';
import type { PeerSessions } from '../peers/peer-sessions.ts';
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
 * Private text over the peer links, never through the server. Every message waits in an outbox
 * until the peer acknowledges it, and is sent again whenever the link (re)opens, so nothing is lost
 * to a drop; the receiver recognises resends by id.
 */
export class PrivateChat extends Emitter<PrivateChatEvents> {
  /** By the peer's name key, then by message id. */
  readonly #outbox = new Map<string, Map<string, OutgoingMessage>>();
  readonly #seen = new Map<string, Set<string>>();

  constructor(private readonly sessions: PeerSessions) {
    super();
    sessions.on('state', (peer, state) => {
      if (state === 'open') this.#flush(peer);
    });
    sessions.on('frame', (peer, frame) => {
      if (isChatFrame(frame)) this.#onFrame(peer, frame);
    });
  }

  /** Queues `message` for `peer`, opening the link if needed. Also used to resend after a reload. */
  send(peer: Username, message: OutgoingMessage): void {
    let queue = this.#outbox.get(peer.key);
    if (!queue) this.#outbox.set(peer.key, (queue = new Map()));
    queue.set(message.id, message);
    // On an open link only the new message goes out; the rest of the outbox waits for its acks,
    // and all of it goes again when the link reopens.
    if (this.sessions.state(peer) !== 'open') this.sessions.connect(peer);
    else if (this.sessions.send(peer, { t: 'msg', ...message })) this.emit('sent', peer, message.id);
  }

  setTyping(peer: Username, on: boolean): void {
    this.sessions.send(peer, { t: 'typing', on });
  }

  #flush(peer: Username): void {
    for (const message of this.#outbox.get(peer.key)?.values() ?? []) {
      if (this.sessions.send(peer, { t: 'msg', ...message })) this.emit('sent', peer, message.id);
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
        this.emit('typing', peer, false);
        this.emit('received', peer, { id: frame.id, text: frame.text, at: receivedAt(frame.at, Date.now()) });
        return;
      }
      case 'ack':
        if (this.#outbox.get(peer.key)?.delete(frame.id)) this.emit('delivered', peer, frame.id);
        return;
      case 'typing':
        this.emit('typing', peer, frame.on);
        return;
    }
  }
}
