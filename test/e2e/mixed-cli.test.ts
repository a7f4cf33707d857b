/** The command-line peer and the app in Firefox move files both ways, byte-identical. */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { sha256File } from '../../harness/sha256.ts';
import { runCli } from '../helpers/cli-peer.ts';
import { mixedSuite } from '../helpers/mixed-suite.ts';
import { within } from '../helpers/timing.ts';

const { test, world } = mixedSuite('e2e: mixed browsers, Firefox ↔ CLI');
const MiB = 1024 * 1024;

test('Firefox → CLI: offered in the page, received by the CLI byte-identical, verified on both sides', async () => {
  const fay = await world.person('Firefox', 'Fay');
  const original = join(world.dir, 'to cli.bin');
  writeFileSync(original, randomBytes(8 * MiB + 17));
  const inbox = join(world.dir, 'inbox');
  const receiver = runCli(world.server.url, ['receive', '--to', inbox, '--count', '1', '--name', 'Robot']);
  await fay.open('Robot');
  await fay.sendFiles(original);
  assert.is(await within(60_000, 'the CLI to finish', receiver.exited), 0, receiver.output());
  assert.is(await sha256File(join(inbox, 'to cli.bin')), await sha256File(original));
  await fay.waitForText({ file: 'to cli.bin' }, 'Sent and verified');
});

test('CLI → Firefox: offered by the CLI, accepted and saved in the page, byte-identical', async () => {
  const fay = await world.person('Firefox', 'Fay');
  const original = join(world.dir, 'from cli.bin');
  writeFileSync(original, randomBytes(8 * MiB - 5));
  const sender = runCli(world.server.url, ['send', 'Fay', original, '--name', 'Sender']);
  await fay.open('Sender');
  await fay.fileButton('from cli.bin', 'Accept');
  const saved = await fay.save('from cli.bin');
  assert.is(await within(30_000, 'the CLI to finish', sender.exited), 0, sender.output());
  assert.is(await sha256File(saved), await sha256File(original));
  await world.leave(fay);
});

test.run();
