import { test } from '../../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { ephemeralIdentity } from '../../../../client/core/identity/identity-key.ts';
import { checkLinkProof, fingerprintsIn, proveLink } from '../../../../client/core/identity/link-proof.ts';

const ALICE_CERT = 'sha-256 AA:11';
const BOB_CERT = 'sha-256 BB:22';
const MIDDLE_CERT = 'sha-256 CC:33';

test('fingerprints come from the a=fingerprint lines of a description, normalised and without repeats', () => {
  const sdp = 'v=0\r\na=fingerprint:SHA-256 ab:cd:ef\r\nm=application 9\r\na=fingerprint:sha-256 AB:CD:EF\r\na=setup:actpass\r\n';
  assert.equal(fingerprintsIn(sdp), ['sha-256 AB:CD:EF']);
  assert.equal(fingerprintsIn(''), []);
});

test("a proof made over one side's view of the connection holds over the other side's view of it", async () => {
  const alice = await ephemeralIdentity()();
  const proof = await proveLink(alice, 'chat', { local: [ALICE_CERT], remote: [BOB_CERT] });
  assert.ok(await checkLinkProof(proof, { local: [BOB_CERT], remote: [ALICE_CERT] }));
});

test('with someone in the middle, neither side can accept the other\'s proof', async () => {
  const [alice, bob] = [await ephemeralIdentity()(), await ephemeralIdentity()()];
  // Each side is connected to the middle, not to the other.
  const aliceView = { local: [ALICE_CERT], remote: [MIDDLE_CERT] };
  const bobView = { local: [BOB_CERT], remote: [MIDDLE_CERT] };
  assert.not.ok(await checkLinkProof(await proveLink(alice, 'chat', aliceView), bobView));
  assert.not.ok(await checkLinkProof(await proveLink(bob, 'chat', bobView), aliceView));
});

test('a proof with another key than the one that signed, or without a signature, fails', async () => {
  const [alice, other] = [await ephemeralIdentity()(), await ephemeralIdentity()()];
  const proof = await proveLink(alice, 'chat', { local: [ALICE_CERT], remote: [BOB_CERT] });
  const bobView = { local: [BOB_CERT], remote: [ALICE_CERT] };
  assert.not.ok(await checkLinkProof({ ...proof, key: other!.publicKey }, bobView));
  assert.not.ok(await checkLinkProof(await proveLink(null, 'chat', { local: [ALICE_CERT], remote: [BOB_CERT] }), bobView));
  assert.not.ok(await checkLinkProof(proof, { local: [], remote: [] }), 'no fingerprints, nothing vouched for');
});

test("a proof for one connection of the pair does not pass for another with the same certificates", async () => {
  const alice = await ephemeralIdentity()();
  const proof = await proveLink(alice, 'bulk', { local: [ALICE_CERT], remote: [BOB_CERT] });
  const bobView = { local: [BOB_CERT], remote: [ALICE_CERT] };
  assert.ok(await checkLinkProof(proof, bobView));
  assert.not.ok(await checkLinkProof({ ...proof, lane: 'chat' }, bobView));
});

test.run();
