import { randomUUID } from 'node:crypto';
import { CLOSE_CODES } from '../common/close-codes.ts';
import type { ServerMessage, User } from '../common/protocol.ts';
import type { Username } from '../common/username.ts';
import type { ClaimResult, DirectoryQuery, Endpoint, Hub } from './hub.ts';
import { PresenceBatcher } from './presence-batcher.ts';
import { UserDirectory, type DirectoryPage } from './user-directory.ts';
import { watchNames, welcomeList } from './presence-lists.ts';

interface Entry {
  name: Username;
  token: string;
  /** Null while the name is held in its grace period. */
  endpoint: Endpoint | null;
  graceTimer?: NodeJS.Timeout;
}

/** The hub for a single process: everything in this process's memory, so every operation is trivially atomic. */
export class MemoryHub implements Hub {
  readonly #entries = new Map<string, Entry>();
  /** The same names in name order, for pages and searches. */
  readonly #directory = new UserDirectory();
  readonly #graceMs: number;
  readonly #fullListMax: number;
  readonly #presence = new PresenceBatcher();

  readonly ready = true;

  /**
   * @param options.graceMs how long a dropped connection's name stays reserved (RESUME_GRACE_MS).
   * @param options.fullListMax up to this many online, a welcome lists everyone (PRESENCE_FULL_LIST_MAX); default: always.
   */
  constructor(options: { graceMs: number; fullListMax?: number }) {
    this.#graceMs = options.graceMs;
    this.#fullListMax = options.fullListMax ?? Infinity;
  }

  async claim(name: Username, endpoint: Endpoint, resume?: string): Promise<ClaimResult> {
    const held = this.#entries.get(name.key);
    if (held && (resume === undefined || resume !== held.token)) return { ok: false, code: 'username-taken' };
    if (held) {
      clearTimeout(held.graceTimer);
      const stale = held.endpoint;
      held.endpoint = endpoint;
      stale?.close(CLOSE_CODES.resumedElsewhere, 'resumed elsewhere');
      return { ok: true, you: held.name.display, resume: held.token, resumed: true, ...welcomeList(this.#directory, this.#fullListMax, endpoint, this.#presence) };
    }
    const entry: Entry = { name, token: randomUUID(), endpoint };
    this.#entries.set(name.key, entry);
    this.#directory.set(name.key, name.display);
    this.#presence.record({ kind: 'joined', key: name.key, name: name.display });
    return { ok: true, you: name.display, resume: entry.token, resumed: false, ...welcomeList(this.#directory, this.#fullListMax, endpoint, this.#presence) };
  }

  async release(key: string, endpoint: Endpoint, { grace }: { grace: boolean }): Promise<void> {
    this.#presence.forget(endpoint);
    const entry = this.#entries.get(key);
    if (!entry || entry.endpoint?.id !== endpoint.id) return;
    if (!grace || this.#graceMs <= 0) return this.#remove(key, entry);
    entry.endpoint = null;
    entry.graceTimer = setTimeout(() => this.#remove(key, entry), this.#graceMs);
  }

  async users(): Promise<User[]> {
    return this.#directory.all();
  }

  async directory(query: DirectoryQuery): Promise<DirectoryPage> {
    return this.#directory.page(query);
  }

  async watch(endpoint: Endpoint, names: readonly string[]): Promise<User[]> {
    return watchNames(this.#directory, this.#presence, endpoint, names);
  }

  async deliver(key: string, message: ServerMessage): Promise<boolean> {
    const endpoint = this.#entries.get(key)?.endpoint;
    if (!endpoint) return false;
    endpoint.send(JSON.stringify(message));
    return true;
  }

  async broadcast(message: ServerMessage, exceptKey?: string): Promise<void> {
    this.#fanOut(message, exceptKey);
  }

  async close(): Promise<void> {
    for (const entry of this.#entries.values()) clearTimeout(entry.graceTimer);
    this.#entries.clear();
    this.#directory.clear();
    this.#presence.close();
  }

  #remove(key: string, entry: Entry): void {
    // A resume may have replaced the entry since the timer was set.
    if (this.#entries.get(key) !== entry) return;
    clearTimeout(entry.graceTimer);
    this.#entries.delete(key);
    this.#directory.delete(key);
    this.#presence.record({ kind: 'left', key, name: entry.name.display });
  }

  #fanOut(message: ServerMessage, exceptKey?: string): void {
    // Serialised and encoded once; every socket is handed the same bytes.
    const frame = Buffer.from(JSON.stringify(message));
    for (const [key, entry] of this.#entries) {
      if (key !== exceptKey) entry.endpoint?.sendBroadcast(frame);
    }
  }
}
