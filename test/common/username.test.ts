import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { parseUsername, usernameKey } from '../../common/username.ts';

const accept = (raw: string) => {
  const parsed = parseUsername(raw);
  assert.ok(parsed.ok, `expected "${raw}" to be accepted`);
  return parsed.ok ? parsed.name : { display: '', key: '' };
};
const reject = (raw: unknown, why: string) => {
  const parsed = parseUsername(raw);
  assert.not.ok(parsed.ok, `expected ${JSON.stringify(raw)} to be rejected (${why})`);
  if (!parsed.ok) assert.is(parsed.error.code, 'username-invalid');
};

test('accepts letters, digits, spaces, dots, underscores and hyphens', () => {
  for (const name of ['Alice', 'bob_99', 'Mary-Jane', 'j.r.r', 'Ana Lucía', 'Ельцин', '李小龙', 'नमस्ते', '7up', 'x']) accept(name);
});

test('trims, and shows the name as typed', () => {
  assert.is(accept('  Alice Smith  ').display, 'Alice Smith');
  assert.is(accept('ALICE').display, 'ALICE');
});

test('normalises to NFC, so composed and decomposed forms are one name', () => {
  const composed = accept('Zo\u00eb');
  const decomposed = accept('Zoe\u0308');
  assert.is(decomposed.display, composed.display);
  assert.is(decomposed.key, composed.key);
});

test('case, width and compatibility forms share one key', () => {
  const key = usernameKey('Alice');
  assert.is(accept('alice').key, key);
  assert.is(accept('ALICE').key, key);
  assert.is(accept('Ａｌｉｃｅ').key, key);
  assert.is(accept('ａｌｉｃｅ').display, 'ａｌｉｃｅ');
  assert.is(accept('Straße').key, accept('STRASSE').key);
  assert.is(accept('ﬁsh').key, accept('fish').key);
});

test('lookalikes from other scripts share the key of the name they imitate', () => {
  const key = accept('alice').key;
  assert.is(accept('\u0430lice').key, key, 'Cyrillic а');
  assert.is(accept('\u0410lic\u0435').key, key, 'capital Cyrillic А and Cyrillic е');
  assert.is(accept('p\u0430yp\u0430l').key, accept('paypal').key);
  assert.is(accept('\u0299ob').key, accept('Bob').key, 'small capital B');
  assert.is.not(accept('李小龙').key, accept('alice').key);
});

test('different names keep different keys', () => {
  assert.is.not(accept('Alice').key, accept('Alicia').key);
  assert.is.not(accept('al ice').key, accept('alice').key);
});

test('rejects empty, blank and too long names', () => {
  reject('', 'empty');
  reject('   ', 'blank');
  reject('a'.repeat(33), 'too long');
  reject('x'.repeat(10_000), 'far too long');
  accept('a'.repeat(32));
  accept('é'.repeat(32));
});

test('counts characters, not UTF-16 units', () => {
  accept('李'.repeat(32));
  reject('李'.repeat(33), 'too long');
});

test('rejects control, format and symbol characters', () => {
  reject('ali\u0000ce', 'NUL');
  reject('ali\nce', 'newline');
  reject('ali\tce', 'tab');
  reject('ali\u200bce', 'zero-width space');
  reject('ali\u202ece', 'right-to-left override');
  reject('<img src=x>', 'markup');
  reject('alice!', 'punctuation');
  reject('😀', 'emoji');
  reject('_alice', 'must start with a letter or digit');
  reject('.', 'a lone dot');
});

test('rejects non-strings without throwing', () => {
  for (const raw of [undefined, null, 42, {}, ['alice']]) reject(raw, 'not a string');
});

test.run();
