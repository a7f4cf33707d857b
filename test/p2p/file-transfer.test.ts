import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { fileSink, fileSource } from '../../client/node/file-ports.ts';
import type { HeadlessPeer } from '../../client/node/headless-peer.ts';
import { toUsername } from '../../common/username.ts';
import type { TransferInfo } from '../../client/core/transfer/transfer-info.ts';
import { sha256File } from '../../harness/sha256.ts';
import { headlessWorld } from '../helpers/headless-world.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { within } from '../helpers/timing.ts';

const world = headlessWorld(test);

const finished = (peer: HeadlessPeer, id: string) =>
  peer.transfers.next('update', (_, info: TransferInfo) => info.id === id && ['done', 'failed', 'cancelled'].includes(info.state));

test('64 MiB between two Node peers over real WebRTC through the real server: byte-identical', async () => {
  const dir = scratchDir(test, 'transfer-');
  const inbox = join(dir, 'inbox');
  mkdirSync(inbox);
  const original = join(dir, 'big.bin');
  const data = randomBytes(64 * 1024 * 1024);
  writeFileSync(original, data);

  const alice = await world.join('Alice');
  const bob = await world.join('Bob');
  await within(3000, 'Bob online', alice.waitFor('Bob'));
  bob.transfers.on('offer', (peer, info) => {
    void fileSink(inbox, info.name).then((sink) => {
      bob.transfers.accept(peer, info.id, sink);
    });
  });
  const source = await fileSource(original);
  const [offered] = alice.transfers.offer(toUsername('Bob'), [{ name: source.name, type: 'application/octet-stream', source }]);
  const [aliceDone, bobDone] = await within(120_000, 'the transfer', Promise.all([finished(alice, offered!.id), finished(bob, offered!.id)]));
  await source.close();
  assert.is(aliceDone[1].state, 'done');
  assert.is(bobDone[1].state, 'done');
  assert.equal(readdirSync(inbox), ['big.bin']);
  assert.is(await sha256File(join(inbox, 'big.bin')), await sha256File(original));
});

test.run();
