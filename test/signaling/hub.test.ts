/**
 * One suite, run against every hub: the memory hub, and two Redis hubs (as two processes would
 * be) sharing one real redis-server. Each test uses hub `a` for some users and hub `b` for others;
 * for the memory hub they are the same hub.
 */
import { randomUUID } from 'node:crypto';
import { suite } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { CLOSE_CODES } from '../../common/close-codes.ts';
import type { ServerMessage } from '../../common/protocol.ts';
import { parseUsername, type Username } from '../../common/username.ts';
import type { ClaimResult, Hub } from '../../signaling/hub.ts';
import { MemoryHub } from '../../signaling/memory-hub.ts';
import { RedisHub } from '../../signaling/redis/redis-hub.ts';
import { silentLog } from '../../harness/server.ts';
import { FakeEndpoint } from '../helpers/fake-endpoint.ts';
import { redisServerPath, startRedis } from '../helpers/redis.ts';

const GRACE_MS = 300;

interface Hubs {
  a: Hub;
  b: Hub;
  close(): Promise<void>;
}

function user(name: string): Username {
  const parsed = parseUsername(name);
  if (!parsed.ok) throw new Error(`bad test name ${name}`);
  return parsed.name;
}

async function claimed(hub: Hub, name: string, endpoint = new FakeEndpoint(), resume?: string) {
  const result = await hub.claim(user(name), endpoint, resume);
  if (!result.ok) throw new Error(`${name} was not claimed: ${result.code}`);
  return { endpoint, ...result };
}

const chat = (text: string): ServerMessage => ({ type: 'broadcast', id: randomUUID(), from: 'Test', text, at: 0 });

