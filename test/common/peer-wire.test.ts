import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { LIMITS } from '../../common/limits.ts';
import {
  encodePeerFrame,
  encodeSignalEnvelope,
  isChatFrame,
  isTransferFrame,
  parsePeerFrame,
  parseSignalEnvelope,
  type PeerFrame,
  type SignalEnvelope,
} from '../../common/peer-wire.ts';

const SHA = 'ab'.repeat(32);

/** One valid frame of every tag, with the class it belongs to. */
const frames: Array<[PeerFrame, 'chat' | 'transfer' | 'call']> = [
  [{ t: 'msg', id: 'm1', text: 'hello', at: 1_700_000_000_000 }, 'chat'],
  [{ t: 'ack', id: 'm1' }, 'chat'],
  [{ t: 'typing', on: true }, 'chat'],
  [{ t: 'file-offer', id: 'f1', seq: 3, name: 'a.bin', size: 1024, type: 'application/octet-stream' }, 'transfer'],
  [{ t: 'file-accept', id: 'f1', offset: 0 }, 'transfer'],
  [{ t: 'file-accept', id: 'f1', offset: 4096, acksEveryChunk: true }, 'transfer'],
  [{ t: 'file-decline', id: 'f1' }, 'transfer'],
  [{ t: 'file-cancel', id: 'f1' }, 'transfer'],
  [{ t: 'file-ack', id: 'f1', offset: 512 }, 'transfer'],
  [{ t: 'file-end', id: 'f1', sha256: SHA }, 'transfer'],
  [{ t: 'file-done', id: 'f1', ok: false }, 'transfer'],
  [{ t: 'media', muted: true, cameraOff: false }, 'call'],
];

test('every frame type round-trips through encodePeerFrame and parsePeerFrame', () => {
  for (const [frame] of frames) assert.equal(parsePeerFrame(encodePeerFrame(frame)), frame, frame.t);
});

test('isChatFrame and isTransferFrame classify every tag', () => {
  for (const [frame, kind] of frames) {
    assert.is(isChatFrame(frame), kind === 'chat', `isChatFrame(${frame.t})`);
    assert.is(isTransferFrame(frame), kind === 'transfer', `isTransferFrame(${frame.t})`);
  }
});

test('unknown extra fields are dropped', () => {
  const parsed = parsePeerFrame(JSON.stringify({ t: 'ack', id: 'm1', from: 'Mallory', admin: true }));
  assert.equal(parsed, { t: 'ack', id: 'm1' });
});

const malformed: Array<[string, string]> = [
  ['bad JSON', '{"t":"ack","id":'],
  ['a JSON array', '[{"t":"ack","id":"m1"}]'],
  ['an unknown t', JSON.stringify({ t: 'launch', id: 'm1' })],
  ['no t at all', JSON.stringify({ id: 'm1' })],
  ['a chat text over maxPrivateChars', JSON.stringify({ t: 'msg', id: 'm1', text: 'x'.repeat(LIMITS.maxPrivateChars + 1), at: 1 })],
  ['an empty chat text', JSON.stringify({ t: 'msg', id: 'm1', text: '', at: 1 })],
  ['an id over maxIdChars', JSON.stringify({ t: 'ack', id: 'i'.repeat(LIMITS.maxIdChars + 1) })],
  ['an empty id', JSON.stringify({ t: 'ack', id: '' })],
  ['a negative offset', JSON.stringify({ t: 'file-ack', id: 'f1', offset: -1 })],
  ['a fractional offset', JSON.stringify({ t: 'file-ack', id: 'f1', offset: 1.5 })],
  ['a non-hex sha256', JSON.stringify({ t: 'file-end', id: 'f1', sha256: 'zz'.repeat(32) })],
  ['an upper-case sha256', JSON.stringify({ t: 'file-end', id: 'f1', sha256: SHA.toUpperCase() })],
  ['a sha256 one digit short', JSON.stringify({ t: 'file-end', id: 'f1', sha256: SHA.slice(1) })],
  ['a missing field', JSON.stringify({ t: 'file-offer', id: 'f1', seq: 1, name: 'a', type: '' })],
  ['a field of the wrong type', JSON.stringify({ t: 'typing', on: 'yes' })],
];

