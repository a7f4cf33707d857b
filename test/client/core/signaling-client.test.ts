/** `SignalingClient` against the real server, over `ws`. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { SignalEnvelope } from '../../../common/peer-wire.ts';
import { toUsername, usernameKey } from '../../../common/username.ts';
import { JoinRejected } from '../../../client/core/signaling/join-rejected.ts';
import { PROBE_TIMEOUT_MS, SignalingClient } from '../../../client/core/signaling/signaling-client.ts';
import { startTestServer, type TestServer } from '../../../harness/server.ts';
import { within } from '../../helpers/timing.ts';
import { uniqueName } from '../../helpers/unique-name.ts';
import { TestClient } from '../../helpers/ws-client.ts';
import { wsSockets, type RecordingSockets } from '../../helpers/ws-sockets.ts';

let server: TestServer;
const clients: SignalingClient[] = [];
const raws: TestClient[] = [];
test.before(async () => {
  // Sessions here last milliseconds: hold every dropped name for its token, as a longer one would be.
  server = await startTestServer({ resumeMinSessionMs: 0 });
});
test.after(async () => {
  for (const client of clients) client.close();
  await Promise.all(raws.map((raw) => raw.close()));
  await server.close();
});

function newClient(sockets: RecordingSockets = wsSockets()): SignalingClient {
  const client = new SignalingClient(server.wsUrl, sockets.open);
  clients.push(client);
  return client;
}

async function joined(name: string, sockets?: RecordingSockets): Promise<SignalingClient> {
  const client = newClient(sockets);
  await within(3000, `${name} to join`, client.join(name));
  return client;
}

/** A bare protocol client: sends any frame, well-formed or not. */
async function rawClient(name: string): Promise<TestClient> {
  const raw = await TestClient.joined(server.wsUrl, name);
  raws.push(raw);
  return raw;
}

test('join makes `me` a Username: display as the server spells it (trimmed, NFC), key folded', async () => {
  // A decomposed É (E + U+0301) and stray spaces: the server trims and composes it.
  const name = uniqueName('E\u0301MILE');
  const client = await joined(`  ${name}  `);
  // Folded: the same key as the name in small letters.
  assert.equal(client.me, { display: name.normalize('NFC'), key: usernameKey(name.replace('E\u0301MILE', 'émile')) });
  assert.is(client.me?.display.slice(0, 5), '\u00c9MILE');
  assert.is(client.state, 'joined');
});

test('the user list after joining holds everyone already there as Usernames', async () => {
  const name = uniqueName('Ｆirst');
  await joined(name);
  const second = await joined(uniqueName('Second'));
  assert.equal(second.users.find((user) => user.display === name), { display: name, key: usernameKey(name.replace('Ｆ', 'f')) });
});

test('user-joined and user-left carry the other user as a Username', async () => {
  const watcher = await joined(uniqueName('Watcher'));
  const name = uniqueName('ＣOMER');
  const arrived = watcher.next('user-joined', (user) => user.display === name);
  const comer = await joined(name);
  const [joinedUser] = await within(3000, 'user-joined', arrived);
  assert.equal(joinedUser, { display: name, key: toUsername(name).key });
  assert.is(joinedUser.key, usernameKey(name.replace('ＣOMER', 'comer')), 'width and case folded');
  const gone = watcher.next('user-left', (user) => user.key === joinedUser.key);
  comer.close();
  const [leftUser] = await within(3000, 'user-left', gone);
  assert.equal(leftUser, joinedUser);
  assert.not.ok(watcher.isOnline(leftUser));
});

test('a join refused for a taken name rejects with JoinRejected, and the same socket then joins under another', async () => {
  const taken = uniqueName('Taken');
  await joined(taken);
  const sockets = wsSockets();
  const client = newClient(sockets);
  const refusal = await within(3000, 'the refusal', client.join(taken.toLowerCase()).then(() => null, (error: unknown) => error));
  assert.instance(refusal, JoinRejected);
  assert.is((refusal as JoinRejected).code, 'username-taken');
  assert.is(client.state, 'idle');
  const other = uniqueName('Other');
  await within(3000, 'the second join', client.join(other));
  assert.is(client.me?.display, other);
  assert.is(sockets.opened.length, 1, 'both joins went over one socket');
});

