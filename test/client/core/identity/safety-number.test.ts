import { test } from '../../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { digitsOf, formatSafetyNumber, safetyNumber } from '../../../../client/core/identity/safety-number.ts';
import { ephemeralIdentity } from '../../../../client/core/identity/identity-key.ts';

const key = async () => (await ephemeralIdentity()())!.publicKey;

test('both sides get the same 60 digits, whichever side computes them', async () => {
  const [alice, bob] = [{ publicKey: await key(), nameKey: 'alice' }, { publicKey: await key(), nameKey: 'bob' }];
  const number = await safetyNumber(alice, bob);
  assert.match(number, /^\d{60}$/);
  assert.is(await safetyNumber(bob, alice), number);
});

test('another key for either side gives another number', async () => {
  const alice = { publicKey: await key(), nameKey: 'alice' };
  const bob = { publicKey: await key(), nameKey: 'bob' };
  const mallory = { publicKey: await key(), nameKey: 'bob' };
  assert.is.not(await safetyNumber(alice, mallory), await safetyNumber(alice, bob));
});

test('shown as twelve groups of five digits; typed with spaces or without, the same digits', async () => {
  const digits = '0123456789'.repeat(6);
  const groups = formatSafetyNumber(digits);
  assert.is(groups.length, 12);
  assert.ok(groups.every((group) => /^\d{5}$/.test(group)));
  assert.is(digitsOf(groups.join(' ')), digits);
});

test.run();
