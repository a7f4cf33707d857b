/** TURN REST credentials (coturn's `use-auth-secret`) and the ICE configuration each client gets. */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { usernameKey } from '../../common/username.ts';
import { loadConfig } from '../../signaling/config.ts';
import { iceServersFor, turnCredentials } from '../../signaling/ice-servers.ts';
import { startTestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

test('credentials follow the TURN REST convention (vector computed with openssl)', () => {
  // printf '%s' '1700003600:alice' | openssl dgst -sha1 -hmac north -binary | base64
  const credentials = turnCredentials('north', 'alice', 3600, 1_700_000_000_000);
  assert.equal(credentials, { username: '1700003600:alice', credential: 'wjwSXO2ch1B6VaLTLMy2Avn5O9o=', expiresAt: 1_700_003_600 });
});

test('the expiry is now plus the TTL, so old credentials stop working on their own', () => {
  const now = Date.UTC(2026, 10, 28, 12, 0, 0);
  const { username, expiresAt } = turnCredentials('s3cret', 'bob', 600, now);
  assert.is(expiresAt, now / 1000 + 600);
  assert.is(username, `${expiresAt}:bob`);
  assert.is.not(turnCredentials('s3cret', 'bob', 600, now + 1000).credential, turnCredentials('s3cret', 'bob', 600, now).credential);
});

test('TURN comes with per-user credentials; the secret never appears in what clients get', () => {
  const config = loadConfig({ ICE_SERVERS: 'stun:stun.example.org:3478', TURN_URLS: 'turn:turn.example.org:3478?transport=udp', TURN_SECRET: 'north' });
  const servers = iceServersFor(config, 'alice', 1_700_000_000_000);
  assert.equal(servers, [
    { urls: 'stun:stun.example.org:3478' },
    { urls: ['turn:turn.example.org:3478?transport=udp'], username: '1700003600:alice', credential: 'wjwSXO2ch1B6VaLTLMy2Avn5O9o=' },
  ]);
  assert.not.match(JSON.stringify(servers), /"north"/);
});

test('a TURN secret without TURN URLs is a configuration error', () => {
  assert.throws(() => loadConfig({ TURN_SECRET: 'north' }), /TURN_SECRET.*TURN_URLS/);
});

test('welcome carries the TURN credentials, the transport policy and the call timeout', async () => {
  const server = await startTestServer({ turnUrls: ['turn:127.0.0.1:3478'], turnSecret: 'north', iceTransportPolicy: 'relay', callTimeoutMs: 12_000 });
  try {
    const client = await TestClient.open(server.wsUrl);
    client.send({ type: 'hello', v: 1, name: 'Alice' });
    const welcome = await client.next('welcome');
    const before = Math.floor(Date.now() / 1000);
    const turn = welcome.ice.find((server) => server.username);
    const [expiry, user] = turn?.username?.split(':') ?? [];
    assert.is(user, usernameKey('Alice'));
    assert.ok(Number(expiry) >= before + 3600 - 5 && Number(expiry) <= before + 3600 + 5, `expiry ${expiry}`);
    assert.is(welcome.iceTransportPolicy, 'relay');
    assert.is(welcome.callTimeoutMs, 12_000);
    await client.close();
  } finally {
    await server.close();
  }
});

test.run();
