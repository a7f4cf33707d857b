/**
 * The hub for several server processes sharing one Redis: names, presence and routing live in
 * Redis, changed only by the Lua scripts in redis-scripts.ts; presence and broadcasts travel over
 * pub/sub; frames for a user on another process go to that process's own channel.
 *
 * `@redis/client` resubscribes its subscriber connection by itself on reconnect, before emitting
 * `ready`; re-asserting claims after a Redis restart is ours (`#resync`).
 *
 * Longer than the project's other files on purpose: claiming, the heartbeat, resync after a Redis
 * restart and the pub/sub handlers all work on the same record of the names this process holds,
 * and reading them apart would hide how they interleave. The Lua lives in redis-scripts.ts, the
 * messages in redis-wire.ts, the presence list in presence-mirror.ts.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';
import type { Logger } from 'pino';
import { CLOSE_CODES } from '../../common/close-codes.ts';
import { parseJsonAs } from '../../common/parse-json.ts';
import type { ServerMessage, User } from '../../common/protocol.ts';
import type { Username } from '../../common/username.ts';
import type { ClaimResult, DirectoryQuery, Endpoint, Hub } from '../hub.ts';
import { PresenceBatcher } from '../presence-batcher.ts';
import type { DirectoryPage } from '../user-directory.ts';
import { watchNames, welcomeList } from '../presence-lists.ts';
import { PresenceMirror } from './presence-mirror.ts';
import { CLAIM, DELIVER, REFRESH, RELEASE, RETIRE, SNAPSHOT, SWAP, SWEEP, type LuaScript } from './redis-scripts.ts';
import { directMessageSchema, sharedMessageSchema, type DirectMessage, type PresenceMessage, type SharedMessage } from './redis-wire.ts';

export interface RedisHubOptions {
  /** `redis://…` (REDIS_URL). */
  url: string;
  /** How long a dropped connection's name stays reserved (RESUME_GRACE_MS). */
  graceMs: number;
  /** How long a claim outlives this process's last heartbeat (CLAIM_TTL_MS). */
  claimTtlMs: number;
  log: Logger;
  /** Namespace of every key and channel; default `chat`. Lets deployments (or tests) share a Redis. */
  prefix?: string;
  /** Up to this many online, a welcome lists everyone (PRESENCE_FULL_LIST_MAX); default: always. */
  fullListMax?: number;
}

/** A name this process holds, as it is stored in Redis. */
interface LocalClaim {
  key: string;
  /** The name as others see it. */
  name: string;
  /** `node|endpoint|token`, exactly as in the claim key: compare-and-* scripts check it. */
  value: string;
  token: string;
  /** Null while the name is held in its grace period. */
  endpoint: Endpoint | null;
  graceTimer?: NodeJS.Timeout;
}

/** Offline commands fail at once rather than queue: a join during an outage is refused, not stuck. */
const newClient = (url: string) => createClient({ url, disableOfflineQueue: true });
type RedisClient = ReturnType<typeof newClient>;

/** A claimer waits this long for its own presence message before answering anyway (Redis trouble). */
const ECHO_TIMEOUT_MS = 2000;
/** Processes reconnecting after a Redis restart do so within this (node-redis backs off to 2 s at most). */
const RECONNECT_SPREAD_MS = 3000;
/** Claims refreshed per script call: one call must not hold Redis for long. */
const REFRESH_BATCH = 1000;

