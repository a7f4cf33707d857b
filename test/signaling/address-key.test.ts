import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { addressKey } from '../../signaling/address-key.ts';

test('an IPv4 address is its own key, however it reaches the server (IPv4-mapped IPv6 included)', () => {
  assert.is(addressKey('203.0.113.7'), '203.0.113.7');
  assert.is(addressKey('::ffff:203.0.113.7'), '203.0.113.7');
  assert.is(addressKey('::FFFF:203.0.113.7'), '203.0.113.7');
  assert.is(addressKey('::ffff:cb00:7107'), '203.0.113.7');
  assert.is.not(addressKey('203.0.113.7'), addressKey('203.0.113.8'));
});

test('IPv6 addresses are grouped by /64, whatever their spelling', () => {
  const home = addressKey('2001:db8:1:2::1');
  for (const spelling of ['2001:db8:1:2:ffff:ffff:ffff:ffff', '2001:0DB8:0001:0002:0:0:0:9', '2001:db8:1:2:a::b', '2001:db8:1:2::1%eth0']) {
    assert.is(addressKey(spelling), home, spelling);
  }
  assert.is.not(addressKey('2001:db8:1:3::1'), home, 'the next /64 is another network');
  assert.is.not(addressKey('2001:db8::1:2:0:1'), home);
  assert.is(addressKey('::1'), addressKey('::2'));
  assert.is(addressKey('fe80::1'), addressKey('fe80::abcd:1'));
  assert.is(addressKey('1::'), addressKey('1:0:0:0:5::'));
  // An IPv4 address written into the low bits of a routable IPv6 address is still IPv6.
  assert.is(addressKey('64:ff9b::203.0.113.7'), addressKey('64:ff9b::198.51.100.1'));
});

test('an unknown or malformed address is a key of its own, not a crash', () => {
  assert.is(addressKey(undefined), addressKey(undefined));
  assert.is.not(addressKey('not an address'), addressKey(undefined));
});

test.run();
