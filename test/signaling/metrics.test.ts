import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { startTestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

/** Reads one sample from Prometheus text, e.g. `chat_frames_total{type="broadcast"}`. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

test('/metrics exposes connections, users, frames by type, errors by code, rate-limit hits and bytes, and counts them', async () => {
  const server = await startTestServer({ broadcastsPerSecond: 1, broadcastBurst: 1 });
  const scrape = async () => (await fetch(`${server.url}/metrics`)).text();
  const before = await scrape();
  const alice = await TestClient.joined(server.wsUrl, 'Alice');
  const bob = await TestClient.joined(server.wsUrl, 'Bob');
  alice.send({ type: 'broadcast', text: 'one' });
  await bob.next('broadcast');
  alice.send({ type: 'broadcast', id: 'two', text: 'two' });
  assert.is((await alice.next('error')).code, 'rate-limited');
  alice.send('not json');
  await alice.next('error', (e) => e.code === 'bad-json');
  const after = await scrape();

  assert.is(sample(after, 'chat_connections'), 2);
  assert.is(sample(after, 'chat_users'), 2);
  assert.is(sample(after, 'chat_frames_total{type="hello"}') - sample(before, 'chat_frames_total{type="hello"}'), 2);
  assert.is(sample(after, 'chat_frames_total{type="broadcast"}'), 2);
  assert.is(sample(after, 'chat_frames_total{type="invalid"}'), 1);
  assert.is(sample(after, 'chat_errors_total{code="rate-limited"}'), 1);
  assert.is(sample(after, 'chat_errors_total{code="bad-json"}'), 1);
  assert.is(sample(after, 'chat_rate_limited_total'), 1);
  assert.ok(sample(after, 'chat_bytes_in_total') > 50);
  assert.ok(sample(after, 'chat_bytes_out_total') > sample(before, 'chat_bytes_out_total'));
  assert.match(after, /process_resident_memory_bytes/);

  await alice.close();
  await bob.left('Alice');
  const closed = await scrape();
  assert.is(sample(closed, 'chat_connections'), 1);
  assert.is(sample(closed, 'chat_users'), 1);
  await bob.close();
  await server.close();
});

test('/readyz is 200 while serving', async () => {
  const server = await startTestServer();
  const response = await fetch(`${server.url}/readyz`);
  assert.is(response.status, 200);
  assert.equal(await response.json(), { ready: true });
  await server.close();
});

test.run();
