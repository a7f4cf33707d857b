/**
 * A socket that closes while its claim is in flight, on the Redis hub (where a claim takes a round
 * trip, so the close can come first): the claim must be undone, since the client never got its
 * resume token, and no TURN credential refresh timer may be left behind holding the connection.
 */
import { suite } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { CLOSE_CODES } from '../../common/close-codes.ts';
import type { Username } from '../../common/username.ts';
import type { Endpoint } from '../../signaling/hub.ts';
import { RedisHub } from '../../signaling/redis/redis-hub.ts';
import { silentLog, startTestServer, type TestServer } from '../../harness/server.ts';
import { HubInBetween } from '../helpers/hub-in-between.ts';
import { metricTotal } from '../helpers/metrics.ts';
import { redisServerPath, startRedis, type RedisServer } from '../helpers/redis.ts';
import { until } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

const TURN_TTL_SECONDS = 3600;
/** The refresh period: half the TTL, a period nothing else in the process uses. */
const REFRESH_MS = (TURN_TTL_SECONDS * 1000) / 2;
const CLIENTS = Number(process.env.RACE_CLIENTS ?? 1000);
const AT_ONCE = 100;

/** The Redis hub, watched: counts calls in flight, records releases, and can hold claims at a gate. */
class WatchedHub extends HubInBetween {
  inFlight = 0;
  readonly releases: Array<{ key: string; grace: boolean }> = [];
  claims = 0;
  #gate: Promise<void> = Promise.resolve();
  #open = () => {};

  /** Holds every claim from now until `open()`. */
  hold(): void {
    this.#gate = new Promise((resolve) => (this.#open = resolve));
  }
  open(): void {
    this.#open();
  }
  override claim(name: Username, endpoint: Endpoint, resume?: string) {
    this.claims++;
    return this.#watch(this.#gate.then(() => this.inner.claim(name, endpoint, resume)));
  }
  override release(key: string, endpoint: Endpoint, options: { grace: boolean }) {
    this.releases.push({ key, grace: options.grace });
    return this.#watch(this.inner.release(key, endpoint, options));
  }
  async #watch<T>(call: Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await call;
    } finally {
      this.inFlight--;
    }
  }
}

/** Counts the live intervals of one period, by watching `setInterval` and `clearInterval` for the duration of a test. */
function watchIntervals(periodMs: number) {
  const live = new Set<unknown>();
  const realSet = globalThis.setInterval;
  const realClear = globalThis.clearInterval;
  globalThis.setInterval = ((callback: () => void, ms?: number) => {
    const timer = realSet(callback, ms);
    if (ms === periodMs) live.add(timer);
    return timer;
  }) as unknown as typeof setInterval;
  globalThis.clearInterval = ((timer?: NodeJS.Timeout) => {
    live.delete(timer);
    realClear(timer);
  }) as typeof clearInterval;
  return {
    get live() {
      return live.size;
    },
    restore() {
      globalThis.setInterval = realSet;
      globalThis.clearInterval = realClear;
    },
  };
}

