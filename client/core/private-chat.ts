import { parseChatFrame, type ChatFrame } from '../../common/chat-wire.ts';
import { usernameKey } from '../../common/username.ts';
import { Emitter } from './emitter.ts';
import type { PeerSessions } from './peer-sessions.ts';

export interface OutgoingMessage {
  id: string;
  text: string;
  at: number;
}

type PrivateChatEvents = {
  /** A message from `peer` (each id once per session; resends after a reconnect are absorbed). */
  received: (peer: string, message: OutgoingMessage) => void;
  /** Our message was written to an open data channel. */
  sent: (peer: string, id: string) => void;
  /** The peer acknowledged our message. */
  delivered: (peer: string, id: string) => void;
  typing: (peer: string, on: boolean) => void;
};

/**
 * Private text over the peer links, never through the server. Every message waits in an outbox
 * until the peer acknowledges it, and is sent again whenever the link (re)opens, so nothing is lost
 * to a drop; the receiver recognises resends by id.
 */
export class PrivateChat extends Emitter<PrivateChatEvents> {
  readonly #outbox = new Map<string, Map<string, OutgoingMessage>>();
  readonly #seen = new Map<string, Set<string>>();

  constructor(private readonly sessions: PeerSessions) {
    super();
    sessions.on('state', (peer, state) => {
      if (state === 'open') this.#flush(peer);
    });
    sessions.on('message', (peer, raw) => {
      const frame = parseChatFrame(raw);
      if (frame) this.#onFrame(peer, frame);
    });
  }

  /** Queues `message` for `peer`, opening the link if needed. Also used to resend after a reload. */
  send(peer: string, message: OutgoingMessage): void {
    const key = usernameKey(peer);
    let queue = this.#outbox.get(key);
    if (!queue) this.#outbox.set(key, (queue = new Map()));
    queue.set(message.id, message);
    // On an open link only the new message goes out; the rest of the outbox waits for its acks,
    // and all of it goes again when the link reopens.
    if (this.sessions.state(peer) !== 'open') this.sessions.connect(peer);
    else if (this.#write(peer, { t: 'msg', ...message })) this.emit('sent', peer, message.id);
  }

  setTyping(peer: string, on: boolean): void {
    this.#write(peer, { t: 'typing', on });
  }

  #flush(peer: string): void {
    for (const message of this.#outbox.get(usernameKey(peer))?.values() ?? []) {
      if (this.#write(peer, { t: 'msg', ...message })) this.emit('sent', peer, message.id);
    }
  }

  #write(peer: string, frame: ChatFrame): boolean {
    return this.sessions.send(peer, JSON.stringify(frame));
  }

  #onFrame(peer: string, frame: ChatFrame): void {
    const key = usernameKey(peer);
    switch (frame.t) {
      case 'msg': {
        this.#write(peer, { t: 'ack', id: frame.id });
        let seen = this.#seen.get(key);
        if (!seen) this.#seen.set(key, (seen = new Set()));
        if (seen.has(frame.id)) return;
        seen.add(frame.id);
        this.emit('typing', peer, false);
        this.emit('received', peer, { id: frame.id, text: frame.text, at: frame.at });
        return;
      }
      case 'ack':
        if (this.#outbox.get(key)?.delete(frame.id)) this.emit('delivered', peer, frame.id);
        return;
      case 'typing':
        this.emit('typing', peer, frame.on);
        return;
    }
  }
}
