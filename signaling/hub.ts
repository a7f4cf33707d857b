import type { CloseCode } from '../common/close-codes.ts';
import type { ServerMessage, User } from '../common/protocol.ts';
import type { Username } from '../common/username.ts';
import type { DirectoryPage } from './user-directory.ts';

/** A frame's JSON text, or the same text already encoded as UTF-8 (a broadcast is encoded once for every socket). */
export type Frame = string | Buffer;

/** One local WebSocket as the hub sees it: somewhere to put frames, and a way to end it. */
export interface Endpoint {
  readonly id: string;
  /** The protocol version its client said hello with: from 2 on, it can be moved to a paged room's presence. */
  readonly protocol: number;
  send(frame: Frame): void;
  /** A frame for everyone: a reader far behind skips it (and is told how many it missed) rather than be dropped. */
  sendBroadcast(frame: Frame): void;
  /** Ends the connection, e.g. when a resumed session replaces a stale socket. */
  close(code: CloseCode, reason: string): void;
}

export type ClaimResult =
  /**
   * `you` is the name as others know it (a resume keeps the original spelling). `users` is
   * everyone online, or with `paged` (more than the full-list threshold online) the first page.
   */
  | { ok: true; you: string; users: User[]; online: number; paged: boolean; resume: string; resumed: boolean }
  /** `unavailable`: a shared store (Redis) could not be reached to decide. */
  | { ok: false; code: 'username-taken' | 'unavailable' };

export interface DirectoryQuery {
  prefix?: string;
  after?: string;
  limit: number;
}

/**
 * The rules of who is online, behind one seam: the in-memory hub serves one process, a Redis
 * hub serves several. Presence frames (`presence`, batched by a `PresenceBatcher`) are the hub's
 * job, since only the hub knows when a name really comes and goes.
 */
export interface Hub {
  /** Whether the hub can serve joins now (the Redis hub: connected to Redis). `/readyz` reports it. */
  readonly ready: boolean;
  /**
   * Claims `name` for `endpoint`, atomically. A name still held for a dropped connection can be
   * reclaimed only with its resume token; the stale socket, if any, is closed. The caller sends
   * the returned `users` to the endpoint before it next yields to the event loop: presence frames
   * from then on carry only what changed after that list.
   */
  claim(name: Username, endpoint: Endpoint, resume?: string): Promise<ClaimResult>;
  /**
   * `endpoint` is gone: it hears no more presence, and the name is released if it still owns it.
   * With `grace`, the name stays reserved for the resume grace period first (the client dropped;
   * it may come back).
   */
  release(key: string, endpoint: Endpoint, options: { grace: boolean }): Promise<void>;
  /** Everyone online, including names held in their grace period. */
  users(): Promise<User[]>;
  /** A page of everyone online, in name-key order: `prefix` and `after` are keys (see `usernameKey`). */
  directory(query: DirectoryQuery): Promise<DirectoryPage>;
  /**
   * `endpoint` (welcomed with a page) hears from now on of `names` (as a client sent them: folded
   * here, invalid ones left out), and only those; returns those online now. As with `claim`, the
   * caller sends that before it next yields.
   */
  watch(endpoint: Endpoint, names: readonly string[]): Promise<User[]>;
  /** Delivers to one user; false when that user is not connected. */
  deliver(key: string, message: ServerMessage): Promise<boolean>;
  /** Delivers to every connected user except `exceptKey`. */
  broadcast(message: ServerMessage, exceptKey?: string): Promise<void>;
  close(): Promise<void>;
}
