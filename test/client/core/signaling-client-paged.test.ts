/** `SignalingClient` in a paged room (past the server's full-list threshold), against the real server. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { SignalingClient } from '../../../client/core/signaling/signaling-client.ts';
import { startTestServer, type TestServer } from '../../../harness/server.ts';
import { within } from '../../helpers/timing.ts';
import { wsSockets, type RecordingSockets } from '../../helpers/ws-sockets.ts';

let server: TestServer;
const clients: SignalingClient[] = [];
test.before(async () => {
  server = await startTestServer({ presenceFullListMax: 2, resumeMinSessionMs: 0 });
});
test.after(async () => {
  for (const client of clients) client.close();
  await server.close();
});

async function joined(name: string, sockets: RecordingSockets = wsSockets()): Promise<SignalingClient> {
  const client = new SignalingClient(server.wsUrl, sockets.open);
  clients.push(client);
  await within(3000, `${name} to join`, client.join(name));
  return client;
}

const names = (client: SignalingClient) => client.users.map((user) => user.display).sort();

test('below the threshold the room is not paged; past it, the client knows, and lists what it watches', async () => {
  const ann = await joined('Ann');
  await joined('Bo');
  assert.is(ann.paged, false);
  const annPaged = ann.next('paged');
  const sockets = wsSockets();
  const cy = await joined('Cy', sockets);
  assert.is(cy.paged, true);
  assert.is(cy.online, 3);
  const watched = cy.next('users', () => names(cy).join() === 'Ann');
  cy.watch(['Ann', 'Dee']);
  await within(3000, 'the watch answer', watched);
  const dee = cy.next('user-joined', (user) => user.display === 'Dee');
  await joined('Dee');
  await within(3000, 'Dee, watched, to be announced', dee);
  assert.equal(names(cy), ['Ann', 'Dee']);
  // After a drop the watch is sent again with the rejoin: Eli, not watched, never shows.
  const back = cy.next('users', () => names(cy).join() === 'Ann,Dee');
  sockets.opened[0]!.terminate();
  await within(5000, 'the rejoin and the watch answer', back);
  await joined('Eli');
  // Five online, past twice the threshold: Ann, welcomed with everyone, is moved to pages too.
  await within(3000, 'Ann to be moved to pages', annPaged);
  assert.is(ann.paged, true);
  const gone = cy.next('user-left', (user) => user.display === 'Ann');
  ann.close();
  await within(3000, 'Ann, watched, to leave', gone);
  assert.equal(names(cy), ['Dee']);
});

test('the directory answers pages and searches by prefix', async () => {
  const fay = await joined('Fay');
  const first = await fay.directory({ limit: 2 });
  assert.equal(first.users.map((user) => user.display), ['Bo', 'Cy']);
  assert.ok(first.next);
  const second = await fay.directory({ limit: 10, after: first.next });
  assert.equal(second.users.map((user) => user.display), ['Dee', 'Eli', 'Fay']);
  assert.is(second.next, undefined);
  const found = await fay.directory({ prefix: 'e' });
  assert.equal(found.users.map((user) => user.display), ['Eli']);
  assert.is(found.online, 5);
});

test.run();
