/** The command-line peer and the browser app move files both ways with the same protocol. */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { fileCard, joinAs, openApp, sendFiles } from '../../harness/app-page.ts';
import { sha256File } from '../../harness/sha256.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { runCli } from '../helpers/cli-peer.ts';
import { saveFile } from '../helpers/page-actions.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { within } from '../helpers/timing.ts';

const { test, world } = browserSuite('e2e: browser ↔ CLI');
const dir = scratchDir(test, 'cli-interop-');
let alice: Page;

/** Runs `npm run peer -- <args>` against this suite's server. */
const cli = (args: string[]) => runCli(world.server.url, args);

test.before(async () => {
  alice = await openApp(world.browser, world.server.url);
  await joinAs(alice, 'Alice');
});

test('browser → CLI: the CLI receives the file byte-identical', async () => {
  const original = join(dir, 'to-cli.bin');
  writeFileSync(original, randomBytes(8 * 1024 * 1024 + 17));
  const inbox = join(dir, 'inbox');
  const receiver = cli(['receive', '--to', inbox, '--count', '1', '--name', 'Robot']);
  await alice.getByRole('listitem', { name: /^Robot/ }).click({ timeout: 15_000 });
  await sendFiles(alice, original);
  const code = await within(60_000, 'the CLI to finish', receiver.exited);
  assert.is(code, 0, receiver.output());
  assert.is(await sha256File(join(inbox, 'to-cli.bin')), await sha256File(original));
  await fileCard(alice, 'to-cli.bin').getByText('Sent and verified').waitFor({ timeout: 5000 });
});

test('CLI → browser: offered, accepted in the page, saved, byte-identical', async () => {
  const original = join(dir, 'from cli.bin');
  writeFileSync(original, randomBytes(8 * 1024 * 1024 - 5));
  const sender = cli(['send', 'Alice', original, '--name', 'Sender']);
  await alice.getByRole('listitem', { name: /^Sender/ }).click({ timeout: 15_000 });
  const card = fileCard(alice, 'from cli.bin');
  await card.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  const saved = await saveFile(alice, card, dir);
  assert.is(await within(30_000, 'the CLI to finish', sender.exited), 0, sender.output());
  assert.is(await sha256File(saved.path), await sha256File(original));
});

test.run();
