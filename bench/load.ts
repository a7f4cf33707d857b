/**
 * `npm run bench:load`: the signaling server under load, against PeerJS's server in the same run.
 * Every server is its own process on 127.0.0.1; the clients live in separate load-generator
 * processes (`load-generator.ts`), since one process may open only so many sockets. Figures:
 *   - idle connections one process holds, and its memory per connection (RSS and JS heap, after GC);
 *   - join rate while ramping up;
 *   - broadcast fan-out latency to FANOUT_RECEIVERS clients (ours only: PeerJS has no broadcast);
 *   - signal relay messages/s and round-trip latency, pairs ping-ponging among the idle crowd;
 *   - ours: a reconnect storm, the server restarted and the whole crowd back within STORM_SPREAD_MS;
 *   - the same relay with pair members on different processes of a 3-process Redis cluster.
 * Bounded: each ramp stops starting joins after RAMP_CAP_S, and every wait has a timeout.
 * Prints a Markdown table. Run it inside a loopback-only namespace (`npm run bench:load` does).
 *
 *   CLIENTS (20000)           idle connections per server (fewer if its open-file limit is lower)
 *   FANOUT_RECEIVERS (10000)  receivers of the broadcast fan-out
 *   RELAY_PAIRS (100)         ping-ponging pairs
 *   GENERATORS (2)            load-generator processes
 *   RAMP_CAP_S (180)          longest a ramp may take
 *   STORM_SPREAD_MS (3000)    how long the crowd takes to start reconnecting after a restart
 *   SCENARIOS (ours,peerjs,redis)  which to run, for a shorter run while iterating
 *   SERVER_CPU_PROF_DIR       each server process writes a CPU profile there (`--cpu-prof`)
 */
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { callAll, Generator } from './generators.ts';
import type { DialectName } from './load-ipc.ts';
import { startOurServer, startPeerJsServer, startRedis, type ServerUnderTest } from './servers.ts';
import { count, fixed, kib, markdownTable, mib, percentile, ratio, sum } from './stats.ts';

const CLIENTS = Number(process.env.CLIENTS ?? 20_000);
const FANOUT_RECEIVERS = Number(process.env.FANOUT_RECEIVERS ?? 10_000);
const RELAY_PAIRS = Number(process.env.RELAY_PAIRS ?? 100);
const GENERATORS = Number(process.env.GENERATORS ?? 2);
const RAMP_CAP_MS = Number(process.env.RAMP_CAP_S ?? 180) * 1000;
const STORM_SPREAD_MS = Number(process.env.STORM_SPREAD_MS ?? 3000);
const REDIS_PROCESSES = 3;
const SCENARIOS = new Set((process.env.SCENARIOS ?? 'ours,peerjs,redis').split(','));

/** Joins in flight per generator while ramping. */
const IN_FLIGHT = 100;
/** Files left free beyond what the server has open before the first client (listener, stdio, epoll, IPC…). */
const FILE_HEADROOM = 8;
/** Idle time before the memory reading: past two heartbeat sweeps of ours (HEARTBEAT_MS 10 s), so a held socket is a live one. */
const HOLD_MS = 21_000;
const BROADCASTS = 20;
/** At the server's default broadcast rate (5/s), so the limiter never refuses one. */
const BROADCAST_INTERVAL_MS = 200;
/** Measured over one heartbeat interval of ours, so every run's window holds exactly one ping sweep. */
const RELAY = { warmupMs: 1000, measureMs: 10_000, payloadChars: 200 };
const CALL_TIMEOUT_MS = 60_000;

interface Ramp {
  joined: number;
  seconds: number;
  failed: number;
  firstError?: string;
}

interface CrowdFigures {
  target: number;
  fileLimit: number;
  ramps: Ramp[];
  held: number;
  dropped: number;
  before: { rss: number; heapUsed: number };
  after: { rss: number; heapUsed: number };
  relay: RelayFigures;
}

interface RelayFigures {
  pairs: number;
  messagesPerSecond: number;
  latencies: number[];
}

interface StormFigures {
  tried: number;
  rejoined: number;
  resumed: number;
  retries: number;
  failed: number;
  firstError?: string;
  /** From the first reconnect until the last client was back. */
  seconds: number;
}

interface FanoutFigures {
  receivers: number;
  received: number;
  expected: number;
  latencies: number[];
}

/** Opens `total` more clients, shared out over the generators (the first gets any remainder). */
async function ramp(generators: Generator[], urls: string[], total: number): Promise<Ramp> {
  const share = (index: number) => Math.floor(total / generators.length) + (index < total % generators.length ? 1 : 0);
  const results = await callAll(generators, 'connect', (index) => ({ urls, count: share(index), inFlight: IN_FLIGHT, deadlineMs: RAMP_CAP_MS }), RAMP_CAP_MS + 30_000);
  return {
    joined: sum(results.map((r) => r.joined)),
    seconds: Math.max(...results.map((r) => r.seconds)),
    failed: sum(results.map((r) => r.failed)),
    firstError: results.find((r) => r.firstError)?.firstError,
  };
}

