import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestServer, TestClient, type TestServer } from '../helpers.ts';

let server: TestServer;
test.before(async () => {
  server = await startTestServer();
});
test.after(() => server.close());

test('joins are pushed to everyone already online, not to the joiner', async () => {
  const alice = await TestClient.joined(server.wsUrl, 'Alice');
  const bob = await TestClient.joined(server.wsUrl, 'Bob');
  assert.is((await alice.next('user-joined')).user.name, 'Bob');
  const carol = await TestClient.joined(server.wsUrl, 'Carol');
  assert.is((await alice.next('user-joined')).user.name, 'Carol');
  assert.is((await bob.next('user-joined')).user.name, 'Carol');
  assert.is(carol.count('user-joined'), 0);
  await Promise.all([alice.close(), bob.close(), carol.close()]);
});

test('a closed socket leaves at once, and everyone is told', async () => {
  const dave = await TestClient.joined(server.wsUrl, 'Dave');
  const erin = await TestClient.joined(server.wsUrl, 'Erin');
  await dave.next('user-joined');
  await erin.close();
  assert.is((await dave.next('user-left')).name, 'Erin');
  // The name is free again.
  const erinAgain = await TestClient.joined(server.wsUrl, 'erin');
  assert.is((await dave.next('user-joined')).user.name, 'erin');
  await Promise.all([dave.close(), erinAgain.close()]);
});

test('a socket that never joined leaves no trace', async () => {
  const frank = await TestClient.joined(server.wsUrl, 'Frank');
  const lurker = await TestClient.open(server.wsUrl);
  await lurker.close();
  const gina = await TestClient.joined(server.wsUrl, 'Gina');
  await frank.next('user-joined', (m) => m.user.name === 'Gina');
  assert.is(frank.count('user-left'), 0);
  await Promise.all([frank.close(), gina.close()]);
});

test.run();
