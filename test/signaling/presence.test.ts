import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
test.before(async () => {
  server = await startTestServer();
});
test.after(() => server.close());

test('joins are pushed to everyone already online, not to the joiner', async () => {
  const alice = await TestClient.joined(server.wsUrl, 'Alice');
  const bob = await TestClient.joined(server.wsUrl, 'Bob');
  await alice.joined('Bob');
  const carol = await TestClient.joined(server.wsUrl, 'Carol');
  await alice.joined('Carol');
  await bob.joined('Carol');
  assert.is(carol.announcements('joined', 'Carol'), 0);
  assert.is(bob.announcements('joined', 'Bob'), 0);
  await Promise.all([alice.close(), bob.close(), carol.close()]);
});

test('a closed socket leaves at once, and everyone is told', async () => {
  const dave = await TestClient.joined(server.wsUrl, 'Dave');
  const erin = await TestClient.joined(server.wsUrl, 'Erin');
  await dave.joined('Erin');
  await erin.close();
  await dave.left('Erin');
  // The name is free again.
  const erinAgain = await TestClient.joined(server.wsUrl, 'erin');
  await dave.joined('erin');
  await Promise.all([dave.close(), erinAgain.close()]);
});

test('a socket that never joined leaves no trace', async () => {
  const frank = await TestClient.joined(server.wsUrl, 'Frank');
  const lurker = await TestClient.open(server.wsUrl);
  await lurker.close();
  const gina = await TestClient.joined(server.wsUrl, 'Gina');
  await frank.joined('Gina');
  assert.is(frank.announced.filter((e) => e.kind === 'left').length, 0);
  await Promise.all([frank.close(), gina.close()]);
});

test('a burst of joins reaches someone already online in a few frames, and each joiner hears only of later ones', async () => {
  const henry = await TestClient.joined(server.wsUrl, 'Henry');
  const names = Array.from({ length: 20 }, (_, i) => `Burst${i}`);
  const burst = await Promise.all(names.map((name) => TestClient.joined(server.wsUrl, name)));
  for (const name of names) await henry.joined(name);
  assert.ok(henry.count('presence') < names.length, `${henry.count('presence')} presence frames for ${names.length} joins`);
  for (const [index, client] of burst.entries()) {
    const inWelcome = new Set(client.received.find((m) => m.type === 'welcome')!.users.map((u) => u.name));
    for (const name of names) if (!inWelcome.has(name)) await client.joined(name);
    assert.is(client.announcements('joined', names[index]!), 0, 'never told of itself');
    for (const name of inWelcome) assert.is(client.announcements('joined', name), 0, `not told twice of ${name}`);
  }
  await Promise.all([henry.close(), ...burst.map((client) => client.close())]);
});

test.run();
