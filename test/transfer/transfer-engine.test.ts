import { createHash } from 'node:crypto';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { FINISHED, type Checkpoint, type TransferEngine, type TransferInfo } from '../../client/transfer/transfer-engine.ts';
import { CHUNK_HEADER_BYTES } from '../../common/transfer-wire.ts';
import { within } from '../helpers.ts';
import { MemoryLink, MemorySink, MemorySource, waitForUpdate, type LinkOptions } from './memory-link.ts';

const KiB = 1024;
const MiB = 1024 * KiB;
const MESSAGE = 16 * KiB;
/** The engine's chunk on this link: min(maxChunk, maxMessageSize) minus the header. */
const CHUNK = Math.min(256 * KiB, MESSAGE) - CHUNK_HEADER_BYTES;

/** A seeded PRNG (mulberry32): the same numbers every run. */
function seeded(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One deterministic file; tests take prefixes of it. */
const FILE = (() => {
  const random = seeded(1);
  const words = new Uint32Array(4 * MiB / 4 + 16);
  for (let i = 0; i < words.length; i++) words[i] = Math.floor(random() * 2 ** 32);
  return new Uint8Array(words.buffer);
})();
const fileOf = (size: number) => FILE.subarray(0, size);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function assertSameBytes(actual: Uint8Array, expected: Uint8Array): void {
  assert.is(actual.byteLength, expected.byteLength, 'length');
  const differs = Buffer.compare(actual, expected) !== 0;
  assert.not.ok(differs, `content differs, first at byte ${actual.findIndex((byte, i) => byte !== expected[i])}`);
  assert.is(sha256(actual), sha256(expected), 'SHA-256');
}

/** A fresh link for one test, dropped afterwards whatever happens. */
async function withLink(options: LinkOptions, body: (link: MemoryLink) => Promise<void>): Promise<void> {
  const link = new MemoryLink(options);
  try {
    await body(link);
    assert.equal(link.invalidFrames, [], 'every control frame was well-formed');
  } finally {
    link.drop();
  }
}

interface Started {
  info: TransferInfo;
  source: MemorySource;
}

/** `a` offers `bytes`; resolves once `b` has seen the offer. */
async function offer(link: MemoryLink, bytes: Uint8Array, name = 'file.bin'): Promise<Started> {
  const source = new MemorySource(bytes);
  const info = link.a.offer({ name, type: 'application/octet-stream', source });
  await within(3000, `the offer of ${name}`, link.b.next('offer', (seen) => seen.id === info.id));
  return { info, source };
}

/** `a` offers `bytes` and `b` accepts them into a fresh sink. */
async function offerAccepted(link: MemoryLink, bytes: Uint8Array, name?: string): Promise<Started & { sink: MemorySink }> {
  const started = await offer(link, bytes, name);
  const sink = new MemorySink();
  link.b.accept(started.info.id, sink);
  return { ...started, sink };
}

const finished = (engine: TransferEngine, id: string, side: string) =>
  waitForUpdate(engine, (info) => info.id === id && FINISHED.has(info.state), `the ${side} to finish`);

/** Waits until both sides are finished with `id` and checks they ended in `state`. */
async function expectEnded(sender: TransferEngine, receiver: TransferEngine, id: string, state: TransferInfo['state']) {
  const [sent, received] = await Promise.all([finished(sender, id, 'sender'), finished(receiver, id, 'receiver')]);
  assert.is(sent.state, state, `sender state (${sent.error ?? 'no error'})`);
  assert.is(received.state, state, `receiver state (${received.error ?? 'no error'})`);
  return [sent, received] as const;
}

/** Both sides end 'done' and the sink holds exactly the source's bytes, finished once and never discarded. */
async function expectDelivered(link: MemoryLink, { info, source, sink }: Started & { sink: MemorySink }): Promise<void> {
  await expectEnded(link.a, link.b, info.id, 'done');
  assertSameBytes(sink.bytes, source.bytes);
  assert.is(sink.finishCalls, 1, 'finished once');
  assert.is(sink.discardCalls, 0, 'never discarded');
  assert.is(sink.lateWrites, 0, 'no write after finish');
}

/** The partial file was deleted, and nothing was written after that. */
async function expectDiscarded(sink: MemorySink): Promise<void> {
  await sink.until((s) => s.discardCalls > 0, 'the partial file to be discarded');
  assert.is(sink.length, 0);
  assert.is(sink.finishCalls, 0);
  assert.is(sink.lateWrites, 0, 'no write after discard');
}

/** Offsets of every file-accept that reached the sender, in order. */
const acceptOffsets = (link: MemoryLink) =>
  link.controlLog.flatMap(({ frame }) => (frame.t === 'file-accept' ? [frame.offset] : []));

// ---- 1. byte-exact delivery ----

for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * MiB + 5]) {
  test(`${size} bytes arrive byte-exact with a matching SHA-256, both sides done`, () =>
    withLink({ maxMessageSize: MESSAGE }, async (link) => {
      const started = await offerAccepted(link, fileOf(size));
      await expectDelivered(link, started);
      // Chunks of at most CHUNK bytes (full ones where the file allows), each behind a 12-byte header; no byte sent twice.
      assert.is(link.largestFrame, size && Math.min(size, CHUNK) + CHUNK_HEADER_BYTES, 'largest frame');
      assert.is(link.bytesSent.a - link.framesSent.a * CHUNK_HEADER_BYTES, size, 'data bytes on the bulk channel');
    }));
}

