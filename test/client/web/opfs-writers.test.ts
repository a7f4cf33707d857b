/**
 * The OPFS writers, on a file handle that keeps its bytes in memory and, like the browsers', makes
 * each `createWritable({ keepExistingData: true })` start from a copy of the whole file so far.
 */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { openWriter } from '../../../client/web/platform/opfs-writers.ts';

const MiB = 1024 * 1024;

/** A file with only `createWritable` (as without sync access handles), counting the bytes each opening copies. */
function streamOnlyFile() {
  const file = { size: 0, copied: 0, opened: 0 };
  const handle = {
    async createWritable({ keepExistingData }: { keepExistingData: boolean }) {
      file.opened++;
      let size = keepExistingData ? file.size : 0;
      file.copied += size;
      return {
        async write({ position, data }: { position: number; data: Uint8Array }) {
          size = Math.max(size, position + data.byteLength);
        },
        async truncate(length: number) {
          size = length;
        },
        async close() {
          file.size = size;
        },
      };
    },
  };
  return { file, handle: handle as unknown as FileSystemFileHandle };
}

test('without sync access handles, flushing every 16 MiB of a 4 GiB file copies it about 3 times over, not once per flush', async () => {
  const { file, handle } = streamOnlyFile();
  const writer = await openWriter(handle);
  const piece = new Uint8Array(16 * MiB);
  let durable = 0;
  for (let at = 0; at < 4096 * MiB; at += piece.byteLength) {
    await writer.write(at, piece);
    if (await writer.flush()) durable = at + piece.byteLength;
  }
  await writer.close();
  const copies = file.copied / file.size;
  console.log(`  4 GiB written, flushed every 16 MiB: ${file.opened} openings, ${copies.toFixed(2)}× the file copied, last durable ${durable / MiB} MiB`);
  assert.ok(copies <= 3, `copied ${copies.toFixed(1)}× the file`);
  assert.ok(durable >= (4096 * MiB) / 2, 'at least half the file was made durable before the end');
  assert.is(file.size, 4096 * MiB);
});

test('a flush it declines says so (false), and one it makes says true, so a checkpoint never counts on bytes only in the swap file', async () => {
  const { file, handle } = streamOnlyFile();
  const writer = await openWriter(handle);
  await writer.write(0, new Uint8Array(16 * MiB));
  assert.is(await writer.flush(), true);
  assert.is(file.size, 16 * MiB);
  await writer.write(16 * MiB, new Uint8Array(MiB));
  assert.is(await writer.flush(), false, 'a flush after a sixteenth more is declined');
  assert.is(file.size, 16 * MiB, 'and the file on disk is unchanged');
});

test.run();
