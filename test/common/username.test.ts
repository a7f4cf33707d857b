import { test } from '../helpers/suite.ts';
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

test('lookalikes share the key of the name they imitate: Unicode\'s confusables data, with case folded', () => {
  const key = accept('alice').key;
  assert.is(accept('\u0251lice').key, key, 'Latin alpha ɑ');
  assert.is(accept('a1ice').key, key, 'digit one');
  assert.is(accept('AIice').key, key, 'capital I');
  assert.is(accept('rnilo').key, accept('Milo').key, 'rn for m');
  assert.is(accept('\u0412\u0435\u0440\u0430').key, accept('Bepa').key, 'a Cyrillic word that reads as Latin');
  assert.is(accept('\uA4D1\uA4EE\uA4F4\uA4E1').key, accept('paul').key, 'a Lisu word that reads as Latin');
  assert.is.not(accept('李小龙').key, key);
});

test('Latin letters mixed with Cyrillic or Greek lookalikes are refused', () => {
  reject('\u0430lice', 'Cyrillic а');
  reject('\u0410lic\u0435', 'capital Cyrillic А and Cyrillic е');
  reject('p\u0430yp\u0430l', 'Cyrillic а twice');
  reject('b\u03BFb', 'Greek ο');
});

test('the key is a fixed point for every letter, mark and digit: folding case or folding again changes nothing', () => {
  const candidate = /^[\p{L}\p{M}\p{Nd}]$/u;
  const unstable: string[] = [];
  for (let code = 0; code <= 0x10ffff; code += 1) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const char = String.fromCodePoint(code);
    if (!candidate.test(char)) continue;
    const key = usernameKey(char);
    if (usernameKey(char.toUpperCase()) !== key || usernameKey(char.toLowerCase()) !== key || usernameKey(key) !== key) {
      unstable.push(`U+${code.toString(16)}`);
    }
  }
  assert.equal(unstable, []);
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