test('after the socket dies without a close frame, the client goes reconnecting and comes back joined under the same name', async () => {
  const sockets = wsSockets();
  const client = await joined(uniqueName('Dropped'), sockets);
  const me = client.me;
  const token = client.resumeToken;
  const states: string[] = [];
  client.on('state', (state) => states.push(state));
  const back = client.next('state', (state) => state === 'joined');
  sockets.opened[0]!.terminate(); // the TCP connection goes; the server sees 1006, as from a lost network
  await within(5000, 'the client to rejoin', back);
  assert.equal(states, ['reconnecting', 'joined']);
  assert.equal(client.me, me);
  assert.is(client.resumeToken, token, 'the name was reclaimed with its token, not joined afresh');
  assert.is(sockets.opened.length, 2);
});

test('checkConnection on a live socket keeps it: the pong answers, and no second socket is opened', async () => {
  const sockets = wsSockets();
  const client = await joined(uniqueName('Awake'), sockets);
  const pong = client.next('message', (message) => message.type === 'pong');
  client.checkConnection();
  await within(3000, 'the pong', pong);
  assert.is(client.state, 'joined');
  assert.is(sockets.opened.length, 1);
});

test('checkConnection on a socket that went silent gives it up and rejoins under the same name with the token', async () => {
  const sockets = wsSockets();
  const client = await joined(uniqueName('Asleep'), sockets);
  const me = client.me;
  const token = client.resumeToken;
  const states: string[] = [];
  client.on('state', (state) => states.push(state));
  // Nothing more is read from it and nothing closes it: what a suspended phone's socket looks like.
  sockets.opened[0]!.pause();
  const back = client.next('state', (state) => state === 'joined');
  client.checkConnection();
  await within(PROBE_TIMEOUT_MS + 3000, 'the client to give the socket up and rejoin', back);
  assert.equal(states, ['reconnecting', 'joined']);
  assert.equal(client.me, me);
  assert.is(client.resumeToken, token, 'the name was reclaimed with its token');
  assert.is(sockets.opened.length, 2);
});

test('a signal whose data is not an envelope we know is dropped', async () => {
  const client = await joined(uniqueName('Target'));
  const raw = await rawClient(uniqueName('Sender'));
  const signals: SignalEnvelope[] = [];
  client.on('signal', (_, envelope) => signals.push(envelope));
  const to = client.me!.display;
  for (const data of [{}, { sid: 's1' }, { sid: 's1', signal: 'offer' }, { sid: '', signal: {} }, { call: 7, signal: {} }, { request: 'yes' }]) {
    raw.send({ type: 'signal', to, data });
  }
  // A valid one behind them: frames from one socket arrive in order, so by then the others were handled.
  const last = client.next('signal');
  raw.send({ type: 'signal', to, data: { request: true } });
  await within(3000, 'the valid signal', last);
  assert.equal(signals, [{ kind: 'request' }]);
});

test('a valid signal arrives on the signal event as a typed SignalEnvelope from a Username', async () => {
  const client = await joined(uniqueName('Target'));
  const name = uniqueName('Ｓender');
  const raw = await rawClient(name);
  const heard = client.next('signal');
  raw.send({ type: 'signal', to: client.me!.display, data: { sid: 'attempt-1', signal: { type: 'offer', sdp: 'v=0', ownBulkConnection: true } } });
  const [from, envelope] = await within(3000, 'the signal', heard);
  assert.equal(from, toUsername(name));
  assert.equal(envelope, { kind: 'session', sid: 'attempt-1', signal: { lane: 'chat', data: { type: 'offer', sdp: 'v=0' }, ownBulkConnection: true } });
});

test.run();
