/**
 * The ghost flood, against the limits as shipped: from one address, connect, join, and drop the
 * TCP connection without a close frame, over and over, never more than OPEN_AT_ONCE sockets at a
 * time. Every dropped session used to be held for the resume grace, so the names piled up on
 * everyone's list and every welcome carried them all. A bystander's list must stay within a small
 * bound, a newcomer's welcome must stay small, and the server's bytes out per cycle must stay
 * within a small multiple of one honest join. GHOST_CYCLES (default 2000) sets how many cycles.
 */
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { ServerMessage } from '../../common/protocol.ts';
import { shippedConfig, startTestServer, type TestServer } from '../../harness/server.ts';
import { loopback } from '../helpers/addresses.ts';
import { metricTotal } from '../helpers/metrics.ts';
import { firstReply, TestClient } from '../helpers/ws-client.ts';

const CYCLES = Number(process.env.GHOST_CYCLES ?? 2000);
const OPEN_AT_ONCE = 40;
const ATTACKER = loopback(2);
const HONEST = loopback(3);

/** The most names `watcher` ever had on its list at once, replaying its presence frames in order. */
function peakList(watcher: TestClient): number {
  const welcome = watcher.received.find((m) => m.type === 'welcome');
  const online = new Set(welcome?.type === 'welcome' ? welcome.users.map((u) => u.name) : []);
  let peak = online.size;
  for (const frame of watcher.received) {
    if (frame.type !== 'presence') continue;
    for (const name of frame.left) online.delete(name);
    for (const user of frame.joined) online.add(user.name);
    peak = Math.max(peak, online.size);
  }
  return peak;
}

/** Bytes the server sent for one honest user who joins from an address of its own, is seen, and leaves. */
async function honestJoinBytes(server: TestServer, watcher: TestClient): Promise<number> {
  const before = await metricTotal(server.url, 'chat_bytes_out_total');
  const honest = await TestClient.open(server.wsUrl, { localAddress: HONEST });
  honest.send({ type: 'hello', v: 1, name: 'Honest' });
  await honest.next('welcome');
  await watcher.joined('Honest');
  await honest.close();
  await watcher.left('Honest');
  return (await metricTotal(server.url, 'chat_bytes_out_total')) - before;
}

/** Runs the flood; returns how each hello was answered (`welcome` or the rejection's code), counted. */
async function flood(server: TestServer): Promise<Map<string, number>> {
  const answers = new Map<string, number>();
  let started = 0;
  const attacker = async () => {
    while (started < CYCLES) {
      const cycle = started++;
      const ghost = await TestClient.open(server.wsUrl, { localAddress: ATTACKER });
      ghost.send({ type: 'hello', v: 1, name: `ghost${cycle}` });
      const answer = await firstReply(ghost);
      answers.set(answer, (answers.get(answer) ?? 0) + 1);
      // Gone without a close frame, as a lost network would look.
      ghost.socket.terminate();
      await ghost.closed;
    }
  };
  await Promise.all(Array.from({ length: OPEN_AT_ONCE }, attacker));
  return answers;
}

test(`ghost flood: ${CYCLES} join-and-drop cycles from one address leave a bystander's list, the welcomes and the bytes sent small`, async () => {
  const server = await startTestServer(shippedConfig());
  try {
    const bystander = await TestClient.joined(server.wsUrl, 'Bystander');
    const perHonestJoin = await honestJoinBytes(server, bystander);

    const bytesBefore = await metricTotal(server.url, 'chat_bytes_out_total');
    const started = performance.now();
    const answers = await flood(server);
    const seconds = (performance.now() - started) / 1000;
    const perCycle = ((await metricTotal(server.url, 'chat_bytes_out_total')) - bytesBefore) / CYCLES;

    const newcomer = await TestClient.open(server.wsUrl, { localAddress: HONEST });
    newcomer.send({ type: 'hello', v: 1, name: 'Newcomer' });
    const welcome = await newcomer.next('welcome');
    const welcomeBytes = Buffer.byteLength(JSON.stringify(welcome satisfies ServerMessage));
    const peak = peakList(bystander);

    console.log(
      `  ghost flood: ${CYCLES} cycles from one address (at most ${OPEN_AT_ONCE} open) in ${seconds.toFixed(1)} s; ` +
        `answers ${JSON.stringify(Object.fromEntries(answers))}; the bystander's list peaked at ${peak} names; ` +
        `a newcomer's welcome after it: ${welcome.users.length} names, ${(welcomeBytes / 1024).toFixed(1)} KiB; ` +
        `bytes out ${(perCycle / 1024).toFixed(2)} KiB per cycle = ${(perCycle / perHonestJoin).toFixed(2)} × one honest join (${perHonestJoin} B)`,
    );
    assert.ok(peak <= 2 * OPEN_AT_ONCE, `the bystander's list peaked at ${peak} names`);
    assert.ok(welcome.users.length <= OPEN_AT_ONCE + 1, `a newcomer was welcomed with ${welcome.users.length} names`);
    assert.ok(perCycle <= 2 * perHonestJoin, `${perCycle.toFixed(0)} bytes out per cycle, one honest join costs ${perHonestJoin}`);
    await Promise.all([bystander.close(), newcomer.close()]);
  } finally {
    await server.close();
  }
});

test.run();
