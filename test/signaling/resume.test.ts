import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { CLOSE_CODES } from '../../common/close-codes.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

const GRACE_MS = 600;
let server: TestServer;
let watcher: TestClient;
test.before(async () => {
  // These sessions last milliseconds; that a short one is not held is join-limits' to test.
  server = await startTestServer({ resumeGraceMs: GRACE_MS, resumeMinSessionMs: 0 });
  watcher = await TestClient.joined(server.wsUrl, 'Watcher');
});
test.after(async () => {
  await watcher.close();
  await server.close();
});

/** Joins, then drops the TCP connection without a close frame, as a lost network would. */
async function joinAndDrop(name: string): Promise<string> {
  const client = await TestClient.open(server.wsUrl);
  client.send({ type: 'hello', v: 1, name });
  const { resume } = await client.next('welcome');
  await watcher.joined(name);
  client.socket.terminate();
  await client.closed;
  return resume;
}

test('a dropped client reclaims its name with the resume token, and nobody saw it leave', async () => {
  const resume = await joinAndDrop('Alice');
  const back = await TestClient.open(server.wsUrl);
  back.send({ type: 'hello', v: 1, name: 'alice', resume });
  const welcome = await back.next('welcome');
  assert.is(welcome.you, 'Alice', 'the original spelling is kept');
  assert.is(welcome.resume, resume);
  // Fence: a second user dropped now has a grace period ending after Alice's old one would have.
  await joinAndDrop('Fence');
  await watcher.left('Fence', GRACE_MS * 4);
  assert.is(watcher.announcements('left', 'Alice'), 0);
  assert.is(watcher.announcements('joined', 'alice'), 0);
  await back.close();
  await watcher.left('Alice');
});

test('during the grace a stranger cannot take the name, nor guess the token', async () => {
  await joinAndDrop('Bob');
  const stranger = await TestClient.open(server.wsUrl);
  stranger.send({ type: 'hello', v: 1, name: 'Bob' });
  assert.is((await stranger.next('rejected')).code, 'username-taken');
  stranger.send({ type: 'hello', v: 1, name: 'Bob', resume: 'guess' });
  assert.is((await stranger.next('rejected')).code, 'username-taken');
  await stranger.close();
});

test('after the grace the user is announced as gone and the name is free', async () => {
  await joinAndDrop('Carol');
  await watcher.left('Carol', GRACE_MS * 4);
  const newcomer = await TestClient.joined(server.wsUrl, 'Carol');
  await newcomer.close();
});

test('a resume replaces a stale socket the server has not noticed is dead', async () => {
  const first = await TestClient.open(server.wsUrl);
  first.send({ type: 'hello', v: 1, name: 'Dave' });
  const { resume } = await first.next('welcome');
  const second = await TestClient.open(server.wsUrl);
  second.send({ type: 'hello', v: 1, name: 'Dave', resume });
  await second.next('welcome');
  assert.is((await first.closed).code, CLOSE_CODES.resumedElsewhere);
  // The stale socket's close must not free the name the new socket holds.
  const stranger = await TestClient.open(server.wsUrl);
  stranger.send({ type: 'hello', v: 1, name: 'Dave' });
  assert.is((await stranger.next('rejected')).code, 'username-taken');
  await Promise.all([second.close(), stranger.close()]);
});

test.run();
