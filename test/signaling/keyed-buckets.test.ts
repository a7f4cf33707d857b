import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { KeyedBuckets } from '../../signaling/keyed-buckets.ts';

/** A clock the test moves by hand. */
function clock() {
  let now = 0;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

test('each key has a bucket of its own', () => {
  const time = clock();
  const buckets = new KeyedBuckets(1, 2, time.now);
  assert.ok(buckets.take('a') && buckets.take('a'));
  assert.not.ok(buckets.take('a'));
  assert.ok(buckets.take('b'), 'another key is untouched');
  time.advance(1000);
  assert.ok(buckets.take('a'), 'refilled at the rate');
});

test('a bucket full again is forgotten, so many keys passing through leave nothing behind', () => {
  const time = clock();
  const buckets = new KeyedBuckets(10, 5, time.now);
  for (let i = 0; i < 1000; i++) {
    buckets.take(`key${i}`);
    time.advance(1);
  }
  assert.ok(buckets.size <= 500, `${buckets.size} buckets kept`);
  time.advance(500);
  buckets.take('late');
  assert.is(buckets.size, 1);
});

test('forgetting never frees a key early: one still refilling keeps its debt', () => {
  const time = clock();
  const buckets = new KeyedBuckets(1, 3, time.now);
  for (let i = 0; i < 3; i++) buckets.take('busy');
  time.advance(2999);
  buckets.take('other');
  assert.ok(buckets.take('busy') && buckets.take('busy'), 'two tokens back after 3 s less a millisecond');
  assert.not.ok(buckets.take('busy'), 'the third is not, so the bucket was not forgotten and made new');
});

test.run();
