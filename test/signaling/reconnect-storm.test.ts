/**
 * A reconnect storm: a room past the full-list threshold, its server restarted (a deploy), and
 * every client back at once with the resume token it had. Nobody may be refused (the per-address
 * limits are lifted here as for every loopback test: a real crowd comes from many addresses), and
 * the room afterwards holds exactly the people who came back: no ghost, nobody twice. The time
 * the storm takes is a figure of `npm run bench:load`, not asserted here.
 */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { PROTOCOL_VERSION } from '../../common/protocol.ts';
import { freePort } from '../../harness/free-port.ts';
import { LIFTED_PER_ADDRESS } from '../../harness/server.ts';
import { spawnServer, type SpawnedServer } from '../helpers/server-process.ts';
import { within } from '../helpers/timing.ts';
import { TestClient } from '../helpers/ws-client.ts';

const CLIENTS = Number(process.env.STORM_CLIENTS ?? 600);
const FULL_LIST_MAX = 300;

let port: number;
let server: SpawnedServer;
const clients: TestClient[] = [];

async function start(): Promise<string> {
  server = spawnServer({ PORT: String(port), HOST: '127.0.0.1', ...LIFTED_PER_ADDRESS, STATIC_DIR: 'no-client-needed', PRESENCE_FULL_LIST_MAX: String(FULL_LIST_MAX) });
  const url = await within(20_000, 'the server to start', server.ready);
  return `${url.replace('http', 'ws')}/ws`;
}

test.before(async () => {
  port = await freePort();
});
test.after(async () => {
  await Promise.allSettled(clients.map((client) => client.close()));
  server.child.kill('SIGKILL');
});

/** Says hello as `name`, with `resume` if given, and returns the answer (a welcome or a rejection). */
async function hello(url: string, name: string, resume?: string) {
  const client = await TestClient.open(url);
  clients.push(client);
  client.send({ type: 'hello', v: PROTOCOL_VERSION, name, resume });
  return { client, answer: await client.first(['welcome', 'rejected'], 20_000) };
}

/** Everyone the server lists, page by page, through `client`. */
async function directory(client: TestClient): Promise<string[]> {
  const names: string[] = [];
  let after: string | undefined;
  do {
    const id = `page${names.length}`;
    client.send({ type: 'directory', id, after, limit: 100 });
    const page = await client.next('directory', (m) => m.ref === id);
    names.push(...page.users.map((user) => user.name));
    after = page.next;
  } while (after !== undefined);
  return names;
}

test(`${CLIENTS} clients rejoin at once after a restart: none refused, none left over, nobody twice`, async () => {
  let url = await start();
  const names = Array.from({ length: CLIENTS }, (_, i) => `Storm${i}`);
  const tokens = new Map<string, string>();
  for (let i = 0; i < names.length; i += 100) {
    const batch = await Promise.all(names.slice(i, i + 100).map((name) => hello(url, name)));
    for (const [j, { answer }] of batch.entries()) {
      assert.is(answer.type, 'welcome');
      if (answer.type === 'welcome') tokens.set(names[i + j]!, answer.resume);
    }
  }
  // A deploy: SIGTERM closes every client with 1001; they come back when the new process is up.
  const closed = Promise.all(clients.map((client) => client.closed));
  server.child.kill('SIGTERM');
  await within(15_000, 'every client to be closed', closed);
  await within(15_000, 'the old server to exit', server.exited);
  clients.length = 0;
  url = await start();
  const answers = await Promise.all(names.map((name) => hello(url, name, tokens.get(name))));
  const refused = answers.filter(({ answer }) => answer.type === 'rejected').map(({ answer }) => answer.type === 'rejected' && answer.code);
  assert.equal(refused, [], 'nobody refused');
  const last = answers.at(-1)!.answer;
  assert.ok(last.type === 'welcome' && last.paged, 'the room is paged again');
  const listed = await directory(answers[0]!.client);
  assert.is(listed.length, CLIENTS, 'exactly the people who came back');
  assert.equal([...listed].sort(), [...names].sort());
});

test.run();