// ---- 2. backpressure ----

test('backpressure: bufferedAmount never exceeds highWater during a multi-MiB transfer', () => {
  const highWater = 64 * KiB;
  // A slow drain (half a frame per tick, so one frame per tick) makes the queue really build up.
  const options = { maxMessageSize: MESSAGE, bytesPerTick: 8 * KiB, engine: { highWater, lowWater: 32 * KiB } };
  return withLink(options, async (link) => {
    await expectDelivered(link, await offerAccepted(link, fileOf(3 * MiB)));
    assert.ok(link.peakBuffered <= highWater, `peak ${link.peakBuffered} > highWater ${highWater}`);
    assert.ok(link.peakBuffered > highWater - MESSAGE, `the queue never filled (peak ${link.peakBuffered})`);
  });
});

// ---- 3. decline ----

test('decline: the sender ends declined and nothing is read or sent', () =>
  withLink({}, async (link) => {
    const { info, source } = await offer(link, fileOf(256 * KiB));
    link.b.decline(info.id);
    await expectEnded(link.a, link.b, info.id, 'declined');
    assert.is(source.reads, 0, 'the file was never read');
    assert.is(link.bytesSent.a, 0, 'no bulk bytes were sent');
  }));

// ---- 4. cancel ----

for (const [side, who] of [['a', 'sender'], ['b', 'receiver']] as const) {
  test(`cancel from the ${who} mid-transfer: both sides cancelled, the partial file discarded`, () =>
    withLink({ maxMessageSize: MESSAGE }, async (link) => {
      const size = 2 * MiB;
      const { info, sink } = await offerAccepted(link, fileOf(size));
      await sink.until((s) => s.length >= 256 * KiB, 'the first bytes to land');
      assert.ok(sink.length < size, 'still mid-transfer');
      link.engines[side].cancel(info.id);
      await expectEnded(link.a, link.b, info.id, 'cancelled');
      await expectDiscarded(sink);
    }));
}

// ---- 5. resume after drops ----