for (const [what, raw] of malformed) {
  test(`a frame with ${what} is rejected`, () => {
    assert.is(parsePeerFrame(raw), null);
  });
}

test('a chat text of exactly maxPrivateChars and an id of exactly maxIdChars are accepted', () => {
  const frame: PeerFrame = { t: 'msg', id: 'i'.repeat(LIMITS.maxIdChars), text: 'x'.repeat(LIMITS.maxPrivateChars), at: 1 };
  assert.equal(parsePeerFrame(encodePeerFrame(frame)), frame);
});

// ---- signal envelopes ----

const offer = { type: 'offer', sdp: 'v=0' };
const candidate = { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 5000 typ host', sdpMid: '0' } };

/** Every kind and lane, with the exact wire form older clients send and expect. */
const envelopes: Array<[string, SignalEnvelope, Record<string, unknown>]> = [
  ['a request', { kind: 'request' }, { request: true }],
  [
    'a chat-lane session offer',
    { kind: 'session', sid: 's1', signal: { lane: 'chat', data: offer, ownBulkConnection: false } },
    { sid: 's1', signal: offer },
  ],
  [
    'a chat-lane session offer with its own bulk connection',
    { kind: 'session', sid: 's1', signal: { lane: 'chat', data: offer, ownBulkConnection: true } },
    { sid: 's1', signal: { ...offer, ownBulkConnection: true } },
  ],
  ['a bulk-lane session candidate', { kind: 'session', sid: 's1', signal: { lane: 'bulk', data: candidate } }, { sid: 's1', signal: { bulk: candidate } }],
  [
    'a chat-lane call offer',
    { kind: 'call', callId: 'c1', signal: { lane: 'chat', data: offer, ownBulkConnection: false } },
    { call: 'c1', signal: offer },
  ],
  ['a bulk-lane call candidate', { kind: 'call', callId: 'c1', signal: { lane: 'bulk', data: candidate } }, { call: 'c1', signal: { bulk: candidate } }],
];

for (const [what, envelope, wire] of envelopes) {
  test(`${what} has the wire form older clients use, and parses back to the same envelope`, () => {
    const encoded = encodeSignalEnvelope(envelope);
    assert.equal(encoded, wire);
    // Through JSON, as the server relays it.
    assert.equal(parseSignalEnvelope(JSON.parse(JSON.stringify(encoded))), envelope);
  });
}

test('ownBulkConnection is read off a chat-lane signal and stripped from its data', () => {
  const parsed = parseSignalEnvelope({ sid: 's1', signal: { type: 'answer', sdp: 'v=0', ownBulkConnection: true } });
  assert.equal(parsed, { kind: 'session', sid: 's1', signal: { lane: 'chat', data: { type: 'answer', sdp: 'v=0' }, ownBulkConnection: true } });
  const notTrue = parseSignalEnvelope({ sid: 's1', signal: { type: 'answer', sdp: 'v=0', ownBulkConnection: 'yes' } });
  assert.equal(notTrue, { kind: 'session', sid: 's1', signal: { lane: 'chat', data: { type: 'answer', sdp: 'v=0' }, ownBulkConnection: false } });
});

const junk: Array<[string, Record<string, unknown>]> = [
  ['no sid', { signal: offer }],
  ['an empty sid', { sid: '', signal: offer }],
  ['a sid over 64 chars', { sid: 's'.repeat(65), signal: offer }],
  ['a call id over 64 chars', { call: 'c'.repeat(65), signal: offer }],
  ['signal not an object', { sid: 's1', signal: 'v=0' }],
  ['signal an array', { sid: 's1', signal: [offer] }],
  ['no signal', { sid: 's1' }],
  ["request: 'yes'", { request: 'yes' }],
  ['request: false', { request: false }],
  ['nothing at all', {}],
];

for (const [what, data] of junk) {
  test(`an envelope with ${what} is null`, () => {
    assert.is(parseSignalEnvelope(data), null);
  });
}

test.run();
