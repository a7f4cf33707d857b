/**
 * A reconnect storm across processes: one of two processes on Redis is killed without a chance
 * to clean up, and its whole crowd (a room past the full-list threshold) rejoins at once on the
 * other with their resume tokens. Each must get its own name back through its token (the claims
 * are still in Redis), nobody refused, and the room must list exactly the people there: the dead
 * process's claims neither linger as ghosts nor take anyone's name.
 */
import * as assert from 'uvu/assert';
import { PROTOCOL_VERSION } from '../../common/protocol.ts';
import { clusterSuite } from '../helpers/cluster.ts';
import type { TestClient } from '../helpers/ws-client.ts';

const CLIENTS = Number(process.env.STORM_CLIENTS ?? 400);
const CLAIM_TTL_MS = 3000;

const { test, world } = clusterSuite('cluster: reconnect storm', 2, { CLAIM_TTL_MS: String(CLAIM_TTL_MS), PRESENCE_FULL_LIST_MAX: '100' });

async function hello(index: number, name: string, resume?: string) {
  const client = await world.open(index);
  client.send({ type: 'hello', v: PROTOCOL_VERSION, name, resume });
  return { client, answer: await client.first(['welcome', 'rejected'], 20_000) };
}

/** How many the directory lists, seen from `client`. */
async function listed(client: TestClient): Promise<number> {
  let count = 0;
  let after: string | undefined;
  do {
    const id = `page${count}`;
    client.send({ type: 'directory', id, after, limit: 100 });
    const page = await client.next('directory', (m) => m.ref === id);
    count += page.users.length;
    after = page.next;
  } while (after !== undefined);
  return count;
}

test(`${CLIENTS} clients of a killed process rejoin another at once: all resumed, none refused, no ghosts`, async () => {
  const names = Array.from({ length: CLIENTS }, (_, i) => `Storm${i}`);
  const tokens = new Map<string, string>();
  for (let i = 0; i < names.length; i += 100) {
    for (const { answer } of await Promise.all(names.slice(i, i + 100).map((name) => hello(0, name)))) {
      assert.is(answer.type, 'welcome');
      if (answer.type === 'welcome') tokens.set(answer.you, answer.resume);
    }
  }
  const { client: observer } = await hello(1, 'Observer');
  assert.is(await listed(observer), CLIENTS + 1);
  await world.nodes[0]!.stop('SIGKILL');
  const answers = await Promise.all(names.map((name) => hello(1, name, tokens.get(name))));
  const refused = answers.flatMap(({ answer }) => (answer.type === 'rejected' ? [answer.code] : []));
  assert.equal(refused, [], 'nobody refused');
  const resumed = answers.filter(({ answer }) => answer.type === 'welcome' && answer.resume === tokens.get(answer.you)).length;
  assert.is(resumed, CLIENTS, 'every name came back through its token');
  // Past the dead process's claim TTL its sweep has run: whatever it still held would be gone by now.
  const sweep = new Promise((resolve) => setTimeout(resolve, 2 * CLAIM_TTL_MS));
  await sweep;
  assert.is(await listed(observer), CLIENTS + 1, 'exactly the people there');
});

test.run();
