import type { PresenceChange } from '../presence-batcher.ts';
import { UserDirectory } from '../user-directory.ts';
import type { PresenceMessage } from './redis-wire.ts';

/**
 * One process's copy of the cluster-wide user list, kept current from the ordered stream of
 * presence messages, so a welcome, a page or a search never asks Redis. Every real change is passed on (to the
 * presence batcher); a message that changes nothing (a replay, a join already in a snapshot) is not.
 *
 * The stream can have gaps (Redis reconnects), so the mirror can be paused: messages then wait
 * until `reset` installs a fresh snapshot, after which only those newer than it are applied.
 */
export class PresenceMirror {
  #users = new UserDirectory();
  #seq = 0;
  /** Messages waiting for a snapshot; null while live. It starts paused: there is no snapshot yet. */
  #waiting: PresenceMessage[] | null = [];

  /**
   * @param changed a name really came or went.
   * @param settled a message has been applied (or found already covered by the snapshot).
   */
  constructor(
    private readonly changed: (change: PresenceChange) => void,
    private readonly settled: (message: PresenceMessage) => void,
  ) {}

  get paused(): boolean {
    return this.#waiting !== null;
  }

  /** One message from the stream, in stream order. */
  receive(message: PresenceMessage): void {
    if (this.#waiting) this.#waiting.push(message);
    else this.#apply(message);
  }

  /** Holds messages back until the next `reset`: the stream is about to have a gap. */
  pause(): void {
    this.#waiting ??= [];
  }

  /**
   * Installs a snapshot current to `seq`, passes on how it differs, then applies the newer waiting
   * messages. With `keepMissing`, names the snapshot lacks are kept, unannounced: right after a
   * Redis restart, other processes may not have re-asserted their users yet (a later plain reset
   * settles it).
   */
  reset(seq: number, users: Map<string, string>, { keepMissing = false } = {}): void {
    if (keepMissing) {
      for (const [key, name] of this.#users.entries()) if (!users.has(key)) users.set(key, name);
    }
    for (const [key, name] of this.#users.entries()) {
      if (users.get(key) !== name) this.changed({ kind: 'left', key, name });
    }
    const directory = new UserDirectory();
    for (const [key, name] of users) {
      if (this.#users.get(key) !== name) this.changed({ kind: 'joined', key, name });
      directory.set(key, name);
    }
    this.#users = directory;
    this.#seq = seq;
    const waiting = this.#waiting ?? [];
    this.#waiting = null;
    for (const message of waiting) this.#apply(message);
  }

  /** Adds a name without passing it on: its owner knows of it already (a claim whose message is late). */
  ensure(key: string, name: string): void {
    if (this.#users.get(key) === undefined) this.#users.set(key, name);
  }

  /** Everyone online, in name order. */
  get directory(): UserDirectory {
    return this.#users;
  }

  #apply(message: PresenceMessage): void {
    // Anything up to the snapshot's number is in it already.
    if (message.seq > this.#seq) {
      this.#seq = message.seq;
      for (const change of message.changes) this.#change(change);
    }
    this.settled(message);
  }

  #change(change: PresenceChange): void {
    const known = this.#users.get(change.key);
    if (change.kind === 'left') {
      if (known === undefined) return;
      this.#users.delete(change.key);
      this.changed({ ...change, name: known });
      return;
    }
    if (known === change.name) return;
    if (known !== undefined) this.changed({ kind: 'left', key: change.key, name: known });
    this.#users.set(change.key, change.name);
    this.changed(change);
  }
}