async function relay(generators: Generator[]): Promise<RelayFigures> {
  const share = Math.ceil(RELAY_PAIRS / generators.length);
  const results = await callAll(generators, 'relay', () => ({ pairs: share, ...RELAY }), RELAY.warmupMs + RELAY.measureMs + 20_000);
  return {
    pairs: sum(results.map((r) => r.pairs)),
    // Every round trip is two relayed signals.
    messagesPerSecond: (2 * sum(results.map((r) => r.roundTrips))) / (RELAY.measureMs / 1000),
    latencies: results.flatMap((r) => r.latencies),
  };
}

async function fanOut(generators: Generator[]): Promise<FanoutFigures> {
  await callAll(generators, 'fanoutArm', () => ({}), CALL_TIMEOUT_MS);
  await generators[0]!.call('fanoutSend', { count: BROADCASTS, intervalMs: BROADCAST_INTERVAL_MS }, CALL_TIMEOUT_MS);
  const results = await callAll(generators, 'fanoutCollect', () => ({ count: BROADCASTS, timeoutMs: 30_000 }), CALL_TIMEOUT_MS);
  const expected = sum(results.map((r) => r.expected));
  const latencies = results.flatMap((r) => r.latencies);
  return { receivers: expected / BROADCASTS, received: latencies.length, expected, latencies };
}

/** Every client the servers closed comes back to `urls` with its resume token, spread over STORM_SPREAD_MS. */
async function storm(generators: Generator[], urls: string[]): Promise<StormFigures> {
  const deadlineMs = RAMP_CAP_MS;
  const results = await callAll(generators, 'rejoin', () => ({ urls, withinMs: STORM_SPREAD_MS, deadlineMs }), deadlineMs + 30_000);
  return {
    tried: sum(results.map((r) => r.tried)),
    rejoined: sum(results.map((r) => r.rejoined)),
    resumed: sum(results.map((r) => r.resumed)),
    retries: sum(results.map((r) => r.retries)),
    failed: sum(results.map((r) => r.failed)),
    firstError: results.find((r) => r.firstError)?.firstError,
    seconds: Math.max(...results.map((r) => r.seconds)),
  };
}

/** Our scenarios' figures: the crowd, and what only ours does. */
interface OurFigures {
  crowd: CrowdFigures;
  fanout: FanoutFigures | null;
  storm: StormFigures | null;
}

/**
 * A crowd on one server process or several (clients dealt round-robin): ramp to the fan-out size
 * (and fan out, where the protocol can), ramp on to the full count, sit idle, read memory (all
 * processes together), relay among the crowd, then (`onHeld`) whatever the scenario does with the
 * crowd still there.
 */
async function crowd(
  servers: ServerUnderTest[],
  dialect: DialectName,
  onHalfway?: (generators: Generator[]) => Promise<void>,
  onHeld?: (generators: Generator[]) => Promise<void>,
): Promise<CrowdFigures> {
  const generators = Array.from({ length: GENERATORS }, (_, index) => Generator.start(index, dialect));
  const say = (text: string) => console.log(`  ${dialect}${servers.length > 1 ? ` on ${servers.length} processes` : ''}: ${text}`);
  const urls = servers.map((server) => server.endpoint);
  const memory = async () => {
    const each = await Promise.all(servers.map((server) => server.memory()));
    return { rss: sum(each.map((m) => m.rss)), heapUsed: sum(each.map((m) => m.heapUsed)) };
  };
  try {
    await sleep(1000);
    const before = await memory();
    const files = servers.map((server) => server.files());
    const fileLimit = Math.min(...files.map((f) => f.limit));
    const target = Math.min(CLIENTS, sum(files.map((f) => f.limit - f.open - FILE_HEADROOM)));
    const first = await ramp(generators, urls, Math.min(target, FANOUT_RECEIVERS + 1));
    say(`${first.joined} joined in ${fixed(first.seconds)} s`);
    await onHalfway?.(generators);
    const second = await ramp(generators, urls, target - first.joined);
    say(`${first.joined + second.joined} joined (${fixed(second.seconds)} s more); idle for ${HOLD_MS / 1000} s`);
    await sleep(HOLD_MS);
    const statuses = await callAll(generators, 'status', () => ({}), CALL_TIMEOUT_MS);
    const after = await memory();
    say('relaying');
    const relayed = await relay(generators);
    await onHeld?.(generators);
    return {
      target,
      fileLimit,
      ramps: [first, second],
      held: sum(statuses.map((s) => s.open)),
      dropped: sum(statuses.map((s) => s.dropped)),
      before,
      after,
      relay: relayed,
    };
  } finally {
    await Promise.all(generators.map((generator) => generator.stop()));
  }
}

