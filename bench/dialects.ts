/**
 * The two signaling protocols the load generator speaks: ours (`common/protocol.ts`) and PeerJS's
 * (`peer` package: `OPEN` on connect, `{type, dst, payload}` relayed with `src` added). Only what
 * a benchmark client needs: join, relay, and the keepalive a real client sends.
 */
import { PROTOCOL_VERSION } from '../common/protocol.ts';
import type { DialectName } from './load-ipc.ts';

export interface Dialect {
  /** The WebSocket URL for the client called `name`, given the server's socket endpoint. */
  url(endpoint: string, name: string): string;
  /** The frame sent once the socket opens, if the protocol joins by message; `resume` reclaims a name held for it. */
  hello(name: string, resume?: string): string | null;
  /** The frame type that says the client is in. */
  joined: string;
  /** Given that frame: what a real client of this protocol sends once in, if anything, and the token that reclaims its name. */
  welcomed: ((frame: Buffer) => { followUp: string | null; resume?: string }) | null;
  /** Frame types that say it is not. */
  refused: readonly string[];
  /** The type of a relayed signal as it arrives. */
  relayType: string;
  relay(to: string, payload: object): string;
  /** Who sent a relayed signal (to answer them). */
  relaySource(frame: Record<string, unknown>): string;
  /** A broadcast to everyone, where the protocol has one. */
  broadcast: ((text: string) => string) | null;
  /** What an idle client sends, and how often, to stay connected; null when the server pings. */
  keepalive: { frame: string; everyMs: number } | null;
}

const ours: Dialect = {
  url: (endpoint) => endpoint,
  hello: (name, resume) => JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, name, resume }),
  joined: 'welcome',
  // A client that shows the welcome's page has nothing more to say: the server watches that page for it.
  welcomed: (frame) => ({ followUp: null, resume: (JSON.parse(frame.toString()) as { resume: string }).resume }),
  refused: ['rejected'],
  relayType: 'signal',
  relay: (to, data) => JSON.stringify({ type: 'signal', to, data }),
  relaySource: (frame) => String(frame.from),
  broadcast: (text) => JSON.stringify({ type: 'broadcast', text }),
  // The server pings every socket (HEARTBEAT_MS); `ws` answers the pings by itself.
  keepalive: null,
};

const peerjs: Dialect = {
  url: (endpoint, name) => `${endpoint}?key=peerjs&id=${encodeURIComponent(name)}&token=t${name}`,
  hello: () => null,
  joined: 'OPEN',
  welcomed: null,
  refused: ['ERROR', 'ID-TAKEN'],
  relayType: 'CANDIDATE',
  relay: (dst, payload) => JSON.stringify({ type: 'CANDIDATE', dst, payload }),
  relaySource: (frame) => String(frame.src),
  broadcast: null,
  // The PeerJS client library sends this every 5 s (its `pingInterval`); the server drops a client
  // silent for `alive_timeout`.
  keepalive: { frame: JSON.stringify({ type: 'HEARTBEAT' }), everyMs: 5000 },
};

export const DIALECT_BY_NAME: Record<DialectName, Dialect> = { ours, peerjs };
