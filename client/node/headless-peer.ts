/**
 * A chat peer without a browser: joins the server, keeps the user list, and opens peer-to-peer
 * links over real WebRTC (`@roamhq/wrtc`). Used by the command-line peer and by tests.
 */
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import { usernameKey } from '../../common/username.ts';
import { PeerSessions, type PeerSessionsOptions } from '../core/peer-sessions.ts';
import { SignalingClient, type SocketLike } from '../core/signaling-client.ts';
import type { EngineOptions } from '../core/transfer/transfer-info.ts';
import { TransferService } from '../core/transfer/transfer-service.ts';

export interface HeadlessPeerOptions extends PeerSessionsOptions {
  transfer?: EngineOptions;
}

export class HeadlessPeer {
  readonly signaling: SignalingClient;
  readonly sessions: PeerSessions;
  readonly transfers: TransferService;

  private constructor(url: string, options: HeadlessPeerOptions) {
    this.signaling = new SignalingClient(url, (u) => new WebSocket(u) as unknown as SocketLike);
    this.sessions = new PeerSessions(this.signaling, { ...options, link: { wrtc, ...options.link } });
    this.transfers = new TransferService(this.sessions, options.transfer);
  }

  /** Joins the server at `url` (the ws endpoint, e.g. `ws://127.0.0.1:8080/ws`) as `name`. */
  static async join(url: string, name: string, options: HeadlessPeerOptions = {}): Promise<HeadlessPeer> {
    const peer = new HeadlessPeer(url, options);
    await peer.signaling.join(name);
    return peer;
  }

  /** Opens the link to `name` and resolves once it is open; rejects if it fails or `name` leaves. */
  async connect(name: string): Promise<void> {
    if (this.sessions.state(name) === 'open') return;
    const settled = this.sessions.next('state', (who, state) => usernameKey(who) === usernameKey(name) && state !== 'connecting');
    this.sessions.connect(name);
    const [, state] = await settled;
    if (state !== 'open') throw new Error(`peer link to ${name} failed`);
  }

  /** Resolves once `name` is online (at once if they already are). */
  async waitFor(name: string): Promise<void> {
    if (this.signaling.isOnline(name)) return;
    await this.signaling.next('users', () => this.signaling.isOnline(name));
  }

  close(): void {
    this.sessions.closeAll();
    this.signaling.close();
  }
}