async function oursScenario(): Promise<OurFigures> {
  let server = await startOurServer();
  let fanout: FanoutFigures | null = null;
  let stormed: StormFigures | null = null;
  try {
    const halfway = async (generators: Generator[]) => {
      fanout = await fanOut(generators);
    };
    // A deploy: SIGTERM closes every client (1001), a new process takes the port, and they all come back.
    const restart = async (generators: Generator[]) => {
      console.log('  ours: restarting the server; the crowd reconnects');
      const port = new URL(server.endpoint).port;
      await server.stop();
      server = await startOurServer({ PORT: port });
      stormed = await storm(generators, [server.endpoint]);
    };
    const figures = await crowd([server], 'ours', halfway, restart);
    return { crowd: figures, fanout, storm: stormed };
  } finally {
    await server.stop();
  }
}

async function peerJsScenario(): Promise<CrowdFigures> {
  const server = await startPeerJsServer();
  try {
    return await crowd([server], 'peerjs');
  } finally {
    await server.stop();
  }
}

/**
 * The same crowd through REDIS_PROCESSES processes sharing one Redis (relay pairs split across
 * processes); its storm is a crash: one process SIGKILLed, and its clients rejoin the others with
 * their tokens, which Redis still holds.
 */
async function redisScenario(): Promise<OurFigures | string> {
  if (!existsSync('signaling/redis/redis-hub.ts')) return 'not available (no Redis hub)';
  const redis = await startRedis();
  const servers: ServerUnderTest[] = [];
  let fanout: FanoutFigures | null = null;
  let stormed: StormFigures | null = null;
  try {
    for (let i = 0; i < REDIS_PROCESSES; i++) servers.push(await startOurServer({ REDIS_URL: redis.url }));
    const halfway = async (generators: Generator[]) => {
      fanout = await fanOut(generators);
    };
    const crash = async (generators: Generator[]) => {
      console.log('  ours on Redis: killing one process; its clients rejoin the others');
      await servers[0]!.kill();
      stormed = await storm(generators, servers.slice(1).map((server) => server.endpoint));
    };
    const figures = await crowd(servers, 'ours', halfway, crash);
    return { crowd: figures, fanout, storm: stormed };
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
    await redis.stop();
  }
}

async function attempt<T>(what: string, run: () => Promise<T>): Promise<T | string> {
  try {
    return await run();
  } catch (error) {
    console.error(`${what} failed: ${(error as Error).stack}`);
    return `failed: ${(error as Error).message}`;
  }
}

// ---- run ----

const loadAtStart = loadavg().map((l) => l.toFixed(2)).join(' ');
console.log(`load benchmark: ${CLIENTS} clients, fan-out to ${FANOUT_RECEIVERS}, ${RELAY_PAIRS} relay pairs, ${GENERATORS} load generators (load average ${loadAtStart})`);
const skipped = 'not run (SCENARIOS)';
const ours = SCENARIOS.has('ours') ? await attempt('our server', oursScenario) : skipped;
const peerjs = SCENARIOS.has('peerjs') ? await attempt('PeerJS', peerJsScenario) : skipped;
const redis = SCENARIOS.has('redis') ? await attempt('Redis cluster', redisScenario) : skipped;
printTable(ours, peerjs, redis);

