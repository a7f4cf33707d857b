/**
 * A room past the full-list threshold: the welcome has the count and a first page, the directory
 * answers pages and searches, and a socket hears only of the names it watches. Below the
 * threshold nothing changes, and a client of protocol version 1 is welcomed there as before, and
 * told to reload past it.
 */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { LIMITS } from '../../common/limits.ts';
import { PROTOCOL_VERSION } from '../../common/protocol.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import { TestClient } from '../helpers/ws-client.ts';

const FULL_LIST_MAX = 3;

let server: TestServer;
const everyone: TestClient[] = [];
test.before(async () => {
  server = await startTestServer({ presenceFullListMax: FULL_LIST_MAX });
});
test.after(async () => {
  await Promise.all(everyone.map((client) => client.close()));
  await server.close();
});

/** Joins with protocol version `v`, and returns the client with its welcome. */
async function join(name: string, v = PROTOCOL_VERSION) {
  const client = await TestClient.open(server.wsUrl);
  everyone.push(client);
  client.send({ type: 'hello', v, name });
  return { client, welcome: await client.next('welcome') };
}

let ann: TestClient;
let bo: TestClient;

test('up to the threshold, every welcome lists everyone, version 1 and 2 alike', async () => {
  ann = (await join('Ann', 1)).client;
  bo = (await join('Bo')).client;
  const cy = await join('Cy', 1);
  assert.equal(cy.welcome.users.map((u) => u.name), ['Ann', 'Bo', 'Cy']);
  assert.is(cy.welcome.paged, false);
  assert.is(cy.welcome.online, 3);
});

test('past it, the welcome says paged, with the count and the first page', async () => {
  const { welcome } = await join('Dan');
  assert.is(welcome.paged, true);
  assert.is(welcome.online, 4);
  assert.equal(welcome.users.map((u) => u.name), ['Ann', 'Bo', 'Cy', 'Dan']);
  // Welcomed with the whole list, Ann still hears of everyone.
  await ann.joined('Dan');
});

test('past it, a version 1 client is told to reload, and its name is not kept', async () => {
  const old = await TestClient.open(server.wsUrl);
  everyone.push(old);
  old.send({ type: 'hello', v: 1, name: 'Eve' });
  const rejected = await old.next('rejected');
  assert.is(rejected.code, 'unsupported-version');
  assert.match(rejected.message, /Reload the page/);
  const eve = await join('Eve');
  assert.is(eve.welcome.you, 'Eve');
});

test('a paged client hears only of the names it watches, from the answer on', async () => {
  const { client: fay } = await join('Fay');
  fay.send({ type: 'watch', id: 'w1', names: ['Ann', 'Gus', 'not a valid name!'] });
  const watching = await fay.next('watching', (m) => m.ref === 'w1');
  assert.equal(watching.online, [{ name: 'Ann' }]);
  await join('Hal');
  const { client: gus } = await join('Gus');
  await fay.joined('Gus');
  await gus.close();
  await fay.left('Gus');
  assert.is(fay.announcements('joined', 'Hal'), 0, 'never told of a name it does not watch');
  assert.is(fay.count('presence'), 2);
});

test('the directory pages through everyone once, in name order, and searches by a folded prefix', async () => {
  const { client: ida } = await join('Ida');
  const seen: string[] = [];
  let after: string | undefined;
  do {
    ida.send({ type: 'directory', id: `p${seen.length}`, limit: 2, after });
    const page = await ida.next('directory', (m) => m.ref === `p${seen.length}`);
    assert.ok(page.users.length <= 2);
    assert.is(page.online, 8);
    seen.push(...page.users.map((u) => u.name));
    after = page.next;
  } while (after !== undefined);
  assert.equal(seen, ['Ann', 'Bo', 'Cy', 'Dan', 'Eve', 'Fay', 'Hal', 'Ida']);
  // Folded as names are compared: case, width and lookalikes.
  await join('Danny');
  for (const prefix of ['da', 'ＤＡ', 'DA']) {
    ida.send({ type: 'directory', id: prefix, prefix });
    const found = await ida.next('directory', (m) => m.ref === prefix);
    assert.equal(found.users.map((u) => u.name), ['Dan', 'Danny'], `search for ${prefix}`);
    assert.is(found.next, undefined);
  }
});

test('past twice the threshold, a version 2 client welcomed with the whole list is moved to pages; one of version 1 is not', async () => {
  // Hal's join made it 7 (Ann, Bo, Cy, Dan, Eve, Fay, Hal), past 2 × 3.
  assert.is((await bo.next('paged')).online, 7);
  for (const name of ['Ida', 'Danny']) await ann.joined(name);
  assert.is(bo.announcements('joined', 'Hal'), 0, 'moved before Hal was announced');
  assert.is(bo.announcements('joined', 'Ida'), 0);
  assert.is(ann.count('paged'), 0);
});

test('bad directory and watch frames get an error, and the socket stays', async () => {
  const { client: jo } = await join('Jo');
  jo.send({ type: 'directory', id: 'big', limit: LIMITS.maxDirectoryPage + 1 });
  assert.is((await jo.next('error', (m) => m.ref === 'big')).code, 'field-too-large');
  jo.send({ type: 'watch', id: 'many', names: Array.from({ length: LIMITS.maxWatchedNames + 1 }, (_, i) => `n${i}`) });
  assert.is((await jo.next('error', (m) => m.ref === 'many')).code, 'field-too-large');
  jo.send({ type: 'watch', id: 'bad', names: 'Ann' });
  assert.is((await jo.next('error', (m) => m.ref === 'bad')).code, 'invalid-message');
  jo.send({ type: 'ping', id: 'still' });
  await jo.next('pong', (m) => m.ref === 'still');
});

test('the welcome\'s page is watched from the start, without a watch', async () => {
  const { client: kim, welcome } = await join('Kim');
  assert.ok(welcome.users.some((u) => u.name === 'Jo'));
  const jo = everyone.find((client) => client.received.some((m) => m.type === 'welcome' && m.you === 'Jo'))!;
  await jo.close();
  await kim.left('Jo');
});

test.run();