function raceSuite(executable: string): void {
  const test = suite('join race on the Redis hub');
  let redis: RedisServer;
  let hub: WatchedHub;
  let server: TestServer;
  let intervals: ReturnType<typeof watchIntervals>;

  const connections = () => metricTotal(server.url, 'chat_connections');
  /** Waits until the server has seen every socket close and no hub call is in flight. */
  const settled = () => until(10_000, 'the server to settle', async () => hub.inFlight === 0 && (await connections()) === 0);
  /** Sends hello from a new socket, and hangs up once its claim has reached the hub, which holds it until the socket is seen gone. */
  const hangUpDuringClaim = async (hello: object) => {
    const before = await connections();
    const client = await TestClient.open(server.wsUrl);
    hub.hold();
    const claimsBefore = hub.claims;
    client.send(hello);
    await until(3000, 'the claim to start', () => hub.claims > claimsBefore);
    client.socket.terminate();
    await until(3000, 'the server to see the close', async () => (await connections()) === before);
    hub.open();
  };

  test.before(async () => {
    redis = await startRedis(executable);
    hub = new WatchedHub(await RedisHub.connect({ url: redis.url, graceMs: 60_000, claimTtlMs: 3000, log: silentLog }));
    server = await startTestServer(
      { turnUrls: ['turn:turn.example.org:3478'], turnSecret: 'secret', turnTtlSeconds: TURN_TTL_SECONDS, resumeGraceMs: 60_000 },
      hub,
    );
    intervals = watchIntervals(REFRESH_MS);
  });
  test.after(async () => {
    intervals.restore();
    await server.close();
    await redis.stop();
  });

  test('a socket closed while its claim waits: the name is freed at once, and no refresh timer is left', async () => {
    await hangUpDuringClaim({ type: 'hello', v: 1, name: 'Racer' });
    await settled();
    assert.equal(hub.releases.filter((r) => r.key === 'racer'), [{ key: 'racer', grace: false }], 'released without grace');
    assert.is(intervals.live, 0, 'no refresh timer left');
    const next = await TestClient.joined(server.wsUrl, 'Racer');
    await next.close();
    await settled();
  });

  test('a resume closed while its claim waits: the name is held again for its token, and no refresh timer is left', async () => {
    const keeper = await TestClient.open(server.wsUrl);
    keeper.send({ type: 'hello', v: 1, name: 'Keeper' });
    const { resume } = await keeper.next('welcome');
    // The resume takes the name over from the first socket, as from one the server thinks alive.
    await hangUpDuringClaim({ type: 'hello', v: 1, name: 'Keeper', resume });
    assert.is((await keeper.closed).code, CLOSE_CODES.resumedElsewhere);
    await settled();
    assert.is(intervals.live, 0, 'no refresh timer left');
    const back = await TestClient.open(server.wsUrl);
    back.send({ type: 'hello', v: 1, name: 'Keeper', resume });
    const welcome = await back.next('welcome');
    assert.is(welcome.resume, resume, 'resumed with the same token');
    await back.close();
    await settled();
  });

  test(`${CLIENTS} clients that say hello and hang up at once leave no refresh timer and no name behind`, async () => {
    const started = performance.now();
    for (let sent = 0; sent < CLIENTS; sent += AT_ONCE) {
      await Promise.all(Array.from({ length: Math.min(AT_ONCE, CLIENTS - sent) }, async (_, i) => {
        const client = await TestClient.open(server.wsUrl);
        // Gone (FIN, no close frame) as soon as the hello is on its way.
        client.socket.send(JSON.stringify({ type: 'hello', v: 1, name: `hangup${sent + i}` }), () => client.socket.terminate());
        await client.closed;
      }));
    }
    await settled();
    // The user list is a mirror fed by Redis: a release done there reaches it a moment later. A name
    // wrongly held (in grace for a minute here) is still there when this wait gives up.
    const heldNames = async () => (await hub.users()).filter((user) => user.name.startsWith('hangup')).map((user) => user.name);
    await until(10_000, 'the mirror to drop every hang-up', async () => (await heldNames()).length === 0).catch(() => {});
    const held = await heldNames();
    console.log(
      `  join race: ${CLIENTS} hello-then-FIN clients in ${((performance.now() - started) / 1000).toFixed(1)} s left ` +
        `${intervals.live} TURN refresh timers and ${held.length} names held`,
    );
    assert.is(intervals.live, 0, 'refresh timers left');
    const graced = hub.releases.filter((r) => r.grace && r.key.startsWith('hangup')).map((r) => r.key);
    assert.is(held.length, 0, `names held: ${held.join(', ')}; released with grace: ${graced.join(', ') || 'none'}`);
  });

  test.run();
}

const executable = redisServerPath();
if (executable) raceSuite(executable);
