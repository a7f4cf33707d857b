/**
 * A chat peer without a browser: joins the server, keeps the user list, and opens peer-to-peer
 * links over real WebRTC (`@roamhq/wrtc`). Used by the command-line peer and by tests.
 */
import wrtc from '@roamhq/wrtc';
import { WebSocket } from 'ws';
import { PeerSessions, type PeerSessionsOptions } from '../peer-sessions.ts';
import { SignalingClient, type SocketLike } from '../signaling-client.ts';

export class HeadlessPeer {
  readonly signaling: SignalingClient;
  readonly sessions: PeerSessions;

  private constructor(url: string, options: PeerSessionsOptions) {
    this.signaling = new SignalingClient(url, (u) => new WebSocket(u) as unknown as SocketLike);
    this.sessions = new PeerSessions(this.signaling, { ...options, link: { wrtc, ...options.link } });
  }

  /** Joins the server at `url` (the ws endpoint, e.g. `ws://127.0.0.1:8080/ws`) as `name`. */
  static async join(url: string, name: string, options: PeerSessionsOptions = {}): Promise<HeadlessPeer> {
    const peer = new HeadlessPeer(url, options);
    await peer.signaling.join(name);
    return peer;
  }

  /** Opens the link to `name` and resolves once it is open; rejects if it ends up failed. */
  async connect(name: string): Promise<void> {
    if (this.sessions.state(name) === 'open') return;
    const settled = this.sessions.next('state', (who, state) => who === name && (state === 'open' || state === 'failed'));
    this.sessions.connect(name);
    const [, state] = await settled;
    if (state !== 'open') throw new Error(`peer link to ${name} failed`);
  }

  close(): void {
    this.sessions.closeAll();
    this.signaling.close();
  }
}
