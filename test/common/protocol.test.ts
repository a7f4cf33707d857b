import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { LIMITS } from '../../common/limits.ts';
import { parseClientMessage, parseServerMessage, type ClientMessage } from '../../common/protocol.ts';

const valid: ClientMessage[] = [
  { type: 'hello', v: 1, name: 'Alice' },
  { type: 'hello', v: 1, name: 'Alice', resume: 'token-1' },
  { type: 'broadcast', text: 'hi all' },
  { type: 'broadcast', id: 'm1', text: 'hi all' },
  { type: 'signal', to: 'Bob', data: { sid: 's', signal: { type: 'offer', sdp: 'v=0' } } },
  { type: 'call', to: 'Bob', callId: 'c1', action: 'ring', media: 'video' },
  ...(['accept', 'decline', 'busy', 'cancel', 'hangup'] as const).map(
    (action): ClientMessage => ({ type: 'call', to: 'Bob', callId: 'c1', action }),
  ),
  { type: 'ping' },
  { type: 'ping', id: 'p1' },
];

test('every client message type is accepted in its valid form', () => {
  for (const message of valid) {
    const parsed = parseClientMessage(JSON.stringify(message));
    assert.ok(parsed.ok, `rejected ${JSON.stringify(message)}`);
    if (parsed.ok) assert.equal(parsed.message, message);
  }
});

test('unknown fields are dropped, so a client cannot smuggle a "from"', () => {
  const parsed = parseClientMessage(JSON.stringify({ type: 'broadcast', text: 'x', from: 'Mallory', at: 1 }));
  assert.ok(parsed.ok);
  if (parsed.ok) assert.equal(parsed.message, { type: 'broadcast', text: 'x' });
});

const rejected: Array<[string, string, string]> = [
  ['not JSON', '{"type": "hello"', 'bad-json'],
  ['empty frame', '', 'bad-json'],
  ['a JSON array', '[1,2]', 'invalid-message'],
  ['a JSON string', '"hello"', 'invalid-message'],
  ['null', 'null', 'invalid-message'],
  ['unknown type', '{"type":"launch-missiles"}', 'unknown-type'],
  ['missing type', '{"name":"x"}', 'unknown-type'],
  ['type of the wrong kind', '{"type":42}', 'unknown-type'],
  ['server-only type', '{"type":"welcome"}', 'unknown-type'],
  ['missing name', '{"type":"hello","v":1}', 'invalid-message'],
  ['version as a string', '{"type":"hello","v":"1","name":"a"}', 'invalid-message'],
  ['name as a number', '{"type":"hello","v":1,"name":5}', 'invalid-message'],
  ['empty broadcast', '{"type":"broadcast","text":""}', 'invalid-message'],
  ['broadcast too long', JSON.stringify({ type: 'broadcast', text: 'x'.repeat(LIMITS.maxBroadcastChars + 1) }), 'field-too-large'],
  ['signal data not an object', '{"type":"signal","to":"b","data":"sdp"}', 'invalid-message'],
  ['signal data an array', '{"type":"signal","to":"b","data":[1]}', 'invalid-message'],
  ['signal too large', JSON.stringify({ type: 'signal', to: 'b', data: { sdp: 'x'.repeat(LIMITS.maxSignalChars) } }), 'field-too-large'],
  ['signal data nested beyond reason', `{"type":"signal","to":"b","data":{"x":${'['.repeat(20_000)}${']'.repeat(20_000)}}}`, 'field-too-large'],
  ['call with an unknown action', '{"type":"call","to":"b","callId":"c","action":"explode"}', 'invalid-message'],
  ['call without call id', '{"type":"call","to":"b","action":"ring"}', 'invalid-message'],
  ['call id too long', JSON.stringify({ type: 'call', to: 'b', callId: 'c'.repeat(65), action: 'ring' }), 'field-too-large'],
];

for (const [what, frame, code] of rejected) {
  test(`rejects ${what} with ${code}`, () => {
    const parsed = parseClientMessage(frame);
    assert.not.ok(parsed.ok);
    if (!parsed.ok) {
      assert.is(parsed.error.code, code);
      assert.type(parsed.error.message, 'string');
    }
  });
}

test('the client id is echoed as ref on a failed message, so the sender can tell which one failed', () => {
  const parsed = parseClientMessage('{"type":"broadcast","id":"m7","text":7}');
  assert.ok(!parsed.ok && parsed.error.ref === 'm7');
});

test('never throws, whatever the input', () => {
  const nasty = ['{"__proto__":{"type":"hello"}}', '{"type":"hello","v":1,"name":{"toString":1}}', '['.repeat(5000), '\u0000', '\ud800'];
  for (const frame of nasty) {
    assert.not.throws(() => parseClientMessage(frame));
    assert.not.ok(parseClientMessage(frame).ok);
  }
});

test('server frames are validated too', () => {
  assert.ok(parseServerMessage('{"type":"presence","joined":[{"name":"a"}],"left":["b"]}').ok);
  assert.not.ok(parseServerMessage('{"type":"presence","joined":[]}').ok);
  assert.not.ok(parseServerMessage('{"type":"hello","v":1,"name":"a"}').ok);
});

test.run();
