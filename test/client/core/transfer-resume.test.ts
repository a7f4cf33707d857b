/** The transfer engine picks up where it stopped: after the link drops, and after the receiving page reloads. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { CHUNK_HEADER_BYTES } from '../../../common/chunk-frame.ts';
import type { Checkpoint } from '../../../client/core/transfer/transfer-info.ts';
import { CHUNK, MAX_MESSAGE, MiB, connected, finish, offerAndAccept } from '../../helpers/engine-pair.ts';
import { nextUpdate, pseudoRandomBytes } from '../../helpers/memory-link.ts';

test('the link drops at random offsets: each time it resumes where it stopped, and the file ends byte-identical', async () => {
  const highWater = 256 * 1024;
  const link = connected({ bytesPerTick: 64 * 1024, engine: { highWater, lowWater: highWater / 2, progressEveryMs: 0 } });
  const size = 4 * MiB;
  const drops = 5;
  const bytes = pseudoRandomBytes(size, 99);
  const { info, sink } = offerAndAccept(link, bytes);
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let drop = 0; drop < drops; drop++) {
    const at = Math.floor(((drop + random()) / (drops + 1)) * size);
    await nextUpdate(link.receiver, (u) => u.id === info.id && u.bytes >= at, `progress past ${at}`);
    link.drop();
    link.connect();
  }
  await finish(link, info.id);
  assert.equal(sink.content(), bytes);
  // Each drop loses at most what was in flight (the window, plus a chunk being written), never the whole file.
  const bound = size * (1 + CHUNK_HEADER_BYTES / CHUNK) + drops * (highWater + 2 * MAX_MESSAGE);
  assert.ok(link.totalBytesSent() <= bound, `${link.totalBytesSent()} bytes sent for ${size}: more than resuming allows (${bound})`);
});

test('after a receiver reload, a new engine resumes from the last checkpoint and the file ends byte-identical', async () => {
  const link = connected({ bytesPerTick: 64 * 1024, engine: { checkpointEvery: 256 * 1024, progressEveryMs: 0 } });
  const bytes = pseudoRandomBytes(3 * MiB, 5);
  const { info, sink } = offerAndAccept(link, bytes);
  let last: Checkpoint | null = null;
  link.receiver.on('checkpoint', (checkpoint) => (last = checkpoint));
  await nextUpdate(link.receiver, (u) => u.id === info.id && u.bytes >= MiB, 'a megabyte');
  link.drop();
  const checkpoint = last as Checkpoint | null;
  assert.ok(checkpoint && checkpoint.offset > 0 && checkpoint.offset < bytes.byteLength);

  // The page is gone; a new one restores from what it stored.
  link.receiver = link.newReceiver();
  await link.receiver.restore(structuredClone(checkpoint), sink);
  assert.is(sink.length, checkpoint.offset, 'the sink is cut back to the checkpoint');
  link.connect();
  await finish(link, info.id);
  assert.equal(sink.content(), bytes);
});

test('a drop that loses the final file-done still ends done on both sides once the link is back', async () => {
  const link = connected();
  const bytes = pseudoRandomBytes(200 * 1024, 3);
  const { info, sink } = offerAndAccept(link, bytes);
  const receiverDone = nextUpdate(link.receiver, (u) => u.id === info.id && u.state === 'done', 'the receiver done');
  await nextUpdate(link.receiver, (u) => u.id === info.id && u.state === 'verifying', 'the receiver verifying');
  link.drop(); // the file-done (delivered a tick later) is lost
  await receiverDone;
  assert.is(link.sender.transfers.find((t) => t.id === info.id)?.state, 'verifying', 'the sender did not hear it');
  const senderDone = nextUpdate(link.sender, (u) => u.id === info.id && u.state === 'done', 'the sender done');
  link.connect();
  await senderDone;
  assert.equal(sink.content(), bytes);
});

test.run();
