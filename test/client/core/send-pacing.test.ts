import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { SendWindow } from '../../../client/core/transfer/send-pacing.ts';

const FRAME = 1000;

/** A window on a clock the test moves, and a sender that keeps it full. */
function rig(options = {}) {
  let now = 0;
  const window = new SendWindow(FRAME, 0, options, () => now);
  let sentUpTo = 0;
  let ackedUpTo = 0;
  /** Sends frames while the window allows; returns how many went. */
  const fill = () => {
    let frames = 0;
    while (window.allows(sentUpTo + FRAME)) {
      sentUpTo += FRAME;
      window.sent(sentUpTo, FRAME);
      frames++;
    }
    return frames;
  };
  /** Every frame in flight is acknowledged, one at a time, `rttMs` after it went. */
  const ackAll = (rttMs: number) => {
    now += rttMs;
    for (let end = ackedUpTo + FRAME; end <= sentUpTo; end += FRAME) window.acked(end);
    ackedUpTo = sentUpTo;
  };
  return { window, fill, ackAll };
}

test('starts two frames wide, and a maximum below that still lets two frames go', () => {
  const { window, fill } = rig();
  assert.is(fill(), 2);
  assert.is(window.bytes, 2 * FRAME);
  const tiny = new SendWindow(FRAME, 0, { maxBytes: 10 });
  assert.ok(tiny.allows(2 * FRAME));
  assert.not.ok(tiny.allows(2 * FRAME + 1));
});

test('grows by about a frame per round trip while round trips stay at the shortest seen', () => {
  const { window, fill, ackAll } = rig();
  for (let trip = 0; trip < 10; trip++) {
    fill();
    ackAll(10);
  }
  // Two frames, plus nearly one per round trip (whole frames go, so a fraction of one waits).
  assert.ok(window.bytes > 9 * FRAME && window.bytes < 13 * FRAME, `window ${window.bytes}`);
});

test('shrinks once round trips queue past the target, never below two frames, and never past the maximum', () => {
  const { window, fill, ackAll } = rig({ targetDelayMs: 20, maxBytes: 8 * FRAME });
  for (let trip = 0; trip < 20; trip++) {
    fill();
    ackAll(10);
  }
  assert.is(window.bytes, 8 * FRAME, 'capped at the maximum');
  const before = window.bytes;
  fill();
  ackAll(10 + 60); // 60 ms of queueing, three times the target
  assert.ok(window.bytes < before, `window ${window.bytes} did not shrink from ${before}`);
  for (let trip = 0; trip < 100; trip++) {
    fill();
    ackAll(100);
  }
  assert.is(window.bytes, 2 * FRAME, 'two frames at least');
});

test('a queueing delay under the target still grows the window, more slowly', () => {
  const near = rig({ targetDelayMs: 20 });
  const far = rig({ targetDelayMs: 20 });
  for (const r of [near, far]) {
    r.fill();
    r.ackAll(10); // the base: 10 ms
  }
  for (let trip = 0; trip < 5; trip++) {
    near.fill();
    near.ackAll(10 + 15); // 15 ms queued: a quarter of the way from the target to nothing
    far.fill();
    far.ackAll(10);
  }
  assert.ok(near.window.bytes > 3 * FRAME, `window ${near.window.bytes} did not grow`);
  assert.ok(near.window.bytes < far.window.bytes, `${near.window.bytes} vs ${far.window.bytes}`);
});

test('the next file on the same connection starts from the window the last one reached', () => {
  const first = rig();
  for (let trip = 0; trip < 5; trip++) {
    first.fill();
    first.ackAll(10);
  }
  const reached = first.window.bytes;
  let now = 0;
  const next = new SendWindow(FRAME, 0, {}, () => now);
  next.continueFrom(first.window);
  assert.is(next.bytes, reached);
  next.sent(FRAME, FRAME);
  now += 40; // 30 ms over the 10 ms the first file saw: queueing past the target
  next.acked(FRAME);
  assert.ok(next.bytes < reached, 'the shortest round trip carried over too');
});

test('after a restart, acks for bytes an earlier run also sent move the window but time nothing', () => {
  let now = 0;
  const window = new SendWindow(FRAME, 0, {}, () => now);
  window.resending(2 * FRAME);
  window.sent(FRAME, FRAME);
  window.sent(2 * FRAME, FRAME);
  now += 1; // the earlier run's copy of these bytes was written: its ack comes back at once
  window.acked(2 * FRAME);
  assert.is(window.bytes, 2 * FRAME, 'no round trip taken from it');
  assert.ok(window.allows(4 * FRAME), 'but the window moved on');
  window.sent(3 * FRAME, FRAME);
  now += 20;
  window.acked(3 * FRAME);
  assert.ok(window.bytes > 2 * FRAME, 'an ack past the resent bytes is timed');
});

test('an old or repeated ack changes nothing', () => {
  const { window, fill, ackAll } = rig();
  fill();
  ackAll(10);
  const bytes = window.bytes;
  window.acked(FRAME);
  window.acked(0);
  assert.is(window.bytes, bytes);
});

test('a waiting sender goes on at the next ack, or when the transfer stops', async () => {
  const window = new SendWindow(FRAME, 0);
  let woken = 0;
  void window.wait().then(() => woken++);
  void window.wait().then(() => woken++);
  window.sent(FRAME, FRAME);
  window.acked(FRAME);
  await Promise.resolve();
  assert.is(woken, 2, 'both waiters woke on the ack');
  void window.wait().then(() => woken++);
  window.stop();
  await Promise.resolve();
  assert.is(woken, 3, 'the waiter woke on stop');
});


test('round trips are timed from when a frame leaves the channel\'s own buffer: waiting there is not queueing on the path', () => {
  let now = 0;
  const window = new SendWindow(FRAME, 0, { targetDelayMs: 20 }, () => now);
  // A first round trip of 10 ms sets the shortest seen.
  window.sent(FRAME, FRAME);
  window.buffered(0);
  now += 10;
  window.acked(FRAME);
  const before = window.bytes;
  // The next frame waits 200 ms in the sender's buffer behind others, leaves, and is acknowledged 10 ms later.
  window.sent(2 * FRAME, FRAME);
  window.buffered(FRAME);
  now += 200;
  window.buffered(0);
  now += 10;
  window.acked(2 * FRAME);
  assert.ok(window.bytes >= before, `the window did not shrink (${before} → ${window.bytes})`);
});

test.run();
