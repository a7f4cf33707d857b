import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { fileSource } from '../../../client/web/platform/file-source.ts';
import type { ByteSource } from '../../../client/core/transfer/ports.ts';
import { pseudoRandomBytes } from '../../helpers/memory-link.ts';

const bytes = pseudoRandomBytes(3 * 1024 * 1024 + 5, 11) as Uint8Array<ArrayBuffer>;

/** Everything from `offset`, read through a 100 000-byte buffer that, like the engine's, follows the buffer each read returns. */
async function readAll(source: ByteSource, offset: number): Promise<Uint8Array> {
  const reader = source.open(offset);
  const out = new Uint8Array(source.size - offset);
  let buffer = new Uint8Array(100_000);
  for (let at = 0; ; ) {
    const piece = await reader.read(buffer);
    buffer = new Uint8Array(piece.buffer, piece.byteOffset, 100_000);
    if (piece.byteLength === 0) break;
    out.set(piece, at);
    at += piece.byteLength;
  }
  reader.close();
  return out;
}

test('a Blob (a byte stream) is read into the caller’s buffer, from any offset', async () => {
  const blob = new Blob([bytes]);
  assert.equal(await readAll(fileSource(blob), 0), bytes);
  assert.equal(await readAll(fileSource(blob), 1_234_567), bytes.subarray(1_234_567));
});

test('where a Blob stream is not a byte stream, pieces are copied in instead', async () => {
  const blob = new Blob([bytes]);
  // A Blob whose stream() gives plain chunks, as some browsers' did before byte streams.
  const plain = {
    size: blob.size,
    slice: (start: number) => ({
      stream: () => blob.slice(start).stream().pipeThrough(new TransformStream<Uint8Array, Uint8Array>()),
    }),
  } as unknown as Blob;
  assert.throws(() => plain.slice(0).stream().getReader({ mode: 'byob' }));
  assert.equal(await readAll(fileSource(plain), 0), bytes);
  assert.equal(await readAll(fileSource(plain), 99_999), bytes.subarray(99_999));
});

test.run();
