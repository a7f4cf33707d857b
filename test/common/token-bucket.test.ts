import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { TokenBucket } from '../../common/token-bucket.ts';

/** A bucket on a clock the test moves by hand. */
function bucket(perSecond: number, capacity: number) {
  const clock = { now: 0 };
  return { clock, bucket: new TokenBucket(perSecond, capacity, () => clock.now) };
}

test('a full bucket lets a burst of its capacity through, then refuses and takes nothing', () => {
  const { bucket: b } = bucket(10, 3);
  assert.equal([b.take(), b.take(), b.take(), b.take()], [true, true, true, false]);
  assert.not.ok(b.take(0.5), 'a refused take does not consume what is left');
});

test('tokens come back at the rate, never past the capacity', () => {
  const { clock, bucket: b } = bucket(10, 3);
  for (let i = 0; i < 3; i++) b.take();
  clock.now = 100;
  assert.ok(b.take(), 'one token after 100 ms at 10 a second');
  assert.not.ok(b.take());
  clock.now = 60_000;
  assert.ok(b.full);
  assert.not.ok(b.take(4), 'never more than the capacity');
});

test('msUntil says how long until a take would pass', () => {
  const { clock, bucket: b } = bucket(4, 2);
  assert.is(b.msUntil(), 0);
  b.take();
  b.take();
  assert.is(b.msUntil(), 250);
  clock.now = 100;
  assert.is(Math.round(b.msUntil()), 150);
  clock.now = 250;
  assert.is(b.msUntil(), 0);
});

test.run();