function hubSuite(title: string, makeHubs: () => Promise<Hubs>): void {
  const test = suite(title);
  let hubs: Hubs;
  /** One listener on each hub, there from the start. */
  let watchA: FakeEndpoint;
  let watchB: FakeEndpoint;
  const watchers = () => [watchA, watchB];
  /** A join on `a` that every watcher has heard: presence is ordered, so whatever came before it has arrived too. */
  const fence = async () => {
    const name = `Fence${randomUUID().slice(0, 8)}`;
    const { endpoint } = await claimed(hubs.a, name);
    for (const watcher of watchers()) await watcher.heard('joined', name);
    await hubs.a.release(name.toLowerCase(), endpoint, { grace: false });
  };

  test.before(async () => {
    hubs = await makeHubs();
    watchA = (await claimed(hubs.a, 'WatchA')).endpoint;
    watchB = (await claimed(hubs.b, 'WatchB')).endpoint;
    await watchA.heard('joined', 'WatchB');
  });
  test.after(() => hubs.close());

  test('a name is claimed once, whatever the spelling; the claimer gets the list and a token', async () => {
    const ann = await claimed(hubs.a, 'Ann');
    assert.is(ann.you, 'Ann');
    assert.is(ann.resumed, false);
    assert.ok(ann.resume.length >= 16);
    assert.ok(ann.users.some((u) => u.name === 'WatchB'));
    assert.equal(await hubs.b.claim(user('ANN'), new FakeEndpoint()), { ok: false, code: 'username-taken' } satisfies ClaimResult);
    await watchB.heard('joined', 'Ann');
    assert.ok((await hubs.b.users()).some((u) => u.name === 'Ann'));
  });

  test('joiners are announced to everyone else, never to themselves', async () => {
    const kim = await claimed(hubs.a, 'Kim');
    for (const watcher of watchers()) await watcher.heard('joined', 'Kim');
    const lee = await claimed(hubs.b, 'Lee');
    await kim.endpoint.heard('joined', 'Lee');
    await fence();
    assert.is(kim.endpoint.announcements('joined', 'Kim'), 0);
    assert.is(lee.endpoint.announcements('joined', 'Lee'), 0);
    assert.is(lee.endpoint.announcements('joined', 'Kim'), 0, 'Kim was in its list already');
  });

  test('only the owner releases a name', async () => {
    const bo = await claimed(hubs.a, 'Bo');
    // Everyone heard of Bo first: a join and a leave within one presence tick cancel out.
    for (const watcher of watchers()) await watcher.heard('joined', 'Bo');
    await hubs.a.release('bo', new FakeEndpoint(), { grace: false });
    await hubs.b.release('bo', new FakeEndpoint(), { grace: false });
    assert.not.ok((await hubs.b.claim(user('Bo'), new FakeEndpoint())).ok);
    await hubs.a.release('bo', bo.endpoint, { grace: false });
    for (const watcher of watchers()) await watcher.heard('left', 'Bo');
    await claimed(hubs.b, 'Bo');
  });

  test('a late release, after someone else claimed the name, does not free it', async () => {
    const first = await claimed(hubs.a, 'Cy');
    for (const watcher of watchers()) await watcher.heard('joined', 'Cy');
    await hubs.a.release('cy', first.endpoint, { grace: false });
    for (const watcher of watchers()) await watcher.heard('left', 'Cy');
    const second = await claimed(hubs.b, 'Cy');
    await hubs.a.release('cy', first.endpoint, { grace: false });
    await hubs.b.release('cy', first.endpoint, { grace: false });
    assert.not.ok((await hubs.a.claim(user('Cy'), new FakeEndpoint())).ok);
    assert.ok(await hubs.a.deliver('cy', chat('still yours')));
    await second.endpoint.until('the chat', () => second.endpoint.all('broadcast').find((m) => m.text === 'still yours'));
    await fence();
    assert.is(watchA.announcements('left', 'Cy'), 1);
  });

  test('a dropped user keeps the name through the grace and resumes it with the token, unseen', async () => {
    const dee = await claimed(hubs.a, 'Dee');
    await watchB.heard('joined', 'Dee');
    await hubs.a.release('dee', dee.endpoint, { grace: true });
    assert.not.ok((await hubs.b.claim(user('Dee'), new FakeEndpoint())).ok);
    assert.not.ok((await hubs.b.claim(user('Dee'), new FakeEndpoint(), 'guess')).ok);
    assert.is(await hubs.b.deliver('dee', chat('nobody home')), false);
    assert.ok((await hubs.b.users()).some((u) => u.name === 'Dee'), JSON.stringify(await hubs.b.users()));
    const back = await claimed(hubs.b, 'dee', new FakeEndpoint(), dee.resume);
    assert.is(back.you, 'Dee', 'the original spelling is kept');
    assert.is(back.resume, dee.resume);
    assert.ok(back.resumed);
    assert.ok(await hubs.a.deliver('dee', chat('welcome back')));
    await back.endpoint.until('the chat', () => back.endpoint.all('broadcast').find((m) => m.text === 'welcome back'));
    await fence();
    for (const watcher of watchers()) {
      assert.is(watcher.announcements('left', 'Dee'), 0);
      assert.is(watcher.announcements('joined', 'dee'), 0);
    }
  });

  test('a resume closes the stale session, whose late release then changes nothing', async () => {
    const eve = await claimed(hubs.a, 'Eve');
    const again = await claimed(hubs.b, 'Eve', new FakeEndpoint(), eve.resume);
    assert.ok(again.resumed);
    const closed = await eve.endpoint.until('the stale session closed', () => eve.endpoint.closed ?? undefined);
    assert.is(closed.code, CLOSE_CODES.resumedElsewhere);
    await hubs.a.release('eve', eve.endpoint, { grace: false });
    assert.not.ok((await hubs.a.claim(user('Eve'), new FakeEndpoint())).ok);
    assert.ok(await hubs.a.deliver('eve', chat('to the new one')));
    await again.endpoint.until('the chat', () => again.endpoint.all('broadcast').find((m) => m.text === 'to the new one'));
  });

  test('after the grace the user is announced gone and the name is free', async () => {
    const fay = await claimed(hubs.b, 'Fay');
    await watchA.heard('joined', 'Fay');
    await hubs.b.release('fay', fay.endpoint, { grace: true });
    for (const watcher of watchers()) await watcher.heard('left', 'Fay', GRACE_MS * 10);
    await claimed(hubs.a, 'Fay');
  });

  test('deliver reaches one user on whichever process holds it, and says when nobody is there', async () => {
    const gus = await claimed(hubs.a, 'Gus');
    await claimed(hubs.b, 'Hal');
    assert.ok(await hubs.b.deliver('gus', chat('for Gus')));
    await gus.endpoint.until('the chat', () => gus.endpoint.all('broadcast').find((m) => m.text === 'for Gus'));
    assert.is(await hubs.a.deliver('nobody', chat('lost')), false);
    assert.is(await hubs.b.deliver('nobody', chat('lost')), false);
  });

  test('a broadcast reaches everyone but the sender, exactly once', async () => {
    const ida = await claimed(hubs.a, 'Ida');
    const jon = await claimed(hubs.b, 'Jon');
    await hubs.a.broadcast(chat('hello all'), user('Ida').key);
    await hubs.a.broadcast(chat('fence'), user('Ida').key);
    for (const endpoint of [jon.endpoint, ...watchers()]) {
      await endpoint.until('the fence', () => endpoint.all('broadcast').find((m) => m.text === 'fence'));
      assert.is(endpoint.all('broadcast').filter((m) => m.text === 'hello all').length, 1);
    }
    assert.is(ida.endpoint.all('broadcast').length, 0);
  });

  test('a broadcast is encoded once: every socket on a process is handed the same bytes', async () => {
    const kai = await claimed(hubs.b, 'Kai');
    await hubs.a.broadcast(chat('one encoding'));
    const handed = async (endpoint: FakeEndpoint) => {
      const index = await endpoint.until('the broadcast', () => {
        const found = endpoint.frames.findIndex((m) => m.type === 'broadcast' && m.text === 'one encoding');
        return found === -1 ? undefined : found;
      });
      return endpoint.rawFrames[index];
    };
    const [toKai, toWatchB] = await Promise.all([handed(kai.endpoint), handed(watchB)]);
    assert.ok(Buffer.isBuffer(toKai), 'handed over as bytes, not as text to encode per socket');
    assert.is(toKai, toWatchB, 'the same bytes for both');
  });

  test.run();
}

hubSuite('hub: memory', async () => {
  const hub = new MemoryHub({ graceMs: GRACE_MS });
  return { a: hub, b: hub, close: () => hub.close() };
});

const redisPath = redisServerPath();
if (redisPath) {
  hubSuite('hub: redis, two processes', async () => {
    const redis = await startRedis(redisPath);
    const options = { url: redis.url, graceMs: GRACE_MS, claimTtlMs: 3000, log: silentLog };
    const [a, b] = await Promise.all([RedisHub.connect(options), RedisHub.connect(options)]);
    return {
      a,
      b,
      async close() {
        await Promise.all([a.close(), b.close()]);
        await redis.stop();
      },
    };
  });
}
