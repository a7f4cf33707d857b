/** `PrivateChat` over peer sessions on the real server, with memory peer links. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { OutgoingMessage } from '../../../client/core/chat/private-chat.ts';
import { MemoryNetwork } from '../../helpers/memory-peer-links.ts';
import { openLink, usersOnServer, type TestUser } from '../../helpers/service-users.ts';
import { within } from '../../helpers/timing.ts';

const users = usersOnServer(test);

let written = 0;
const message = (text: string): OutgoingMessage => ({ id: `m${++written}`, text, at: Date.now() });

/** What `user`'s chat reports, in order, as short lines. */
function record(user: TestUser): string[] {
  const log: string[] = [];
  user.chat.on('sent', (peer, id) => log.push(`sent ${id} to ${peer.display}`));
  user.chat.on('received', (peer, { id, text }) => log.push(`received ${id} "${text}" from ${peer.display}`));
  user.chat.on('delivered', (peer, id) => log.push(`delivered ${id} to ${peer.display}`));
  user.chat.on('typing', (peer, on) => log.push(`typing ${on ? 'on' : 'off'} from ${peer.display}`));
  return log;
}

test('a message is sent, received once by the peer, then reported delivered', async () => {
  const [ann, bob] = await users.pair({ network: new MemoryNetwork() });
  const [annLog, bobLog] = [record(ann), record(bob)];
  const delivered = ann.chat.next('delivered');
  const hello = message('hello');
  ann.chat.send(bob.name, hello);
  await within(3000, 'the delivery report', delivered);
  assert.equal(annLog, [`sent ${hello.id} to ${bob.name.display}`, `delivered ${hello.id} to ${bob.name.display}`]);
  assert.equal(bobLog.filter((line) => line.startsWith('received')), [`received ${hello.id} "hello" from ${ann.name.display}`]);
});

test('a message written while the link is down waits in the outbox and goes out when the link reopens', async () => {
  const network = new MemoryNetwork();
  const [ann, bob] = await users.pair({ network });
  await openLink(ann, bob);
  const sent: string[] = [];
  ann.chat.on('sent', (peer, id) => sent.push(`${id} while the link was ${ann.sessions.state(peer)}`));
  network.open()[0]!.cut();
  const waiting = message('while down');
  const received = bob.chat.next('received', (_, { id }) => id === waiting.id);
  ann.chat.send(bob.name, waiting);
  assert.equal(sent, [], 'nothing went out on the broken link');
  await within(5000, 'the message at Bob', received);
  assert.equal(sent, [`${waiting.id} while the link was open`]);
});

test('a message whose ack was lost is sent again when the link reopens, and received only once', async () => {
  const network = new MemoryNetwork();
  const [ann, bob] = await users.pair({ network });
  await openLink(ann, bob);
  const [annLog, bobLog] = [record(ann), record(bob)];
  // The link fails just as Bob takes the message in: his ack is still on its way, and is lost.
  const stop = bob.chat.on('received', () => {
    stop();
    network.open()[0]!.cut();
  });
  const delivered = ann.chat.next('delivered');
  const once = message('once');
  ann.chat.send(bob.name, once);
  await within(5000, 'the delivery report after the resend', delivered);
  const sent = `sent ${once.id} to ${bob.name.display}`;
  assert.equal(annLog, [sent, sent, `delivered ${once.id} to ${bob.name.display}`], 'sent again on the new link');
  assert.equal(bobLog.filter((line) => line.startsWith('received')), [`received ${once.id} "once" from ${ann.name.display}`]);
});

test('typing on and typing off arrive at the peer', async () => {
  const [ann, bob] = await users.pair({ network: new MemoryNetwork() });
  await openLink(ann, bob);
  const on = bob.chat.next('typing');
  ann.chat.setTyping(bob.name, true);
  assert.equal(await within(3000, 'typing on', on), [ann.name, true]);
  const off = bob.chat.next('typing');
  ann.chat.setTyping(bob.name, false);
  assert.equal(await within(3000, 'typing off', off), [ann.name, false]);
});

test('a received message also clears typing, without a typing-off frame', async () => {
  const [ann, bob] = await users.pair({ network: new MemoryNetwork() });
  await openLink(ann, bob);
  const on = bob.chat.next('typing');
  ann.chat.setTyping(bob.name, true);
  await within(3000, 'typing on', on);
  const log = record(bob);
  const received = bob.chat.next('received');
  const done = message('done typing');
  ann.chat.send(bob.name, done);
  await within(3000, 'the message', received);
  assert.equal(log, [`typing off from ${ann.name.display}`, `received ${done.id} "done typing" from ${ann.name.display}`]);
});

test.run();
