/** The command-line receiver (a real process) and files that arrive under the same name. */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from '../helpers/suite.ts';
import * as assert from 'uvu/assert';
import type { TransferInfo } from '../../client/core/transfer/transfer-info.ts';
import { fileSink, fileSource } from '../../client/node/file-ports.ts';
import type { HeadlessPeer } from '../../client/node/headless-peer.ts';
import { toUsername } from '../../common/username.ts';
import { CLI_BUILD } from '../../harness/cli-build.ts';
import { sha256File } from '../../harness/sha256.ts';
import { runCli } from '../helpers/cli-peer.ts';
import { headlessWorld } from '../helpers/headless-world.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { within } from '../helpers/timing.ts';

const world = headlessWorld(test);
const dir = scratchDir(test, 'cli-receive-');

const ended = (peer: HeadlessPeer, id: string) =>
  peer.transfers.next('update', (_, info: TransferInfo) => info.id === id && ['done', 'failed', 'cancelled', 'declined'].includes(info.state)).then(([, info]) => info);

test('two senders, one file name: the CLI keeps both files intact, and each sender hears done only for a file that landed', async () => {
  const inbox = join(dir, 'inbox');
  const cli = runCli(world.server.url, ['receive', '--to', inbox, '--count', '2', '--name', 'Robot']);

  const senders = await Promise.all(['Alice', 'Carol'].map((name) => world.join(name)));
  const originals = senders.map((_, i) => {
    const path = join(dir, `from-${i}.bin`);
    writeFileSync(path, randomBytes(4 * 1024 * 1024 + i * 1000));
    return { path };
  });
  await Promise.all(senders.map((sender) => within(15_000, 'Robot online', sender.waitFor('Robot'))));
  const results = await Promise.all(
    senders.map(async (sender, i) => {
      const source = await fileSource(originals[i]!.path);
      const [info] = sender.transfers.offer(toUsername('Robot'), [{ name: 'same.bin', type: 'application/octet-stream', source }]);
      const result = await within(60_000, `sender ${i} to finish`, ended(sender, info!.id));
      await source.close();
      return result.state;
    }),
  );
  const code = await within(60_000, 'the CLI to exit', cli.exited);
  const files = readdirSync(inbox).sort();
  const intact = await Promise.all(files.map((file) => sha256File(join(inbox, file))));
  const wanted = await Promise.all(originals.map((original) => sha256File(original.path)));
  const landed = wanted.filter((hash) => intact.includes(hash)).length;
  console.log(`  two files named same.bin: ${landed} of 2 intact in ${JSON.stringify(files)}; senders heard ${results.join(', ')}; CLI exit ${code}`);
  for (const [i, state] of results.entries()) {
    if (state === 'done') assert.ok(intact.includes(wanted[i]!), `sender ${i} was told done, but its file is not in the inbox intact`);
  }
  assert.is(landed, 2, cli.output());
  assert.equal(files, ['same (1).bin', 'same.bin']);
  assert.is(code, 0, cli.output());
});

test('a file already in the folder under the partial file’s name is neither truncated nor written', async () => {
  const folder = join(dir, 'existing');
  mkdirSync(folder);
  writeFileSync(join(folder, 'photo.jpg.part'), 'the user’s own file');
  const sink = await fileSink(folder, 'photo.jpg');
  await sink.write(0, new TextEncoder().encode('arrived'));
  await sink.finish();
  assert.is(readFileSync(join(folder, 'photo.jpg.part'), 'utf8'), 'the user’s own file');
  assert.is(readFileSync(join(folder, 'photo.jpg'), 'utf8'), 'arrived');
});

test.run();
