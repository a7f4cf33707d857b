/**
 * A receiving transfer engine against a hostile sender that writes whatever frames it likes:
 * offers nobody asked for, and chunks past the send window.
 */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { BulkChannel } from '../../../client/core/peers/bulk-channel.ts';
import { TransferEngine } from '../../../client/core/transfer/transfer-engine.ts';
import type { TransferInfo } from '../../../client/core/transfer/transfer-info.ts';
import { CHUNK_HEADER_BYTES, sealChunk } from '../../../common/chunk-frame.ts';
import { PEER_LIMITS } from '../../../common/limits.ts';
import type { TransferFrame } from '../../../common/peer-wire.ts';
import { MemorySink } from '../../helpers/memory-link.ts';
import { within } from '../../helpers/timing.ts';

const MiB = 1024 * 1024;

/** A receiving engine on a bulk channel the test writes into directly; every control frame it sends is kept. */
function receiver() {
  const sent: TransferFrame[] = [];
  const engine = new TransferEngine((frame) => (sent.push(frame), true));
  let deliver: (frame: Uint8Array) => void = () => {};
  const bulk: BulkChannel = {
    maxMessageSize: 256 * 1024,
    bufferedAmount: 0,
    send() {},
    waitForLow: async () => {},
    onMessage(listener) {
      deliver = listener;
      return () => {};
    },
  };
  engine.attach(bulk);
  return { engine, sent, deliver: (frame: Uint8Array) => deliver(frame) };
}

const offer = (i: number, size = 1000): TransferFrame => ({ t: 'file-offer', id: `offer-${i}`, seq: i, name: `spam-${i}.bin`, size, type: '' });

/** Memory outside the JS heap: where hash-wasm keeps each hasher's WebAssembly memory. */
const external = () => process.memoryUsage().external;

/** Polls until `done()` holds (bounded). */
async function until(what: string, done: () => boolean): Promise<void> {
  await within(20_000, what, (async () => {
    while (!done()) await new Promise((resolve) => setTimeout(resolve, 10));
  })());
}

/** External memory once it has stopped growing (hashers are made asynchronously, a while after their offers). */
async function settledExternal(): Promise<number> {
  let last = external();
  for (let still = 0; still < 5; ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    const now = external();
    still = now === last ? still + 1 : 0;
    last = now;
  }
  return last;
}

test('3000 unsolicited offers: a bounded number wait for an answer, the rest are declined, and they cost little memory', async () => {
  const { engine, sent } = receiver();
  let shown = 0;
  engine.on('offer', () => shown++);
  const before = await settledExternal();
  for (let i = 0; i < 3000; i++) engine.handle(offer(i));
  const grown = ((await settledExternal()) - before) / MiB;
  const declined = sent.filter((frame) => frame.t === 'file-decline').length;
  console.log(`  3000 offers: ${shown} shown to the user, ${declined} declined, external memory +${grown.toFixed(1)} MiB`);
  assert.ok(shown <= PEER_LIMITS.maxPendingOffers, `${shown} offers pending`);
  assert.is(declined, 3000 - shown);
  assert.ok(grown < 8, `${grown.toFixed(1)} MiB for 3000 offers`);
});

test('an offer holds no hasher until it is accepted', async () => {
  const { engine } = receiver();
  const before = await settledExternal();
  for (let i = 0; i < 20; i++) engine.handle(offer(i));
  const grown = ((await settledExternal()) - before) / MiB;
  console.log(`  20 pending offers: external memory +${grown.toFixed(2)} MiB`);
  assert.ok(grown < 1, `${grown.toFixed(2)} MiB for 20 offers not yet accepted`);
});

/** A sink whose first write waits until `release()`, like a disk that stopped. */
class StalledSink extends MemorySink {
  #release!: () => void;
  readonly #released = new Promise<void>((resolve) => (this.#release = resolve));
  override async write(offset: number, data: Uint8Array): Promise<void> {
    await this.#released;
    return super.write(offset, data);
  }
  release(): void {
    this.#release();
  }
}

test('a sender that ignores the send window cannot make the receiver queue chunks without bound', async () => {
  const { engine, sent, deliver } = receiver();
  const chunk = 256 * 1024 - CHUNK_HEADER_BYTES;
  const size = 128 * MiB;
  engine.handle(offer(1, size));
  const sink = new StalledSink();
  engine.accept('offer-1', sink);
  await until('the accept', () => sent.some((frame) => frame.t === 'file-accept'));
  let last: TransferInfo | undefined;
  engine.on('update', (info) => (last = info));
  for (let offset = 0; offset < size; offset += chunk) {
    const length = Math.min(chunk, size - offset);
    deliver(sealChunk(new Uint8Array(CHUNK_HEADER_BYTES + length), 1, offset, length));
  }
  sink.release();
  // Whatever was queued now reaches the sink, in order, unless the transfer was stopped.
  await until('the queue to drain or the transfer to fail', () => sink.length === size || last?.state === 'failed');
  console.log(`  ${size / MiB} MiB pushed past the window onto a stalled disk: ${(sink.length / MiB).toFixed(1)} MiB of it written once the disk came back; transfer ${last?.state}`);
  assert.ok(sink.length <= PEER_LIMITS.maxUnwrittenBytes, `${sink.length} bytes queued ahead of the disk`);
  assert.is(last?.state, 'failed');
  assert.ok(sent.some((frame) => frame.t === 'file-cancel'), 'the sender is told to stop');
});

test.run();
