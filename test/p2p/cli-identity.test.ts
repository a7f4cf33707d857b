/** The command-line peer's identity: its key file, safety numbers, `--expect`, a changed key and a server in the middle. */
import { statSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { formatSafetyNumber, safetyNumber } from '../../client/core/identity/safety-number.ts';
import type { ByteSink } from '../../client/core/transfer/ports.ts';
import { fileSource } from '../../client/node/file-ports.ts';
import { HeadlessPeer } from '../../client/node/headless-peer.ts';
import { fileIdentity } from '../../client/node/identity-files.ts';
import { toUsername } from '../../common/username.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { runCli } from '../helpers/cli-peer.ts';
import { MitmHub } from '../helpers/mitm-hub.ts';
import { randomFile } from '../helpers/random-file.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { within } from '../helpers/timing.ts';

const dir = scratchDir(test, 'cli-identity-');
let honest: TestServer;
const servers: TestServer[] = [];
const peers: HeadlessPeer[] = [];
test.before(async () => {
  servers.push((honest = await startTestServer()));
});
test.after(async () => {
  await Promise.all(peers.map((peer) => peer.close()));
  for (const server of servers) await server.close();
});

async function joinAs(server: TestServer, name: string): Promise<HeadlessPeer> {
  const peer = await HeadlessPeer.join(server.wsUrl, name);
  peers.push(peer);
  return peer;
}

/** A sink that keeps nothing: these tests check who may send, not what arrives. */
const nowhere: ByteSink = { write: async () => {}, flush: async () => true, truncate: async () => {}, finish: async () => {}, discard: async () => {} };

/** Has `receiver` accept whatever is offered; returns the names offered, as they come. */
function acceptEverything(receiver: HeadlessPeer): string[] {
  const offered: string[] = [];
  receiver.transfers.on('offer', (from, info) => {
    offered.push(info.name);
    receiver.transfers.accept(from, info.id, nowhere);
  });
  return offered;
}

test('the key file is written once, owner-only; the CLI prints the safety number the peer computes, and --expect with it sends', async () => {
  const identity = join(dir, 'sender-identity');
  const cliKey = (await fileIdentity(identity)())!.publicKey;
  assert.is(statSync(join(identity, 'identity.key')).mode & 0o777, 0o600);
  assert.is((await fileIdentity(identity)())!.publicKey, cliKey, 'read back, not made again');

  const bob = await joinAs(honest, 'Bob');
  const bobKey = (await bob.identities.identity())!.publicKey;
  const number = formatSafetyNumber(await safetyNumber({ publicKey: cliKey, nameKey: 'sender' }, { publicKey: bobKey, nameKey: 'bob' })).join(' ');
  acceptEverything(bob);
  const file = randomFile(dir, 'expected.bin', 64 * 1024);
  const cli = runCli(honest.url, ['send', 'Bob', file, '--name', 'Sender', '--identity', identity, '--expect', number]);
  assert.is(await within(30_000, 'the CLI to finish', cli.exited), 0, cli.output());
  assert.match(cli.output(), `Bob: safety number ${number} (verified)`);
});

test('--expect with another number: the CLI refuses before offering anything', async () => {
  const carol = await joinAs(honest, 'Carol');
  const offered = acceptEverything(carol);
  const cli = runCli(honest.url, ['send', 'Carol', randomFile(dir, 'unexpected.bin', 1024), '--name', 'Sender2', '--expect', '1'.repeat(60)]);
  assert.is(await within(30_000, 'the CLI to exit', cli.exited), 1, cli.output());
  assert.match(cli.output(), 'not the identity key expected');
  assert.equal(offered, []);
});

test('a known name back with a new key: the CLI refuses it before taking anything', async () => {
  const identity = join(dir, 'receiver-identity');
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  const send = async (sender: HeadlessPeer, name: string) => {
    await within(15_000, 'Robot online', sender.waitFor('Robot'));
    sender.transfers.offer(toUsername('Robot'), [{ name, type: 'application/octet-stream', source: await fileSource(randomFile(dir, name, 1024)) }]);
  };

  const first = runCli(honest.url, ['receive', '--to', inbox, '--count', '1', '--name', 'Robot', '--identity', identity]);
  const dave = await joinAs(honest, 'Dave');
  await send(dave, 'first.bin');
  assert.is(await within(30_000, 'the first run to finish', first.exited), 0, first.output());
  await dave.close();

  const second = runCli(honest.url, ['receive', '--to', inbox, '--count', '1', '--name', 'Robot', '--identity', identity]);
  const newDave = await joinAs(honest, 'Dave');
  await send(newDave, 'second.bin');
  assert.is(await within(30_000, 'the second run to exit', second.exited), 1, second.output());
  assert.match(second.output(), 'Dave: not the identity key expected');
  assert.equal(readdirSync(inbox), ['first.bin']);
});

test('through a server in the middle, the CLI sees it, says so, and no file offer reaches the middle', async () => {
  const mitm = new MitmHub('Sender3', 'Erin');
  const server = await startTestServer({}, mitm);
  servers.push(server);
  const erin = await joinAs(server, 'Erin');
  const offered = acceptEverything(erin);
  const cli = runCli(server.url, ['send', 'Erin', randomFile(dir, 'secret-plans.bin', 1024), '--name', 'Sender3']);
  assert.is(await within(30_000, 'the CLI to exit', cli.exited), 1, cli.output());
  assert.match(cli.output(), 'in the middle');
  assert.ok(mitm.carriedOnlyProofs(), `the middle carried ${JSON.stringify(mitm.passed.map((frame) => frame.t))}`);
  assert.not.match(JSON.stringify(mitm.passed), 'secret-plans');
  assert.equal(offered, []);
});

test.run();
