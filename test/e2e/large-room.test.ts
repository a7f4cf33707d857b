/**
 * The web app in a paged room (past the server's full-list threshold): the sidebar shows the
 * welcome's page, the filter box finds someone else on the server, and that person's departure is
 * pushed once shown. The people online are raw protocol clients; the app is a real page.
 */
import * as assert from 'uvu/assert';
import { PROTOCOL_VERSION } from '../../common/protocol.ts';
import { joinAs, openApp } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { TestClient } from '../helpers/ws-client.ts';

const { test, world } = browserSuite('e2e: large room', { presenceFullListMax: 2 });

async function online(name: string): Promise<TestClient> {
  const client = await TestClient.open(world.server.wsUrl);
  client.send({ type: 'hello', v: PROTOCOL_VERSION, name });
  await client.next('welcome');
  return client;
}

test('the filter box searches the server for people not on the first page, and shows them while they are online', async () => {
  const ann = await online('Ann');
  const bo = await online('Bo');
  const page = await openApp(world.browser, world.server.url);
  await joinAs(page, 'Cy');
  const list = page.getByRole('list', { name: 'Conversations' });
  await list.getByRole('listitem', { name: /^Ann/ }).waitFor({ timeout: 5000 });
  const dana = await online('Dana');
  const filter = page.getByRole('searchbox', { name: 'Filter conversations' });
  await filter.fill('da');
  await list.getByRole('listitem', { name: /^Dana/ }).waitFor({ timeout: 5000 });
  assert.is(await list.getByRole('listitem', { name: /^Ann/ }).count(), 0, 'the filter hides who does not match');
  await page.getByText('4 online').waitFor({ timeout: 5000 });
  await dana.close();
  await list.getByRole('listitem', { name: /^Dana/ }).waitFor({ state: 'detached', timeout: 5000 });
  await page.context().close();
  await Promise.all([ann.close(), bo.close()]);
});

test.run();
