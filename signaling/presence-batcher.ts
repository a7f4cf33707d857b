import { PAGED_PROTOCOL_VERSION, type ServerMessageOf, type User } from '../common/protocol.ts';
import type { Endpoint } from './hub.ts';
import { PresenceWatchers } from './presence-watchers.ts';

/**
 * How long presence changes are collected before one `presence` frame goes to every local socket.
 * Per-event frames cost O(N²) sends when N people join (each join told to everyone); batching
 * makes a burst of joins in one tick cost one frame per socket already online. 50 ms is short
 * enough that people still appear at once, and long enough to soak up a reconnect storm.
 */
export const PRESENCE_TICK_MS = 50;

/**
 * A flush sends one frame to every socket that hears of everything, so its cost grows with their
 * number (at most the full-list threshold: in a paged room newcomers only watch). The next tick waits at
 * least this many times as long as the last flush took: during a join storm into a big crowd the
 * batches grow instead of the flushes crowding out the joins (at most a fifth of the time goes to
 * presence), and a quiet server keeps the short tick.
 */
const TICK_PER_FLUSH_COST = 4;
/** However slow one flush was (a GC pause in the middle of it, say), joins wait at most this long to be announced. */
const MAX_TICK_MS = 1000;

/** One name arriving or leaving, in the order the hub decided it. */
export interface PresenceChange {
  kind: 'joined' | 'left';
  /** The comparison key (`Username.key`). */
  key: string;
  /** The name as others see it. */
  name: string;
}

/**
 * Collects presence changes and, once per tick, sends each local socket listening one frame with
 * their net effect: all of them to a socket that was given the whole list, and to one in a paged
 * room only those of the names it watches. Both hubs use it; only the source of the changes
 * differs (the memory hub's own map, or the Redis hub's pub/sub stream).
 */
export class PresenceBatcher {
  #changes: PresenceChange[] = [];
  /** Sockets that hear of every change. */
  readonly #everyone = new Set<Endpoint>();
  /** Those of them whose client understands a paged room, so they can be moved to one (`pageEveryone`). */
  readonly #pageable = new Set<Endpoint>();
  readonly #watchers = new PresenceWatchers();
  /** Sockets that were given a list (a welcome, or the answer to a watch) during this tick, with how many changes that list already held. */
  #late = new Map<Endpoint, number>();
  #timer: NodeJS.Timeout | undefined;
  /** How long the last flush took, in ms. */
  #lastFlushMs = 0;

  /** @param tickMs how long changes are collected; default {@link PRESENCE_TICK_MS}. */
  constructor(private readonly tickMs = PRESENCE_TICK_MS) {}

  /** A name came or went; everyone listening hears of it at the next tick. */
  record(change: PresenceChange): void {
    this.#changes.push(change);
    this.#timer ??= setTimeout(() => this.flush(), this.nextTickMs);
  }

  /**
   * `endpoint` has just been given its welcome: with `everything`, the whole user list, and it
   * hears of every change from now on; without, a page, and it hears only of the names it will
   * watch. Either way only of changes recorded after this call, so a joiner never hears of itself,
   * nor twice of anyone.
   */
  listen(endpoint: Endpoint, { everything }: { everything: boolean }): void {
    this.forget(endpoint);
    if (everything) this.#everyone.add(endpoint);
    if (everything && endpoint.protocol >= PAGED_PROTOCOL_VERSION) this.#pageable.add(endpoint);
    this.#since(endpoint);
  }

