import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { LOOKALIKES } from '../helpers/lookalike-names.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
test.before(async () => {
  server = await startTestServer();
});
test.after(() => server.close());

/** Sends `hello` and says how the server answered: `welcome`, or the code it was rejected with. */
async function hello(client: TestClient, name: string): Promise<string> {
  client.send({ type: 'hello', v: 1, name });
  const answer = await client.first(['welcome', 'rejected']);
  return answer.type === 'rejected' ? answer.code : answer.type;
}

test('while the imitated names are online, every lookalike hello is refused (username-taken or username-invalid)', async () => {
  // Originals that share a key (`alice`, `Alice`, `ALICE`) hold it once: the second is told it is taken.
  const originals: TestClient[] = [];
  for (const name of new Set(LOOKALIKES.flatMap((attack) => attack.imitates ?? []))) {
    const client = await TestClient.open(server.wsUrl);
    const answer = await hello(client, name);
    assert.ok(answer === 'welcome' || answer === 'username-taken', `${name}: ${answer}`);
    originals.push(client);
  }
  const welcomed: string[] = [];
  try {
    for (const attack of LOOKALIKES) {
      const client = await TestClient.open(server.wsUrl);
      const answer = await hello(client, attack.name);
      await client.close();
      if (answer === 'welcome') welcomed.push(`${attack.how}: ${JSON.stringify(attack.name)}`);
      else assert.ok(answer === 'username-taken' || answer === 'username-invalid', `${attack.how}: ${answer}`);
    }
  } finally {
    await Promise.all(originals.map((client) => client.close()));
  }
  console.log(`  lookalikes welcomed while their original was online: ${welcomed.length} of ${LOOKALIKES.length}`);
  assert.equal(welcomed, []);
});

test('a call cannot arrive "from" a lookalike of a user who is online', async () => {
  const [alice, bob] = [await TestClient.joined(server.wsUrl, 'alice'), await TestClient.joined(server.wsUrl, 'bob')];
  const impostor = await TestClient.open(server.wsUrl);
  await hello(impostor, 'al\u17B4ice');
  impostor.send({ type: 'call', to: 'bob', callId: 'spoof', action: 'ring', media: 'audio' });
  // A connection's frames are handled in order, and a broadcast is always answered (ack or error):
  // once it is, the call before it was relayed or refused, and the real alice's ring comes after.
  impostor.send({ type: 'broadcast', id: 'b1', text: 'hi' });
  await impostor.first(['broadcast-ack', 'error']);
  alice.send({ type: 'call', to: 'bob', callId: 'real', action: 'ring', media: 'audio' });
  await bob.next('call', (call) => call.callId === 'real');
  assert.equal(bob.received.filter((m) => m.type === 'call').map((m) => m.type === 'call' && m.from), ['alice']);
  await Promise.all([alice.close(), bob.close(), impostor.close()]);
});

test.run();
