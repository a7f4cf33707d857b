/** The transfer engine between two peers: sizes, pacing, consent, integrity, progress, queueing. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { CHUNK_HEADER_BYTES } from '../../../common/chunk-frame.ts';
import { PEER_LIMITS } from '../../../common/limits.ts';
import type { TransferInfo } from '../../../client/core/transfer/transfer-info.ts';
import { CHUNK, MiB, assertDelivered, connected, ended, finish, offerAndAccept } from '../../helpers/engine-pair.ts';
import { MemorySink, memorySource, nextUpdate, pseudoRandomBytes } from '../../helpers/memory-link.ts';
import { within } from '../../helpers/timing.ts';

for (const size of [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * MiB + 7]) {
  test(`${size} bytes arrive byte-exact and verified`, async () => {
    const link = connected();
    const bytes = pseudoRandomBytes(size, size + 1);
    const { info, sink } = offerAndAccept(link, bytes);
    const [sent, received] = await finish(link, info.id);
    assert.is(sent.state, 'done');
    assert.is(received.state, 'done');
    assert.ok(sink.finished);
    assert.equal(sink.content(), bytes);
  });
}

test('backpressure: the bulk queue never goes past the high-water mark', async () => {
  const highWater = 64 * 1024;
  const link = connected({ bytesPerTick: 8 * 1024, engine: { highWater, lowWater: 16 * 1024 } });
  const bytes = pseudoRandomBytes(2 * MiB);
  const { info, sink } = offerAndAccept(link, bytes);
  await finish(link, info.id);
  assert.equal(sink.content(), bytes);
  const peak = link.bulk![0].peakBuffered;
  assert.ok(peak <= highWater, `peak ${peak} > ${highWater}`);
  assert.ok(peak > highWater / 2, 'the queue did fill up, so the limit was exercised');
});

test('the sender lets timers run between frames, even when the channel never pushes back', async () => {
  const link = connected({ engine: { highWater: 64 * MiB } });
  const size = 4 * MiB;
  const { info } = offerAndAccept(link, pseudoRandomBytes(size));
  await nextUpdate(link.sender, (u) => u.id === info.id && u.state === 'sending', 'the sender to start');
  const sentWhenTimerFired = await new Promise<number>((resolve) => setTimeout(() => resolve(link.bulk![0].bytesSent), 0));
  assert.ok(sentWhenTimerFired < size, `a timer waited until all ${sentWhenTimerFired} bytes were sent`);
  const [sent] = await finish(link, info.id);
  assert.is(sent.state, 'done');
});

/** A sink whose writes past `stallAt` bytes wait until `release()`, like a disk that stops keeping up. */
class StallingSink extends MemorySink {
  #release!: () => void;
  readonly #released = new Promise<void>((resolve) => (this.#release = resolve));
  #onStall!: () => void;
  readonly stalled = new Promise<void>((resolve) => (this.#onStall = resolve));

  constructor(private readonly stallAt: number) {
    super();
  }

  override async write(offset: number, data: Uint8Array): Promise<void> {
    if (offset + data.byteLength > this.stallAt) {
      this.#onStall();
      await this.#released;
    }
    return super.write(offset, data);
  }

  release(): void {
    this.#release();
  }
}

/**
 * Lets the in-memory link run `count` event-loop turns (it moves 256 KiB a turn): for when the
 * thing to check is that nothing more happens, which has no event to wait for.
 */
async function turns(count: number): Promise<void> {
  for (let turn = 0; turn < count; turn++) await new Promise((resolve) => setImmediate(resolve));
}

test('a receiver whose writes stall holds the sender back to its window, then the file completes', async () => {
  const link = connected();
  const bytes = pseudoRandomBytes(4 * MiB, 11);
  const sink = new StallingSink(256 * 1024);
  void link.receiver.next('offer').then(([offered]) => link.receiver.accept(offered.id, sink));
  const info = link.sender.offer({ name: 'slow-disk.bin', type: '', source: memorySource(bytes) });
  await within(5000, 'the receiver to stall', sink.stalled);
  await turns(300); // the sender should simply stop
  const ahead = link.totalBytesSent() - sink.length;
  assert.ok(ahead <= MiB, `${ahead} bytes sent past what the stalled receiver wrote`);
  sink.release();
  await assertDelivered(link, info.id, sink, bytes);
});

test('a file cancelled while the sender waits on its window lets the next queued file go', async () => {
  const link = connected();
  const stalling = new StallingSink(256 * 1024);
  const next = new MemorySink();
  link.receiver.on('offer', (offered) => link.receiver.accept(offered.id, offered.name === 'stuck.bin' ? stalling : next));
  const stuck = link.sender.offer({ name: 'stuck.bin', type: '', source: memorySource(pseudoRandomBytes(4 * MiB, 13)) });
  const bytes = pseudoRandomBytes(MiB, 14);
  const queued = link.sender.offer({ name: 'next.bin', type: '', source: memorySource(bytes) });
  await within(5000, 'the receiver to stall', stalling.stalled);
  await turns(300); // the sender is now waiting on its window
  link.sender.cancel(stuck.id);
  await assertDelivered(link, queued.id, next, bytes);
});

test('a receiver from before the send window (acks every 1 MiB, no acksEveryChunk) still gets the whole file', async () => {
  const size = 3 * MiB + 7;
  const link = connected({
    control: (frame) => {
      if (frame.t === 'file-accept') return { t: frame.t, id: frame.id, offset: frame.offset };
      if (frame.t === 'file-ack' && frame.offset % MiB !== 0 && frame.offset !== size) return null;
      return frame;
    },
  });
  const bytes = pseudoRandomBytes(size, 12);
  const { info, sink } = offerAndAccept(link, bytes);
  await assertDelivered(link, info.id, sink, bytes);
});

test('declined: the sender is told and nothing is written', async () => {
  const link = connected();
  const info = link.sender.offer({ name: 'no.bin', type: '', source: memorySource(pseudoRandomBytes(1000)) });
  const [offered] = await link.receiver.next('offer');
  link.receiver.decline(offered.id);
  assert.is((await nextUpdate(link.sender, ended(info.id), 'the decline')).state, 'declined');
});

for (const side of ['sender', 'receiver'] as const) {
  test(`cancelled by the ${side} mid-transfer: both sides end cancelled and the partial file is discarded`, async () => {
    const link = connected({ bytesPerTick: 32 * 1024 });
    const { info, sink } = offerAndAccept(link, pseudoRandomBytes(4 * MiB));
    await nextUpdate(link.receiver, (u) => u.id === info.id && u.bytes > 0, 'some progress');
    const finished = finish(link, info.id);
    link[side].cancel(info.id);
    const [sent, received] = await finished;
    assert.is(sent.state, 'cancelled');
    assert.is(received.state, 'cancelled');
    await within(5000, 'the partial file to be deleted', sink.whenDiscarded);
    assert.not.ok(sink.finished);
  });
}

test('a corrupted byte on the wire fails the check on both sides and deletes the partial file', async () => {
  let tampered = false;
  const link = connected({
    tamper: (frame) => {
      if (!tampered && frame.byteLength > CHUNK_HEADER_BYTES + 100) {
        frame[CHUNK_HEADER_BYTES + 100]! ^= 0xff;
        tampered = true;
      }
    },
  });
  const { info, sink } = offerAndAccept(link, pseudoRandomBytes(MiB));
  const [sent, received] = await finish(link, info.id);
  assert.is(received.state, 'failed');
  assert.is(sent.state, 'failed');
  assert.match(received.error ?? '', /checksum/);
  await within(5000, 'the damaged file to be deleted', sink.whenDiscarded);
  assert.not.ok(sink.finished);
});

test('a cancel right after the receiver accepts stops the sender before it sends a byte', async () => {
  const link = connected();
  const info = link.sender.offer({ name: 'quick.bin', type: '', source: memorySource(pseudoRandomBytes(300 * 1024)) });
  link.receiver.on('offer', (offered) => link.receiver.accept(offered.id, new MemorySink()));
  link.sender.on('update', (u) => {
    if (u.id === info.id && u.state === 'queued') queueMicrotask(() => link.sender.cancel(info.id));
  });
  await finish(link, info.id);
  assert.is(link.sender.transfers.find((t) => t.id === info.id)?.state, 'cancelled');
  assert.is(link.totalBytesSent(), 0);
});

test('progress is announced at most once per progressEveryMs; state changes at once', async () => {
  const counts = async (progressEveryMs: number) => {
    const link = connected({ engine: { progressEveryMs } });
    const progressOnly = { sender: 0, receiver: 0 };
    for (const side of ['sender', 'receiver'] as const) {
      let last: TransferInfo | undefined;
      link[side].on('update', (u) => {
        if (last?.state === u.state && last.bytes !== u.bytes) progressOnly[side]++;
        last = u;
      });
    }
    const size = 4 * MiB;
    const { info } = offerAndAccept(link, pseudoRandomBytes(size));
    const [sent, received] = await finish(link, info.id);
    assert.is(sent.state, 'done');
    assert.is(received.bytes, size);
    return progressOnly;
  };
  // An ack per 16 KiB chunk: every one shown when unthrottled; with a minute between announcements, only the first.
  const unthrottled = await counts(0);
  assert.ok(unthrottled.sender >= 32 && unthrottled.receiver >= 32, JSON.stringify(unthrottled));
  assert.equal(await counts(60_000), { sender: 1, receiver: 1 });
});

test('a file that cannot be read to the end fails on both sides with the reason, and the partial file is deleted', async () => {
  const link = connected();
  const sink = new MemorySink();
  link.receiver.next('offer').then(([offered]) => link.receiver.accept(offered.id, sink));
  const good = memorySource(pseudoRandomBytes(2 * MiB));
  const source = {
    size: good.size,
    open(offset: number) {
      const reader = good.open(offset);
      let at = offset;
      return {
        async read(into: Uint8Array<ArrayBuffer>) {
          if (at >= MiB) throw new Error('NotReadableError: the file changed on disk');
          const piece = await reader.read(into);
          at += piece.byteLength;
          return piece;
        },
        close: () => reader.close(),
      };
    },
  };
  const info = link.sender.offer({ name: 'vanishing.bin', type: '', source });
  const [sent, received] = await finish(link, info.id);
  assert.is(sent.state, 'failed');
  assert.match(sent.error ?? '', /Could not read the file: NotReadableError/);
  // The reason, for a page to say in its own language, with the system's words beside it.
  assert.is(sent.failure?.reason, 'read-failed');
  assert.match(sent.failure?.detail ?? '', /NotReadableError/);
  assert.is(received.state, 'cancelled');
  await within(5000, 'the partial file to be deleted', sink.whenDiscarded);
});

test('a file that cannot be made final on disk is not reported done to the sender', async () => {
  const link = connected();
  class UnfinishableSink extends MemorySink {
    override async finish(): Promise<void> {
      throw new Error('ENOSPC: no space left on device');
    }
  }
  const sink = new UnfinishableSink();
  link.receiver.next('offer').then(([offered]) => link.receiver.accept(offered.id, sink));
  const info = link.sender.offer({ name: 'never-lands.bin', type: '', source: memorySource(pseudoRandomBytes(MiB)) });
  const [sent, received] = await finish(link, info.id);
  assert.is(received.state, 'failed');
  assert.match(received.error ?? '', /ENOSPC/);
  assert.is.not(sent.state, 'done', 'the sender was told the file landed');
});

test('a hundred files offered at once all arrive: offers past what the receiver keeps wait at the sender', async () => {
  const link = connected();
  const sinks = new Map<string, MemorySink>();
  let mostPending = 0;
  let pending = 0;
  link.receiver.on('offer', (offered) => {
    mostPending = Math.max(mostPending, ++pending);
    const sink = new MemorySink();
    sinks.set(offered.name, sink);
    // Answered a little later, as a person would.
    setImmediate(() => {
      pending--;
      link.receiver.accept(offered.id, sink);
    });
  });
  const files = Array.from({ length: 100 }, (_, i) => pseudoRandomBytes(1000 + i, i + 1));
  const offered = files.map((bytes, i) => link.sender.offer({ name: `f${i}`, type: '', source: memorySource(bytes) }));
  const ends = await Promise.all(offered.map((info) => finish(link, info.id)));
  assert.ok(ends.every(([sent, received]) => sent.state === 'done' && received.state === 'done'));
  files.forEach((bytes, i) => assert.equal(sinks.get(`f${i}`)!.content(), bytes));
  assert.ok(mostPending <= PEER_LIMITS.maxPendingOffers, `${mostPending} offers pending at once`);
});

test('two files offered back to back both arrive, one after the other', async () => {
  const link = connected();
  const first = pseudoRandomBytes(MiB, 1);
  const second = pseudoRandomBytes(MiB / 2, 2);
  const sinks = new Map<string, MemorySink>();
  const starts: string[] = [];
  link.receiver.on('offer', (offered) => {
    const sink = new MemorySink();
    sinks.set(offered.name, sink);
    link.receiver.accept(offered.id, sink);
  });
  link.sender.on('update', (u) => {
    if (u.state === 'sending' && !starts.includes(u.name)) starts.push(u.name);
  });
  const a = link.sender.offer({ name: 'a', type: '', source: memorySource(first) });
  const b = link.sender.offer({ name: 'b', type: '', source: memorySource(second) });
  await Promise.all([finish(link, a.id), finish(link, b.id)]);
  assert.equal(sinks.get('a')!.content(), first);
  assert.equal(sinks.get('b')!.content(), second);
  assert.equal(starts, ['a', 'b']);
});

test.run();

