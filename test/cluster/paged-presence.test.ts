/**
 * A paged room across two processes sharing Redis: the directory of each process lists the users
 * of both, and a watch on one process hears of a name coming and going on the other.
 */
import * as assert from 'uvu/assert';
import { PROTOCOL_VERSION } from '../../common/protocol.ts';
import { clusterSuite } from '../helpers/cluster.ts';
import type { TestClient } from '../helpers/ws-client.ts';

const { test, world } = clusterSuite('cluster: paged presence', 2, { PRESENCE_FULL_LIST_MAX: '2' });

async function joinOn(index: number, name: string, v = PROTOCOL_VERSION): Promise<TestClient> {
  const client = await world.open(index);
  client.send({ type: 'hello', v, name });
  await client.next('welcome');
  return client;
}

test('past the threshold on either process: paged welcomes, one directory, watches across processes', async () => {
  const ann = await joinOn(0, 'Ann', 1);
  await joinOn(1, 'Bo');
  await ann.joined('Bo');
  const cy = await world.open(1);
  cy.send({ type: 'hello', v: PROTOCOL_VERSION, name: 'Cy' });
  const welcome = await cy.next('welcome');
  assert.is(welcome.paged, true);
  assert.is(welcome.online, 3);
  cy.send({ type: 'watch', id: 'w', names: ['Dee'] });
  assert.equal((await cy.next('watching', (m) => m.ref === 'w')).online, []);
  await joinOn(0, 'Eli');
  const dee = await joinOn(0, 'Dee');
  await cy.joined('Dee');
  assert.is(cy.announcements('joined', 'Eli'), 0, 'never told of a name it does not watch');
  cy.send({ type: 'directory', id: 'all' });
  assert.equal((await cy.next('directory', (m) => m.ref === 'all')).users.map((u) => u.name), ['Ann', 'Bo', 'Cy', 'Dee', 'Eli']);
  await dee.close();
  await cy.left('Dee');
  // Ann, welcomed with the whole list, still hears of everyone.
  await ann.joined('Eli');
  const old = await world.open(1);
  old.send({ type: 'hello', v: 1, name: 'Fred' });
  assert.is((await old.next('rejected')).code, 'unsupported-version');
});

test.run();