  /**
   * The room has grown far past the full-list threshold (`online` now): every socket hearing of
   * everything that can take a paged room is told so, and from now on hears only of what it
   * watches. What stays are clients of version 1, and only those welcomed while the room was small.
   */
  pageEveryone(online: number): void {
    if (this.#pageable.size === 0) return;
    const message: ServerMessageOf<'paged'> = { type: 'paged', online };
    const frame = JSON.stringify(message);
    for (const endpoint of this.#pageable) {
      this.#everyone.delete(endpoint);
      endpoint.send(frame);
    }
    this.#pageable.clear();
  }

  /**
   * `endpoint` (one that does not hear of everything) has just been told which of `keys` are
   * online: from now on it hears of changes to those names, and no others.
   */
  watch(endpoint: Endpoint, keys: ReadonlySet<string>): void {
    if (this.#everyone.has(endpoint)) return;
    this.#watchers.set(endpoint, keys);
    this.#since(endpoint);
  }

  /** `endpoint` is gone (or leaving): it hears nothing more. */
  forget(endpoint: Endpoint): void {
    this.#everyone.delete(endpoint);
    this.#pageable.delete(endpoint);
    this.#watchers.forget(endpoint);
    this.#late.delete(endpoint);
  }

  #since(endpoint: Endpoint): void {
    if (this.#changes.length > 0) this.#late.set(endpoint, this.#changes.length);
    else this.#late.delete(endpoint);
  }

  /** How long changes recorded now wait: the tick, stretched after an expensive flush. */
  get nextTickMs(): number {
    return Math.max(this.tickMs, Math.min(MAX_TICK_MS, TICK_PER_FLUSH_COST * this.#lastFlushMs));
  }

  /** Sends what has been collected now (the timer calls this). */
  flush(): void {
    const started = performance.now();
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const changes = this.#changes;
    const late = this.#late;
    this.#changes = [];
    this.#late = new Map();
    const frames = new SharedFrames(changes);
    for (const endpoint of this.#everyone) {
      for (const frame of frames.from(late.get(endpoint) ?? 0)) endpoint.send(frame);
    }
    this.#flushWatched(changes, late);
    this.#lastFlushMs = performance.now() - started;
  }

  /** Drops whatever is pending, unsent, and every listener. */
  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#changes = [];
    this.#late.clear();
    this.#everyone.clear();
    this.#pageable.clear();
    this.#watchers.clear();
  }

  /** Each watcher gets a frame of its own, of the changes to the names it watches: the work is per change and watcher, never per socket online. */
  #flushWatched(changes: readonly PresenceChange[], late: ReadonlyMap<Endpoint, number>): void {
    const watched = new Map<Endpoint, PresenceChange[]>();
    changes.forEach((change, index) => {
      for (const endpoint of this.#watchers.of(change.key)) {
        if (index < (late.get(endpoint) ?? 0)) continue;
        const list = watched.get(endpoint);
        if (list) list.push(change);
        else watched.set(endpoint, [change]);
      }
    });
    for (const [endpoint, list] of watched) {
      const frame = presenceFrame(list);
      if (frame !== null) endpoint.send(frame);
    }
  }
}

/**
 * The frames of one tick, each built once and shared. A socket that has listened all along gets the
 * whole tick in one frame. One that joined during the tick needs only the changes after its own
 * list; a frame of its own for that suffix would make a join storm cost quadratic text (each of n
 * joiners told of up to n others). Instead the suffix is cut into aligned power-of-two blocks, whose
 * frames every joiner shares: at most about 2·log₂(n) frames per joiner, about n·log₂(n) changes of
 * text in all. Applied in order, the blocks' frames have the suffix's net effect.
 */
class SharedFrames {
  readonly #built = new Map<string, string | null>();

  constructor(private readonly changes: readonly PresenceChange[]) {}

  /** The frames that tell of every change from `start` on. */
  *from(start: number): Iterable<string> {
    const end = this.changes.length;
    if (start === 0) {
      const whole = this.#frame(0, end);
      if (whole !== null) yield whole;
      return;
    }
    while (start < end) {
      // The largest block that starts here, is aligned to its own size and ends by `end`.
      let size = start & -start;
      while (start + size > end) size /= 2;
      const frame = this.#frame(start, start + size);
      if (frame !== null) yield frame;
      start += size;
    }
  }

  #frame(start: number, end: number): string | null {
    const key = `${start}:${end}`;
    if (!this.#built.has(key)) this.#built.set(key, presenceFrame(this.changes.slice(start, end)));
    return this.#built.get(key)!;
  }
}

/**
 * The net effect of `changes` as one frame, or null when they cancel out. A name that joined and
 * left within the tick is not mentioned; one that left and joined again (a new session, maybe a
 * new spelling) is in both lists, and clients apply `left` before `joined`.
 */
export function presenceFrame(changes: readonly PresenceChange[]): string | null {
  const byKey = new Map<string, { first: PresenceChange; last: PresenceChange }>();
  for (const change of changes) {
    const seen = byKey.get(change.key);
    if (seen) seen.last = change;
    else byKey.set(change.key, { first: change, last: change });
  }
  const joined: User[] = [];
  const left: string[] = [];
  for (const { first, last } of byKey.values()) {
    // The first change tells whether the name was there before the tick; the last, after it.
    if (first.kind === 'left') left.push(first.name);
    if (last.kind === 'joined') joined.push({ name: last.name });
  }
  if (joined.length === 0 && left.length === 0) return null;
  const message: ServerMessageOf<'presence'> = { type: 'presence', joined, left };
  return JSON.stringify(message);
}
