import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { PresenceBatcher, presenceFrame, type PresenceChange } from '../../signaling/presence-batcher.ts';
import { FakeEndpoint } from '../helpers/fake-endpoint.ts';

const joined = (name: string): PresenceChange => ({ kind: 'joined', key: name.toLowerCase(), name });
const left = (name: string): PresenceChange => ({ kind: 'left', key: name.toLowerCase(), name });
const parse = (frame: string | null) => (frame === null ? null : JSON.parse(frame));
const everything = { everything: true };

test('changes net out: a join then a leave is nothing, a leave then a join is both', () => {
  assert.is(presenceFrame([joined('Ann'), left('Ann')]), null);
  assert.equal(parse(presenceFrame([left('Ann'), joined('ann')])), { type: 'presence', joined: [{ name: 'ann' }], left: ['Ann'] });
  assert.equal(parse(presenceFrame([joined('Ann'), left('Ann'), joined('ANN'), joined('Bo')])), {
    type: 'presence',
    joined: [{ name: 'ANN' }, { name: 'Bo' }],
    left: [],
  });
  assert.equal(parse(presenceFrame([left('Cy'), joined('Cy'), left('Cy')])), { type: 'presence', joined: [], left: ['Cy'] });
});

test('one frame per tick for a socket that listened all along; a late listener hears only what came after its list', () => {
  const old = new FakeEndpoint();
  const late = new FakeEndpoint();
  const batcher = new PresenceBatcher(60_000);
  batcher.listen(old, everything);
  batcher.record(joined('A'));
  batcher.record(joined('Late'));
  batcher.listen(late, everything);
  batcher.record(joined('B'));
  batcher.record(left('A'));
  batcher.flush();
  assert.equal(old.frames, [{ type: 'presence', joined: [{ name: 'Late' }, { name: 'B' }], left: [] }]);
  assert.equal(late.frames, [{ type: 'presence', joined: [{ name: 'B' }], left: ['A'] }]);
  // The next tick treats both alike.
  batcher.record(left('B'));
  batcher.flush();
  assert.equal(late.frames.at(-1), old.frames.at(-1));
  batcher.close();
});

test('4,000 joins in one tick: the flush builds shared frames, and each joiner still hears exactly what came after it', () => {
  const count = 4000;
  /** Keeps the frames it is sent as they are (no parsing): the test measures what the flush builds. */
  class RawEndpoint extends FakeEndpoint {
    readonly raw: string[] = [];
    override send(frame: string): void {
      this.raw.push(frame);
    }
  }
  const joiners: RawEndpoint[] = [];
  const batcher = new PresenceBatcher(60_000);
  for (let i = 0; i < count; i++) {
    batcher.record(joined(`Joiner${i}`));
    const endpoint = new RawEndpoint();
    joiners.push(endpoint);
    batcher.listen(endpoint, everything);
  }
  const started = performance.now();
  batcher.flush();
  const flushMs = performance.now() - started;
  // Text the flush built: each distinct frame once, however many sockets it went to.
  const built = new Set(joiners.flatMap((endpoint) => endpoint.raw));
  const builtBytes = [...built].reduce((sum, frame) => sum + frame.length, 0);
  const sends = joiners.reduce((sum, endpoint) => sum + endpoint.raw.length, 0);
  console.log(`  ${count} joins in one tick: flush ${flushMs.toFixed(0)} ms, ${(builtBytes / 2 ** 20).toFixed(2)} MiB of frame text built, ${sends} sends`);
  for (const [index, endpoint] of joiners.entries()) {
    if (index % 397 !== 0 && index !== count - 2) continue;
    const heard = endpoint.raw.flatMap((frame) => (JSON.parse(frame) as { joined: Array<{ name: string }> }).joined.map((user) => user.name));
    assert.equal(heard, Array.from({ length: count - index - 1 }, (_, i) => `Joiner${index + 1 + i}`), `what joiner ${index} heard`);
  }
  // One frame per joiner, each listing everyone after it, would be count²/2 names.
  const perName = JSON.stringify({ name: 'Joiner0000' }).length + 1;
  assert.ok(builtBytes < 16 * count * perName, `${builtBytes} bytes of frame text for ${count} joins`);
  batcher.close();
});

test('a socket in a paged room hears only of the names it watches, from when it asked, in one frame of its own per tick', () => {
  const everyone = new FakeEndpoint();
  const watcher = new FakeEndpoint();
  const rewatcher = new FakeEndpoint();
  const batcher = new PresenceBatcher(60_000);
  batcher.listen(everyone, everything);
  batcher.listen(watcher, { everything: false });
  batcher.listen(rewatcher, { everything: false });
  batcher.watch(watcher, new Set(['ann', 'bo']));
  batcher.watch(rewatcher, new Set(['ann']));
  batcher.record(joined('Ann'));
  batcher.record(joined('Cy'));
  // Told just now who is online among these: only what comes after counts.
  batcher.watch(rewatcher, new Set(['ann', 'cy']));
  batcher.record(joined('Bo'));
  batcher.record(left('Cy'));
  batcher.flush();
  assert.equal(watcher.frames, [{ type: 'presence', joined: [{ name: 'Ann' }, { name: 'Bo' }], left: [] }]);
  assert.equal(rewatcher.frames, [{ type: 'presence', joined: [], left: ['Cy'] }]);
  assert.equal(everyone.frames, [{ type: 'presence', joined: [{ name: 'Ann' }, { name: 'Bo' }], left: [] }]);
  // Gone: hears nothing more.
  batcher.forget(watcher);
  batcher.record(left('Ann'));
  batcher.flush();
  assert.is(watcher.frames.length, 1);
  assert.equal(rewatcher.frames.at(-1), { type: 'presence', joined: [], left: ['Ann'] });
  batcher.close();
});

test('nothing to say, nothing sent', () => {
  const quiet = new FakeEndpoint();
  const batcher = new PresenceBatcher(60_000);
  batcher.listen(quiet, everything);
  batcher.record(joined('Blink'));
  batcher.record(left('Blink'));
  batcher.flush();
  batcher.flush();
  assert.is(quiet.frames.length, 0);
  batcher.close();
});

test('an expensive flush stretches the next tick, up to a second; a cheap one brings it back', () => {
  /** A socket whose sends take `costMs` each, like a crowd of thousands would together. */
  class SlowEndpoint extends FakeEndpoint {
    costMs = 0;
    override send(frame: string): void {
      const until = performance.now() + this.costMs;
      while (performance.now() < until);
      super.send(frame);
    }
  }
  const slow = new SlowEndpoint();
  const batcher = new PresenceBatcher(50);
  batcher.listen(slow, everything);
  assert.is(batcher.nextTickMs, 50);
  slow.costMs = 40;
  batcher.record(joined('A'));
  batcher.flush();
  assert.ok(batcher.nextTickMs >= 160, `next tick after a 40 ms flush: ${batcher.nextTickMs} ms`);
  // One very slow flush (a GC pause inside it) stretches the tick only so far.
  slow.costMs = 300;
  batcher.record(joined('B'));
  batcher.flush();
  assert.is(batcher.nextTickMs, 1000);
  slow.costMs = 0;
  batcher.record(joined('C'));
  batcher.flush();
  assert.is(batcher.nextTickMs, 50);
  assert.is(slow.frames.length, 3);
  batcher.close();
});

test.run();
