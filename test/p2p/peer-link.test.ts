/**
 * Two `PeerLink`s over real WebRTC (`@roamhq/wrtc`), their signals handed across directly: file
 * bytes get a connection of their own, and a peer that does not offer one (a client from before)
 * still gets its files, on a channel of the chat connection.
 */
import wrtc from '@roamhq/wrtc';
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { LinkSignal } from '../../common/peer-wire.ts';
import type { PeerLink } from '../../client/core/peers/peer-link.ts';
import { simplePeerLinks } from '../../client/core/peers/simple-peer-link.ts';
import { within } from '../helpers/timing.ts';

interface Pair {
  offerer: PeerLink;
  answerer: PeerLink;
  /** Signals that set up a bulk connection, either way. */
  bulkSignals: number;
  /** With `holdBulkAnswer`: resolves when the answerer's bulk answer reaches the relay, which keeps it until `release()`. */
  answerHeld: Promise<void>;
  release(): void;
}

/**
 * Two links joined by an in-process relay. With `oldOfferer`, the offerer's signals lose the mark an
 * older client would not send; with `holdBulkAnswer`, the bulk answer waits at the relay (a slow
 * server) while everything else goes on.
 */
function pair({ oldOfferer = false, holdBulkAnswer = false } = {}): Pair {
  const links = simplePeerLinks(wrtc);
  const offerer = links({ initiator: true, iceServers: [] });
  const answerer = links({ initiator: false, iceServers: [] });
  let held = () => {};
  let release = () => {};
  const answerHeld = new Promise<void>((resolve) => (held = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  const result: Pair = { offerer, answerer, bulkSignals: 0, answerHeld, release };
  const relay = (from: PeerLink, to: PeerLink, strip: boolean) =>
    from.on('signal', (data) => {
      if (data.lane === 'bulk') result.bulkSignals++;
      const forwarded = strip ? withoutMarks(data) : data;
      if (holdBulkAnswer && data.lane === 'bulk' && data.data.type === 'answer') {
        held();
        void released.then(() => to.signal(forwarded));
        return;
      }
      // A relay delivers later, never inside the sender's own call.
      setImmediate(() => to.signal(forwarded));
    });
  relay(offerer, answerer, oldOfferer);
  relay(answerer, offerer, false);
  return result;
}

function withoutMarks(signal: LinkSignal): LinkSignal {
  return signal.lane === 'chat' ? { ...signal, ownBulkConnection: false } : signal;
}

/** One frame from the offerer's bulk channel arrives at the answerer's, byte for byte. */
async function bulkCarries({ offerer, answerer }: Pair): Promise<void> {
  const [sending, receiving] = await within(20_000, 'both bulk channels to open', Promise.all([offerer.bulk, answerer.bulk]));
  const frame = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);
  const arrived = new Promise<Uint8Array>((resolve) => receiving.onMessage(resolve));
  sending.send(frame);
  assert.equal([...(await within(10_000, 'the frame', arrived))], [...frame]);
}

test('file bytes get a connection of their own, set up through the link’s own signals', async () => {
  const link = pair();
  await bulkCarries(link);
  assert.ok(link.bulkSignals > 0, 'a second connection was negotiated');
  link.offerer.destroy();
  link.answerer.destroy();
});

test('with a peer that does not offer one (an older client), file bytes share the chat connection', async () => {
  const link = pair({ oldOfferer: true });
  await bulkCarries(link);
  assert.is(link.bulkSignals, 0, 'no second connection was negotiated');
  link.offerer.destroy();
  link.answerer.destroy();
});

test("the file connection's fingerprints, as its offerer sees them, include the answerer's even when the answer comes late", async () => {
  // Chromium can open the channel before the offerer has applied the answer; a view taken then has no remote fingerprint.
  const link = pair({ holdBulkAnswer: true });
  await within(20_000, 'the bulk answer to reach the relay', link.answerHeld);
  const offererView = link.offerer.fingerprints('bulk');
  link.release();
  const answererView = await within(20_000, "the answerer's bulk channel", link.answerer.bulk.then(() => link.answerer.fingerprints('bulk')));
  const seen = await within(10_000, "the offerer's view", offererView);
  assert.equal(seen.remote, answererView.local, "the offerer's remote fingerprint is the answerer's own");
  assert.equal(seen.local, answererView.remote, "and its own is the one the answerer sees");
  assert.is(seen.remote.length, 1);
  link.offerer.destroy();
  link.answerer.destroy();
});

test.run();