export class RedisHub implements Hub {
  /** This process's id in Redis. */
  readonly node = randomUUID();
  readonly #claims = new Map<string, LocalClaim>();
  readonly #presence = new PresenceBatcher();
  readonly #mirror = new PresenceMirror(
    (change) => this.#presence.record(change),
    (message) => this.#settled(message),
  );
  /** Claims waiting for their own presence message, by endpoint id. */
  readonly #echoes = new Map<string, () => void>();
  /** Releases Redis refused while unreachable (claim value → key), retried by the heartbeat. */
  readonly #unreleased = new Map<string, string>();
  readonly #prefix: string;
  readonly #log: Logger;
  #heartbeat: NodeJS.Timeout | undefined;
  #beating = false;
  #resyncing: Promise<void> | null = null;
  #resyncAgain = false;
  #keepMissing = false;
  /** The plain resync that follows a reconnect, once every process has had time to re-assert its users. */
  #settle: NodeJS.Timeout | undefined;
  #closed = false;

  private constructor(
    private readonly commands: RedisClient,
    private readonly subscriber: RedisClient,
    private readonly options: RedisHubOptions,
  ) {
    this.#prefix = options.prefix ?? 'chat';
    this.#log = options.log.child({ hub: 'redis', node: this.node.slice(0, 8) });
  }

  /** Connects, subscribes, reads the user list, and starts the heartbeat. */
  static async connect(options: RedisHubOptions): Promise<RedisHub> {
    const hub = new RedisHub(newClient(options.url), newClient(options.url), options);
    await hub.#start();
    return hub;
  }

  /** Heartbeat period: a third of the claim TTL, so one missed beat is survived. */
  get #beatMs(): number {
    return Math.floor(this.options.claimTtlMs / 3);
  }

  async #start(): Promise<void> {
    const p = this.#prefix;
    for (const [client, role] of [[this.commands, 'commands'], [this.subscriber, 'subscriber']] as const) {
      let down = false;
      client.on('error', (error: Error) => {
        if (!down) this.#log.warn({ role, err: error.message }, 'redis unreachable');
        down = true;
      });
      client.on('ready', () => {
        if (!down) return;
        down = false;
        this.#log.info({ role }, 'redis connection back');
        this.#recover();
      });
    }
    // The stream has a gap from the moment the subscriber drops until its next snapshot.
    this.subscriber.on('reconnecting', () => this.#mirror.pause());
    await Promise.all([this.commands.connect(), this.subscriber.connect()]);
    await this.subscriber.subscribe(`${p}:all`, (raw) => this.#onShared(raw));
    await this.subscriber.subscribe(`${p}:node:${this.node}`, (raw) => this.#onDirect(raw));
    await this.#resync();
    this.#heartbeat = setInterval(() => void this.#beat(), this.#beatMs);
  }

  /** Connected to Redis, both for commands and for pub/sub; joins are refused (`unavailable`) otherwise. */
  get ready(): boolean {
    return !this.#closed && this.commands.isReady && this.subscriber.isReady;
  }

  async claim(name: Username, endpoint: Endpoint, resume?: string): Promise<ClaimResult> {
    if (!this.ready) return { ok: false, code: 'unavailable' };
    let arrived!: () => void;
    const echo = new Promise<void>((resolve) => (arrived = resolve));
    this.#echoes.set(endpoint.id, arrived);
    const fresh = randomUUID();
    let reply: [outcome: 'taken' | 'claimed' | 'resumed', shown: string, announced: 0 | 1];
    try {
      const ttl = this.options.claimTtlMs;
      reply = (await this.#run(CLAIM, [name.key, this.node, endpoint.id, fresh, name.display, ttl, resume ?? ''])) as typeof reply;
      if (reply[0] === 'taken') return { ok: false, code: 'username-taken' };
      // Wait until the stream has brought our own message: the user list we hand out then holds
      // everything before it, and the presence batcher everything after.
      if (reply[2] === 1) await withTimeout(echo, ECHO_TIMEOUT_MS);
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'claim failed');
      return { ok: false, code: 'unavailable' };
    } finally {
      this.#echoes.delete(endpoint.id);
    }
    const [outcome, shown] = reply;
    const resumed = outcome === 'resumed';
    const token = resumed ? resume! : fresh;
    // From here to the return nothing awaits: the caller sends the welcome before presence can flush.
    const stale = this.#claims.get(name.key);
    if (stale) {
      clearTimeout(stale.graceTimer);
      if (stale.endpoint !== endpoint) stale.endpoint?.close(resumed ? CLOSE_CODES.resumedElsewhere : CLOSE_CODES.claimedElsewhere, 'resumed elsewhere');
    }
    this.#claims.set(name.key, { key: name.key, name: shown, value: `${this.node}|${endpoint.id}|${token}`, token, endpoint });
    this.#mirror.ensure(name.key, shown);
    const listed = welcomeList(this.#mirror.directory, this.options.fullListMax ?? Infinity, endpoint, this.#presence);
    return { ok: true, you: shown, resume: token, resumed, ...listed };
  }

  async release(key: string, endpoint: Endpoint, { grace }: { grace: boolean }): Promise<void> {
    this.#presence.forget(endpoint);
    const claim = this.#claims.get(key);
    if (!claim || claim.endpoint?.id !== endpoint.id) return;
    if (!grace || this.options.graceMs <= 0) return this.#drop(claim);
    // Held, with no endpoint: deliveries now answer "offline", and a resume can take it over.
    const connected = claim.value;
    claim.endpoint = null;
    claim.value = `${this.node}||${claim.token}`;
    claim.graceTimer = setTimeout(() => void this.#drop(claim), this.options.graceMs);
    try {
      await this.#run(SWAP, [key, connected, claim.value, this.options.claimTtlMs]);
    } catch (error) {
      // Redis still has the connected value; keep in step with it.
      if (claim.value !== connected && this.#claims.get(key) === claim) claim.value = connected;
      this.#log.warn({ err: (error as Error).message }, 'grace mark failed');
    }
  }

  async users(): Promise<User[]> {
    return this.#mirror.directory.all();
  }

  async directory(query: DirectoryQuery): Promise<DirectoryPage> {
    return this.#mirror.directory.page(query);
  }

  async watch(endpoint: Endpoint, names: readonly string[]): Promise<User[]> {
    return watchNames(this.#mirror.directory, this.#presence, endpoint, names);
  }

  async deliver(key: string, message: ServerMessage): Promise<boolean> {
    const local = this.#claims.get(key)?.endpoint;
    if (local) {
      local.send(JSON.stringify(message));
      return true;
    }
    // Held here in its grace, maybe resumed elsewhere a moment ago: Redis knows where it is.
    const direct: DirectMessage = { t: 'd', key, frame: JSON.stringify(message) };
    return (await this.#run(DELIVER, [key, JSON.stringify(direct)])) === 1;
  }

  async broadcast(message: ServerMessage, exceptKey?: string): Promise<void> {
    // Local sockets get it from our own subscription like everyone else's: exactly once each.
    const shared: SharedMessage = { t: 'b', frame: JSON.stringify(message), except: exceptKey };
    await this.commands.publish(`${this.#prefix}:all`, JSON.stringify(shared));
  }

  /** Releases every name this process holds (grace included), announces them gone, and disconnects. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#heartbeat);
    clearTimeout(this.#settle);
    this.#presence.close();
    for (const claim of this.#claims.values()) clearTimeout(claim.graceTimer);
    this.#claims.clear();
    try {
      await this.#run(RETIRE, [this.node]);
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'retire failed; claims will expire');
    }
    await Promise.allSettled([this.commands, this.subscriber].map(async (client) => {
      // A graceful close waits for replies; with Redis unreachable they never come.
      if (!(await withTimeout(client.close(), 1000))) client.destroy();
    }));
  }

  /** Frees a claim now: compare-and-delete, so it never frees a name someone else holds since. */
  async #drop(claim: LocalClaim): Promise<void> {
    if (this.#claims.get(claim.key) !== claim) return;
    clearTimeout(claim.graceTimer);
    this.#claims.delete(claim.key);
    try {
      await this.#run(RELEASE, [claim.key, claim.value]);
    } catch (error) {
      this.#unreleased.set(claim.value, claim.key);
      this.#log.warn({ err: (error as Error).message }, 'release failed; retried on reconnect');
    }
  }

  /** Every beat: re-release what failed, refresh our claims and liveness, sweep dead processes. */
  async #beat(): Promise<void> {
    if (this.#beating || this.#closed) return;
    this.#beating = true;
    try {
      // An earlier resync failed (Redis went away again meanwhile).
      if (this.#mirror.paused && !this.#resyncing) this.#recover();
      await this.#retryReleases();
      await this.#refresh();
      await this.#run(SWEEP, [this.node]);
    } catch (error) {
      this.#log.warn({ err: (error as Error).message }, 'heartbeat failed');
    } finally {
      this.#beating = false;
    }
  }

  /**
   * After a reconnect: whatever Redis lost (a restart without persistence) is re-asserted and the
   * user list re-read, keeping names other processes have not re-asserted yet; once every process
   * has had time to reconnect, a plain resync lets the names still missing go.
   */
  #recover(): void {
    void this.#resync({ keepMissing: true });
    clearTimeout(this.#settle);
    this.#settle = setTimeout(() => void this.#resync(), Math.max(2 * this.#beatMs, RECONNECT_SPREAD_MS));
  }

  /**
   * Re-asserts every local claim, then reads the user list afresh and tells local sockets how it
   * differs (with `keepMissing`, only of what is new).
   */
  #resync({ keepMissing = false } = {}): Promise<void> {
    this.#mirror.pause();
    if (this.#resyncing) {
      this.#resyncAgain = true;
      this.#keepMissing ||= keepMissing;
      return this.#resyncing;
    }
    this.#keepMissing = keepMissing;
    const run = async () => {
      try {
        do {
          this.#resyncAgain = false;
          // Messages wait from before the snapshot is read until it is installed.
          this.#mirror.pause();
          const keepMissing = this.#keepMissing;
          this.#keepMissing = false;
          await this.#retryReleases();
          await this.#refresh();
          const [seq, ...flat] = (await this.#run(SNAPSHOT, [])) as [number, ...string[]];
          const users = new Map<string, string>();
          for (let i = 0; i < flat.length; i += 2) users.set(flat[i]!, flat[i + 1]!.slice(flat[i + 1]!.indexOf('|') + 1));
          this.#mirror.reset(seq, users, { keepMissing });
        } while (this.#resyncAgain);
      } catch (error) {
        // The mirror stays paused; the next beat or reconnect tries again.
        this.#log.warn({ err: (error as Error).message }, 'resync failed');
      } finally {
        this.#resyncing = null;
      }
    };
    this.#resyncing = run();
    return this.#resyncing;
  }

  /** Extends every local claim and this process's liveness; a claim someone else now holds closes its socket. */
  async #refresh(): Promise<void> {
    const ttl = this.options.claimTtlMs;
    // Liveness lasts two beats, so a sweep (every beat) finds a dead process within the claim TTL.
    const alive = 2 * this.#beatMs;
    const claims = [...this.#claims.values()];
    for (let start = 0; start === 0 || start < claims.length; start += REFRESH_BATCH) {
      const batch = claims.slice(start, start + REFRESH_BATCH);
      const args = batch.flatMap((claim) => [claim.key, claim.value, claim.name]);
      const lost = (await this.#run(REFRESH, [this.node, ttl, alive, ...args])) as string[];
      const sent = new Map(batch.map((claim) => [claim.key, claim.value]));
      for (const key of lost) {
        const claim = this.#claims.get(key);
        // Only if nothing changed here since the script read it (a resume may have moved it on).
        if (!claim || claim.value !== sent.get(key)) continue;
        clearTimeout(claim.graceTimer);
        this.#claims.delete(key);
        this.#log.warn({ user: claim.name }, 'claim lost to another process');
        claim.endpoint?.close(CLOSE_CODES.claimedElsewhere, 'name claimed elsewhere');
      }
    }
  }

  async #retryReleases(): Promise<void> {
    for (const [value, key] of [...this.#unreleased]) {
      await this.#run(RELEASE, [key, value]);
      this.#unreleased.delete(value);
    }
  }

  #onShared(raw: string): void {
    const message = parseJsonAs(sharedMessageSchema, raw);
    if (!message) return this.#log.warn('unreadable message on the shared channel');
    if (message.t === 'p') return this.#mirror.receive(message);
    // Encoded once; every local socket is handed the same bytes.
    const frame = Buffer.from(message.frame);
    for (const claim of this.#claims.values()) {
      if (claim.key !== message.except) claim.endpoint?.sendBroadcast(frame);
    }
  }

  #onDirect(raw: string): void {
    const message = parseJsonAs(directMessageSchema, raw);
    if (!message) return this.#log.warn('unreadable message on the process channel');
    const claim = this.#claims.get(message.key);
    if (!claim) return;
    if (message.t === 'd') return claim.endpoint?.send(message.frame);
    // Resumed on another process with this session's token: this session is over.
    if (claim.token !== message.value.split('|')[2]) return;
    clearTimeout(claim.graceTimer);
    this.#claims.delete(message.key);
    claim.endpoint?.close(CLOSE_CODES.resumedElsewhere, 'resumed elsewhere');
  }

  #settled(message: PresenceMessage): void {
    if (message.claim) this.#echoes.get(message.claim)?.();
  }

  /** EVALSHA, falling back to EVAL when Redis does not know the script (first use, or after a restart). */
  async #run(script: LuaScript, args: Array<string | number>): Promise<unknown> {
    const argv = [this.#prefix, ...args.map(String)];
    try {
      return await this.commands.evalSha(script.sha, { arguments: argv });
    } catch (error) {
      if (!(error as Error).message?.startsWith('NOSCRIPT')) throw error;
      return this.commands.eval(script.source, { arguments: argv });
    }
  }
}

/** Waits for `promise` at most `ms`; true when it settled in time. */
function withTimeout(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = promise.then(() => true, () => true);
  return Promise.race([settled, timeout]).finally(() => clearTimeout(timer));
}
