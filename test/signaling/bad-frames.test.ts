import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { connect } from 'node:net';
import { LIMITS } from '../../common/limits.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

let server: TestServer;
let offender: TestClient, bystander: TestClient;
test.before(async () => {
  server = await startTestServer();
  offender = await TestClient.joined(server.wsUrl, 'Offender');
  bystander = await TestClient.joined(server.wsUrl, 'Bystander');
});
test.after(async () => {
  await Promise.all([offender.close(), bystander.close()]);
  await server.close();
});

const garbage: Array<[string, string | Buffer, string]> = [
  ['not JSON', '{{{', 'bad-json'],
  ['an unknown type', '{"type":"nuke"}', 'unknown-type'],
  ['a wrongly typed field', '{"type":"broadcast","text":42}', 'invalid-message'],
  ['an oversize field', JSON.stringify({ type: 'broadcast', text: 'x'.repeat(LIMITS.maxBroadcastChars + 1) }), 'field-too-large'],
  ['a binary frame', Buffer.from([0xde, 0xad, 0xbe, 0xef]), 'bad-frame'],
  ['deep nesting', '['.repeat(10_000) + ']'.repeat(10_000), 'invalid-message'],
];

for (const [what, frame, code] of garbage) {
  test(`${what} gets a ${code} error frame and breaks nothing`, async () => {
    offender.send(frame);
    assert.is((await offender.next('error')).code, code);
    // The offender's next valid message still works, and the bystander sees it.
    offender.send({ type: 'broadcast', text: `after ${what}` });
    assert.is((await bystander.next('broadcast')).text, `after ${what}`);
  });
}

test('an oversize frame closes that socket with 1009, and nobody else notices', async () => {
  const big = await TestClient.joined(server.wsUrl, 'Big');
  await bystander.joined('Big');
  big.send('x'.repeat(LIMITS.maxFrameBytes + 1));
  assert.is((await big.closed).code, 1009);
  await bystander.left('Big');
  offender.send({ type: 'broadcast', text: 'still here' });
  assert.is((await bystander.next('broadcast')).text, 'still here');
  assert.is(bystander.count('error'), 0);
});

test('hostile HTTP request targets get an answer, not a crash', async () => {
  for (const target of ['//x:99999', '//x:99999/ws', 'http://[::1', '/%zz', '/ws?x=%zz']) {
    for (const upgrade of [false, true]) {
      const reply = await rawRequest(server.port, target, upgrade);
      assert.match(reply, /^HTTP\/1\.1 \d{3}/, `${target} (upgrade: ${upgrade})`);
    }
  }
});

test('the server still answers HTTP and new joins after all of it', async () => {
  const health = await fetch(`${server.url}/healthz`);
  assert.is(health.status, 200);
  const late = await TestClient.joined(server.wsUrl, 'Late');
  await late.close();
});

/** Sends one raw HTTP request (optionally a WebSocket upgrade) and returns the first bytes of the reply. */
function rawRequest(port: number, target: string, upgrade: boolean): Promise<string> {
  const headers = upgrade
    ? 'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n'
    : 'Connection: close\r\n';
  return within(3000, `a reply to ${target}`, new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\n${headers}\r\n`));
    socket.once('data', (data) => {
      resolve(data.toString());
      socket.destroy();
    });
    socket.once('error', reject);
  }));
}

test.run();
