import type { Locator, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { fileCard, messageIn, sendFiles } from '../../harness/app-page.ts';
import { sha256File } from '../../harness/sha256.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { aliceAndBob, saveFile, say } from '../helpers/page-actions.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { spawnServer, type SpawnedServer } from '../helpers/server-process.ts';
import { within } from '../helpers/timing.ts';
import { randomFile } from '../helpers/random-file.ts';

const { test, world } = browserSuite('e2e: outage and privacy');
const MiB = 1024 * 1024;
const dir = scratchDir(test, 'e2e-outage-');

const makeFile = (name: string, size: number) => randomFile(dir, name, size);


async function offer(from: Page, to: Page, path: string, name: string) {
  await sendFiles(from, path);
  const card = fileCard(to, name);
  await card.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  return card;
}

async function savedHash(page: Page, card: Locator): Promise<string> {
  return sha256File((await saveFile(page, card, dir, 120_000)).path);
}

async function bytesThroughServer(): Promise<number> {
  const text = await (await fetch(`${world.server.url}/metrics`)).text();
  const read = (name: string) => Number(/^(\S+) (\S+)$/m.exec(text.split('\n').find((l) => l.startsWith(`${name} `)) ?? '')?.[2] ?? 0);
  return read('chat_bytes_in_total') + read('chat_bytes_out_total');
}

test('privacy: a 100 MiB transfer and a private chat cost the server only kilobytes', async () => {
  // Counted from before the two join, so joining and negotiating the peer link are included.
  const before = await bytesThroughServer();
  const [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
  const path = makeFile('private.bin', 100 * MiB);
  const card = await offer(alice, bob, path, 'private.bin');
  for (let i = 0; i < 5; i++) {
    await say(alice, `private line ${i}`);
    await messageIn(bob, `private line ${i}`).waitFor({ timeout: 15_000 });
  }
  assert.is(await savedHash(bob, card), await sha256File(path));
  const through = (await bytesThroughServer()) - before;
  console.log(`  privacy: ${(through / 1024).toFixed(1)} KiB through the server (joins and link set-up included) for 100 MiB of file and 5 private messages`);
  assert.ok(through > 0, 'the counters do count: joining and signaling went through the server');
  assert.ok(through < 64 * 1024, `${through} bytes passed through the server`);
  await alice.context().close();
  await bob.context().close();
});

test('SIGKILL of the server mid-chat and mid-transfer: both carry on; clients rejoin by themselves when it is back, and after a SIGTERM too', async () => {
  const servers: SpawnedServer[] = [];
  const launch = async (port: string) => {
    const server = spawnServer({ PORT: port, HOST: '127.0.0.1', STATIC_DIR: 'dist' });
    servers.push(server);
    return within(10_000, 'the server to start', server.ready);
  };
  try {
    const url = await launch('0');
    const port = new URL(url).port;
    const [alice, bob] = await aliceAndBob(world.browser, url, { chatting: true });
    const path = makeFile('outage.bin', 150 * MiB);
    const card = await offer(alice, bob, path, 'outage.bin');
    await card.getByRole('progressbar', { name: /: ([1-9]\d)%$/ }).waitFor({ timeout: 60_000 });

    servers[0]!.child.kill('SIGKILL');
    await servers[0]!.exited;
    await alice.getByText(/reconnecting/).waitFor({ timeout: 10_000 });
    await bob.getByText(/reconnecting/).waitFor({ timeout: 10_000 });
    await say(alice, 'the server is gone');
    await messageIn(bob, 'the server is gone').waitFor({ timeout: 10_000 });
    await say(bob, 'we are not');
    await messageIn(alice, 'we are not').waitFor({ timeout: 10_000 });
    assert.is(await savedHash(bob, card), await sha256File(path));

    await launch(port);
    for (const page of [alice, bob]) await page.getByText(/reconnecting/).waitFor({ state: 'detached', timeout: 15_000 });
    await alice.getByRole('listitem', { name: /^Bob/ }).waitFor({ timeout: 10_000 });
    await bob.getByRole('listitem', { name: /^Alice/ }).waitFor({ timeout: 10_000 });

    servers[1]!.child.kill('SIGTERM');
    assert.is(await servers[1]!.exited, 0);
    await alice.getByText(/reconnecting/).waitFor({ timeout: 10_000 });
    await launch(port);
    for (const page of [alice, bob]) await page.getByText(/reconnecting/).waitFor({ state: 'detached', timeout: 15_000 });
    await bob.getByRole('listitem', { name: /^Everyone/ }).click();
    await alice.getByRole('listitem', { name: /^Everyone/ }).click();
    await say(alice, 'back under our own names');
    await messageIn(bob, 'back under our own names').waitFor({ timeout: 10_000 });
    assert.match(await messageIn(bob, 'back under our own names').innerText(), /Alice/);
    await alice.context().close();
    await bob.context().close();
  } finally {
    for (const server of servers) server.child.kill('SIGKILL');
  }
});

test.run();
