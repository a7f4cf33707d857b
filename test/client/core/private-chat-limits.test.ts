/** Private chat between two users' real services over memory links: what the receiver believes of a message. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { PEER_LIMITS } from '../../../common/limits.ts';
import { toUsername } from '../../../common/username.ts';
import { MemoryNetwork } from '../../helpers/memory-peer-links.ts';
import { openLink, untilOnline, usersOnServer } from '../../helpers/service-users.ts';
import { within } from '../../helpers/timing.ts';

const BOB = toUsername('Bob');

const users = usersOnServer(test);

test('a message’s time is the sender’s only near the receiver’s clock; anything else is the arrival time', async () => {
  const [alice, bob] = await users.pair({ network: new MemoryNetwork() }, ['Alice', 'Bob']);
  await openLink(alice, bob);
  const now = Date.now();
  const claims: Record<string, number> = {
    'huge': 1e300,
    'negative': -1,
    'before any date': -8.64e15 - 1,
    'far future': now + 10 * 365 * 24 * 3600_000,
    'an hour ahead': now + 3600_000,
    'a year ago': now - 365 * 24 * 3600_000,
    'a second ahead': now + 1000,
    'a second ago': now - 1000,
  };
  const arrived = new Map<string, number>();
  const all = new Promise<void>((resolve) =>
    bob.chat.on('received', (_, message) => {
      arrived.set(message.text, message.at);
      if (arrived.size === Object.keys(claims).length) resolve();
    }),
  );
  const sentFrom = Date.now();
  for (const [text, at] of Object.entries(claims)) alice.sessions.send(BOB, { t: 'msg', id: text, text, at });
  await within(5000, 'every message at Bob', all);
  const receivedBy = Date.now();
  const arrival = (text: string) => {
    const at = arrived.get(text)!;
    assert.ok(at >= sentFrom && at <= receivedBy, `${text}: shown at ${at}, arrived between ${sentFrom} and ${receivedBy}`);
  };
  for (const text of ['huge', 'negative', 'before any date', 'far future', 'an hour ahead', 'a year ago']) arrival(text);
  assert.is(arrived.get('a second ahead'), claims['a second ahead']);
  assert.is(arrived.get('a second ago'), claims['a second ago']);
});

test('more messages than the receiver takes at once, written before the link opens, all arrive, and the link stays open', async () => {
  const network = new MemoryNetwork();
  const carol = await users.join('Carol', { network });
  const dan = await users.join('Dan', { network });
  await untilOnline(carol, dan.name);
  const count = PEER_LIMITS.shownFrameBurst + 40;
  let arrived = 0;
  const all = new Promise<void>((resolve) =>
    dan.chat.on('received', () => {
      if (++arrived === count) resolve();
    }),
  );
  const DAN = toUsername('Dan');
  for (let i = 0; i < count; i++) carol.chat.send(DAN, { id: `m${i}`, text: `message ${i}`, at: Date.now() });
  await within(30_000, `${count} messages at Dan`, all);
  assert.is(dan.sessions.state(toUsername('Carol')), 'open');
});

test.run();
