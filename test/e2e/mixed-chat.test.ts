/**
 * Chromium and Firefox, and Firefox with itself: joining, presence, the Everyone room, and private
 * chat both ways, also with the server stopped.
 */
import * as assert from 'uvu/assert';
import { PAIRINGS } from '../../harness/app-driver.ts';
import { mixedSuite, pairNames } from '../helpers/mixed-suite.ts';

const { test, world } = mixedSuite('e2e: mixed browsers, chat');

PAIRINGS.forEach((pairing, index) => {
  const [first, second] = pairing;
  const [annName, bobName] = pairNames(index, pairing);

  test(`${first} and ${second}: each sees the other join and leave; a broadcast arrives with its sender's name`, async () => {
    const ann = await world.person(first, annName);
    const bob = await world.person(second, bobName);
    await ann.waitForConversation(bobName);
    await bob.waitForConversation(annName);
    await ann.say(`Hello from ${first}`);
    assert.match(await bob.message(`Hello from ${first}`), annName);
    await ann.message(`Hello from ${first}`, 'sent');
    await bob.say(`Hello from ${second}`);
    assert.match(await ann.message(`Hello from ${second}`), bobName);
    await world.leave(bob);
    await ann.waitForConversation(bobName, { gone: true });
    await world.leave(ann);
  });

  test(`${first} and ${second}: private messages both ways, delivered, direct; with the server stopped, still both ways`, async () => {
    const ann = await world.person(first, annName);
    const bob = await world.person(second, bobName);
    await ann.open(bobName);
    await ann.say(`just us, ${second}`);
    await bob.open(annName);
    await bob.message(`just us, ${second}`);
    await ann.message(`just us, ${second}`, 'delivered');
    await bob.say(`just us, ${first}`);
    await ann.message(`just us, ${first}`);
    await bob.message(`just us, ${first}`, 'delivered');
    await ann.waitForText('app', 'Connected (direct)');
    await bob.waitForText('app', 'Connected (direct)');

    await world.server.close();
    await ann.waitForText('app', /reconnecting/);
    await bob.waitForText('app', /reconnecting/);
    await ann.say('the server is down');
    await bob.message('the server is down');
    await bob.say('we are not');
    await ann.message('we are not');
    await bob.message('we are not', 'delivered');

    await world.restartServer();
    await ann.waitForText('app', /reconnecting/, { gone: true, timeout: 15_000 });
    await bob.waitForText('app', /reconnecting/, { gone: true, timeout: 15_000 });
    await world.leave(ann, bob);
  });
});

test.run();
