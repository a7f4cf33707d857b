/**
 * Connections that take a place and never use it: TCP connections over the per-address cap, HTTP
 * requests whose headers never finish, and WebSockets that never say hello.
 */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { startTestServer } from '../../harness/server.ts';
import { loopback } from '../helpers/addresses.ts';
import { halfOpen } from '../helpers/half-open.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

test('TCP connections past MAX_SOCKETS_PER_IP are closed as they are accepted; other addresses are served', async () => {
  const server = await startTestServer({ maxSocketsPerIp: 20 });
  const held = [];
  for (let i = 0; i < 30; i++) held.push(await halfOpen(server.url, loopback(2)));
  const refused = held.slice(20);
  await within(3000, 'the connections past the cap to be closed', Promise.all(refused.map((connection) => connection.ended)));
  assert.is(held.slice(0, 20).filter((connection) => connection.isEnded).length, 0, 'the first 20 are still open');
  assert.is((await fetch(`${server.url}/healthz`)).status, 200);
  const other = await TestClient.joined(server.wsUrl, 'Other');
  // A place freed is a place again.
  held[0]!.socket.destroy();
  await held[0]!.ended;
  const next = await halfOpen(server.url, loopback(2));
  assert.is(next.isEnded, false);
  for (const connection of [...held, next]) connection.socket.destroy();
  await other.close();
  await server.close();
});

test('a request whose headers never finish is answered 408 and closed after HTTP_REQUEST_TIMEOUT_MS', async () => {
  const server = await startTestServer({ httpRequestTimeoutMs: 300 });
  const slow = await halfOpen(server.url, loopback(2));
  const answer = await within(3000, 'the server to give up on the request', slow.ended);
  assert.match(answer, /^HTTP\/1\.1 408/);
  await server.close();
});

test('a WebSocket that never says hello is closed with 4003 after HELLO_TIMEOUT_MS; one that did stays', async () => {
  const server = await startTestServer({ helloTimeoutMs: 300 });
  const silent = await TestClient.open(server.wsUrl);
  const chosen = await TestClient.open(server.wsUrl);
  // A hello that is refused still counts: the user is choosing a name.
  chosen.send({ type: 'hello', v: 1, name: '!' });
  assert.is((await chosen.next('rejected')).code, 'username-invalid');
  const { code, reason } = await within(3000, 'the silent socket to be closed', silent.closed);
  assert.is(code, 4003);
  assert.match(reason, /hello/);
  chosen.send({ type: 'hello', v: 1, name: 'Chosen' });
  await chosen.next('welcome');
  await chosen.close();
  await server.close();
});

test.run();