function printTable(oursResult: OurFigures | string, peerResult: CrowdFigures | string, redisResult: OurFigures | string): void {
  const a = typeof oursResult === 'string' ? null : oursResult.crowd;
  const b = typeof peerResult === 'string' ? null : peerResult;
  const c = typeof redisResult === 'string' ? null : redisResult.crowd;
  const ourExtras = typeof oursResult === 'string' ? null : oursResult;
  const redisExtras = typeof redisResult === 'string' ? null : redisResult;
  const rows: string[][] = [];
  const both = (label: string, pick: (c: CrowdFigures) => number, show: (n: number) => string, better: 'higher' | 'lower') => {
    const x = a ? pick(a) : NaN;
    const y = b ? pick(b) : NaN;
    rows.push([label, a ? show(x) : String(oursResult), b ? show(y) : String(peerResult), `${ratio(x, y)}${better === 'lower' ? ' (lower is better)' : ''}`, c ? show(pick(c)) : String(redisResult)]);
  };
  /** A figure only ours has, for one process and for the Redis cluster. */
  const ours = (label: string, show: (figures: OurFigures) => string) => {
    rows.push([label, ourExtras ? show(ourExtras) : '—', 'not measured', '', redisExtras ? show(redisExtras) : '—']);
  };
  const n = a?.target ?? b?.target ?? CLIENTS;
  both(`idle connections held (of ${count(n)}, after ${HOLD_MS / 1000} s idle)`, (c) => c.held, count, 'higher');
  both('server memory per connection: RSS, KiB', (c) => (c.after.rss - c.before.rss) / c.held, kib, 'lower');
  both('server memory per connection: JS heap after GC, KiB', (c) => (c.after.heapUsed - c.before.heapUsed) / c.held, kib, 'lower');
  rows.push([
    'server RSS, empty → holding them, MiB',
    a ? `${mib(a.before.rss)} → ${mib(a.after.rss)}` : '—',
    b ? `${mib(b.before.rss)} → ${mib(b.after.rss)}` : '—',
    '',
    c ? `${mib(c.before.rss)} → ${mib(c.after.rss)} (${REDIS_PROCESSES} processes)` : '—',
  ]);
  const rampRate = (c: CrowdFigures, i: number) => c.ramps[i]!.joined / c.ramps[i]!.seconds;
  const firstSize = Math.min(n, FANOUT_RECEIVERS + 1);
  both(`joins/s, 0 → ${count(firstSize)} (${GENERATORS}×${IN_FLIGHT} in flight)`, (c) => rampRate(c, 0), count, 'higher');
  both(`joins/s, ${count(firstSize)} → ${count(n)}`, (c) => rampRate(c, 1), count, 'higher');
  both('joins/s, second ramp ÷ first', (c) => rampRate(c, 1) / rampRate(c, 0), (v) => fixed(v, 2), 'higher');
  ours(`broadcast fan-out to ${count(FANOUT_RECEIVERS)}, p50 / p99 ms (${BROADCASTS} broadcasts; arrived of expected)`, ({ fanout }) =>
    fanout ? `${fixed(percentile(fanout.latencies, 50))} / ${fixed(percentile(fanout.latencies, 99))} (${count(fanout.received)} of ${count(fanout.expected)})` : '—');
  ours(`reconnect storm, the crowd back within ${STORM_SPREAD_MS / 1000} s with its tokens, retrying as the app does (ours: a restart; Redis: one process killed): last back after, s (never back; attempts refused or dropped; names resumed)`, ({ storm }) =>
    storm ? `${fixed(storm.seconds)}, ${count(storm.tried)} clients (${count(storm.failed)}; ${count(storm.retries)}; ${count(storm.resumed)})` : '—');
  const pairs = a?.relay.pairs ?? b?.relay.pairs ?? RELAY_PAIRS;
  both(`signal relay, ${pairs} pairs ping-ponging among the idle crowd (on Redis: across processes): messages/s`, (c) => c.relay.messagesPerSecond, count, 'higher');
  both('signal relay round trip p50, ms', (c) => percentile(c.relay.latencies, 50), (v) => fixed(v, 2), 'lower');
  both('signal relay round trip p99, ms', (c) => percentile(c.relay.latencies, 99), (v) => fixed(v, 2), 'lower');
  both('signal relay round trip max, ms', (c) => percentile(c.relay.latencies, 100), (v) => fixed(v, 1), 'lower');

  console.log(`\nload benchmark (loopback, ${GENERATORS} load-generator processes, Node ${process.version}, load average at start ${loadAtStart})\n`);
  console.log(markdownTable(['figure', 'ours', 'PeerJS 1.0.2', 'ours ÷ PeerJS', `ours, ${REDIS_PROCESSES} processes on Redis`], rows));
  console.log('\nOurs ran with MAX_CONNECTIONS, the per-address caps (connections, sockets, joins) and the message/byte rate limits lifted (one');
  console.log('generator address stands in for thousands of users), so the figures measure the server, not its');
  console.log('limiter; broadcasts kept to the default 5/s. PeerJS: concurrent_limit lifted from 5000, its clients');
  console.log('send HEARTBEAT every 5 s as its client library does. Memory is read inside each server process after');
  console.log('a forced GC (bench/memory-probe.ts); on Redis, all processes together (redis-server not counted).');
  for (const [name, figures, extras] of [['ours', a, ourExtras], ['PeerJS', b, null], ['ours on Redis', c, redisExtras]] as const) {
    if (!figures) continue;
    const notes = [];
    if (figures.target < CLIENTS) notes.push(`could open only ${figures.fileLimit} files (ulimit -n), so held ${count(figures.target)} rather than ${count(CLIENTS)}`);
    const failed = sum(figures.ramps.map((r) => r.failed));
    if (failed > 0) notes.push(`${failed} joins failed (first: ${figures.ramps.find((r) => r.firstError)?.firstError})`);
    if (figures.dropped > 0) notes.push(`${figures.dropped} connections dropped by the server while held`);
    if (extras?.storm?.firstError) notes.push(`reconnect storm: first failed attempt ${extras.storm.firstError}`);
    if (notes.length > 0) console.log(`${name}: ${notes.join('; ')}.`);
  }
}
