/**
 * A chat peer without a browser: joins the server, keeps the user list, and opens peer-to-peer
 * links over real WebRTC (`@roamhq/wrtc`). Used by the command-line peer and by tests.
 */
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import { sameUser, toUsername, type Username } from '../../common/username.ts';
import { NO_MEDIA } from '../core/call/media-port.ts';
import { createChatServices, type ChatServices, type ChatServicesOptions } from '../core/chat-services.ts';
import { ephemeralIdentity } from '../core/identity/identity-key.ts';
import { MemoryKnownKeys } from '../core/identity/known-keys.ts';
import type { PeerSessionsOptions } from '../core/peers/peer-sessions.ts';
import { simplePeerLinks } from '../core/peers/simple-peer-link.ts';
import type { SocketLike } from '../core/signaling/socket-like.ts';
import type { EngineOptions } from '../core/transfer/transfer-info.ts';
import { nativeHashing } from './native-hashing.ts';

export interface HeadlessPeerOptions extends PeerSessionsOptions, Partial<Pick<ChatServicesOptions, 'identity' | 'knownKeys'>> {
  transfer?: EngineOptions;
}

export class HeadlessPeer {
  readonly signaling: ChatServices['signaling'];
  readonly sessions: ChatServices['sessions'];
  readonly identities: ChatServices['identities'];
  readonly chat: ChatServices['chat'];
  readonly transfers: ChatServices['transfers'];
  readonly calls: ChatServices['calls'];

  /** Without `identity` and `knownKeys`, a new identity that lives and dies with the process, and no keys known. */
  private constructor(url: string, { transfer, identity = ephemeralIdentity(), knownKeys = new MemoryKnownKeys(), ...options }: HeadlessPeerOptions) {
    ({ signaling: this.signaling, sessions: this.sessions, identities: this.identities, chat: this.chat, transfers: this.transfers, calls: this.calls } =
      createChatServices({
        url,
        identity,
        knownKeys,
        openSocket: (u) => new WebSocket(u) as unknown as SocketLike,
        media: NO_MEDIA,
        links: simplePeerLinks(wrtc),
        transfer: { hashing: nativeHashing, ...transfer },
        ...options,
      }));
  }

  /** Joins the server at `url` (the ws endpoint, e.g. `ws://127.0.0.1:8080/ws`) as `name`. */
  static async join(url: string, name: string, options: HeadlessPeerOptions = {}): Promise<HeadlessPeer> {
    const peer = new HeadlessPeer(url, options);
    await peer.signaling.join(name);
    return peer;
  }

  /** Opens the link to `name` and resolves once it is open; rejects if it fails or `name` leaves. */
  async connect(name: string | Username): Promise<void> {
    const peer = typeof name === 'string' ? toUsername(name) : name;
    if (this.sessions.state(peer) === 'open') return;
    const settled = this.sessions.next('state', (who, state) => sameUser(who, peer) && state !== 'connecting');
    this.sessions.connect(peer);
    const [, state] = await settled;
    if (state !== 'open') throw new Error(`peer link to ${peer.display} failed`);
  }

  /** Resolves once `name` is online (at once if they already are). */
  async waitFor(name: string | Username): Promise<void> {
    const peer = typeof name === 'string' ? toUsername(name) : name;
    if (this.signaling.isOnline(peer)) return;
    await this.signaling.next('users', () => this.signaling.isOnline(peer));
  }

  /** Leaves: ends calls, closes each link once what was just sent on it has had time to go out, then leaves the server. */
  async close(): Promise<void> {
    this.calls.hangUp();
    await this.sessions.closeAllFlushed();
    this.signaling.close();
  }
}
