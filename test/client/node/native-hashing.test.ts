/** Node's own SHA-256 in the transfer engine: the same digests as the WebAssembly one, and no checkpoints it could not resume from. */
import * as assert from 'uvu/assert';
import { nativeHashing } from '../../../client/node/native-hashing.ts';
import { wasmHashing } from '../../../client/core/transfer/wasm-hashing.ts';
import { MiB, assertDelivered, connected, offerAndAccept } from '../../helpers/engine-pair.ts';
import { pseudoRandomBytes } from '../../helpers/memory-link.ts';
import { test } from '../../helpers/suite.ts';

test('the native hash and the WebAssembly hash agree, piece by piece', async () => {
  const bytes = pseudoRandomBytes(3 * MiB + 5);
  const [native, wasm] = await Promise.all([nativeHashing.create(), wasmHashing.create()]);
  for (let at = 0; at < bytes.byteLength; at += 256 * 1024 + 3) {
    native.update(bytes.subarray(at, at + 256 * 1024 + 3));
    wasm.update(bytes.subarray(at, at + 256 * 1024 + 3));
  }
  assert.is(native.hex(), wasm.hex());
});

test('a receiver hashing natively makes no checkpoints, and flushes nothing for them, yet verifies the file', async () => {
  const link = connected({ engine: { hashing: nativeHashing, checkpointEvery: 256 * 1024 } });
  let checkpoints = 0;
  link.receiver.on('checkpoint', () => checkpoints++);
  const bytes = pseudoRandomBytes(2 * MiB);
  const { info, sink } = offerAndAccept(link, bytes);
  await assertDelivered(link, info.id, sink, bytes);
  assert.is(checkpoints, 0);
  assert.is(sink.flushes, 0);
});

test.run();
