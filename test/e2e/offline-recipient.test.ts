/** Writing to someone who went offline: the chat says the messages wait and go out when both are online, and they do. */
import { joinAs, messageIn } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { aliceAndBob, say } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: writing to someone offline');

test('a message to Bob while he is away says it waits for both to be online, and reaches him when he is back', async () => {
  const [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
  // Bob closes the tab and comes back in the same browser, with the same identity key: a new
  // profile would be a new key, which Alice's side holds until she accepts it (the verified-peers suite).
  const bobsBrowser = bob.context();
  await bob.close();
  await alice.getByRole('heading', { name: 'Bob' }).waitFor();
  await alice.getByRole('listitem', { name: /^Bob/ }).getByText('offline').waitFor({ timeout: 10_000 });
  await say(alice, 'see this when you are back');
  const note = alice.getByRole('log').getByRole('status').getByText('Bob is offline. Your messages wait here and go out when you are both online.');
  await note.waitFor({ timeout: 5000 });

  const bobAgain = await bobsBrowser.newPage();
  await bobAgain.goto(world.server.url);
  await joinAs(bobAgain, 'Bob');
  await bobAgain.getByRole('listitem', { name: /^Alice/ }).click();
  await messageIn(bobAgain, 'see this when you are back').waitFor({ timeout: 30_000 });
  await note.waitFor({ state: 'detached', timeout: 5000 });
  await alice.context().close();
  await bobsBrowser.close();
});

test.run();