test('a link dropped at 5 seeded random offsets resumes each time and delivers byte-identical', () => {
  const size = 4 * MiB;
  const options = { maxMessageSize: MESSAGE, engine: { highWater: 256 * KiB, lowWater: 128 * KiB } };
  return withLink(options, async (link) => {
    const random = seeded(20240607);
    // One drop in each fifth of [5 %, 90 %) of the file, early in its fifth so they stay apart.
    const span = 0.85 / 5;
    const drops = [0, 1, 2, 3, 4].map((i) => Math.floor(size * (0.05 + span * (i + 0.6 * random()))));
    const started = await offerAccepted(link, fileOf(size));
    for (const at of drops) {
      await started.sink.until((s) => s.length >= at, `${at} bytes before the drop`);
      link.drop();
      assert.is(link.b.transfers[0]?.state, 'paused', 'the receiver pauses');
      link.connect();
    }
    await expectDelivered(link, started);
    const offsets = acceptOffsets(link);
    assert.is(offsets[0], 0, 'the first accept is from 0');
    assert.ok(offsets.length > drops.length, 'an accept after every reconnect');
    assert.ok(offsets.slice(1).every((offset) => offset > 0), `a resume restarted from 0: ${offsets}`);
    assert.ok(offsets.every((offset, i) => i === 0 || offset >= offsets[i - 1]!), `a resume went backwards: ${offsets}`);
    assert.ok(link.bytesSent.a < 2 * size, `sent ${link.bytesSent.a} bytes for a ${size}-byte file`);
  });
});

// ---- 6. corruption ----

test('a byte corrupted on the wire fails both sides and discards the partial file', () =>
  withLink({ maxMessageSize: MESSAGE }, async (link) => {
    link.tamper = (frame, index) => {
      if (index === 10) frame[CHUNK_HEADER_BYTES + 99]! ^= 0x01; // in the data, not the header
    };
    const { info, sink } = await offerAccepted(link, fileOf(1 * MiB));
    const [sent] = await expectEnded(link.a, link.b, info.id, 'failed');
    assert.match(sent.error ?? '', /checksum/);
    await expectDiscarded(sink);
  }));

// ---- 7. restore after a receiver reload ----

test('restore(): a reloaded receiver resumes from its last checkpoint and completes byte-identical', () =>
  withLink({ maxMessageSize: MESSAGE, engine: { checkpointEvery: 128 * KiB } }, async (link) => {
    const size = 2 * MiB;
    const checkpoints: Checkpoint[] = [];
    const stopWatching = link.b.on('checkpoint', (checkpoint) => checkpoints.push(checkpoint));
    const started = await offerAccepted(link, fileOf(size));
    await started.sink.until((s) => s.length >= MiB + 50 * KiB, 'a megabyte and some to land');
    link.drop();
    stopWatching();

    const checkpoint = checkpoints.at(-1)!;
    const old = started.sink;
    assert.ok(checkpoint.offset >= MiB / 2, `last checkpoint at ${checkpoint.offset}`);
    assert.ok(checkpoint.offset <= old.flushedLength, 'the checkpoint was flushed before it was announced');
    // The disk after the reload: what was flushed, then junk where the unflushed writes were.
    const disk = new Uint8Array(old.length + 1000).fill(0xee);
    disk.set(old.bytes.subarray(0, old.flushedLength));
    const sink = new MemorySink(disk);

    const receiver = link.newEngine('b');
    link.replace('b', receiver);
    await within(3000, 'restore()', receiver.restore(checkpoint, sink));
    assert.equal(sink.truncations, [checkpoint.offset], 'the sink is cut back to the checkpoint');
    assert.is(sink.length, checkpoint.offset);
    assert.equal(receiver.transfers.map(({ state, bytes }) => ({ state, bytes })), [{ state: 'paused', bytes: checkpoint.offset }]);

    link.connect();
    await expectDelivered(link, { ...started, sink });
    assert.is(acceptOffsets(link).at(-1), checkpoint.offset, 'the sender was asked to resume at the checkpoint');
  }));

// ---- 8. two files ----

test('two files offered back to back arrive one after the other, both byte-identical', () =>
  withLink({ maxMessageSize: MESSAGE }, async (link) => {
    const [first, second] = await Promise.all([
      offerAccepted(link, fileOf(700 * KiB + 3), 'first.bin'),
      offerAccepted(link, FILE.subarray(MiB, 2 * MiB), 'second.bin'),
    ]);
    await Promise.all([expectDelivered(link, first), expectDelivered(link, second)]);
    assert.equal(link.seqRuns, [first.info.seq, second.info.seq], 'every frame of the first before any of the second');
  }));

test.run();
