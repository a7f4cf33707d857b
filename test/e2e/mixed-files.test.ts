/**
 * Files between Chromium and Firefox both ways, and between two Firefoxes: a large file saved
 * byte-identical, decline, cancel from either side, and resume after the receiving page reloads.
 */
import * as assert from 'uvu/assert';
import { PAIRINGS, type AppDriver } from '../../harness/app-driver.ts';
import { sha256File } from '../../harness/sha256.ts';
import { mixedSuite, pairNames } from '../helpers/mixed-suite.ts';
import { randomFile } from '../helpers/random-file.ts';

const { test, world } = mixedSuite('e2e: mixed browsers, files');
const MiB = 1024 * 1024;

/** A file of `size` random bytes in the suite's scratch folder. */
const makeFile = (name: string, size: number) => randomFile(world.dir, name, size);

PAIRINGS.forEach((pairing, index) => {
  const [from, to] = pairing;
  const names = pairNames(index, pairing);
  /** The sender and the receiver of this pairing, each in the other's private chat. */
  const senderAndReceiver = async (): Promise<[AppDriver, AppDriver]> => {
    const sender = await world.person(from, names[0]);
    const receiver = await world.person(to, names[1]);
    await sender.open(names[1]);
    await receiver.open(names[0]);
    return [sender, receiver];
  };

  test(`${from} → ${to}: a 64 MiB file is accepted, sent and verified, and saved byte-identical`, async () => {
    const [sender, receiver] = await senderAndReceiver();
    const name = `64 MiB from ${from} to ${to}.bin`;
    const original = makeFile(name, 64 * MiB + 5);
    await sender.sendFiles(original);
    await receiver.fileButton(name, 'Accept');
    const saved = await receiver.save(name, 90_000);
    await sender.waitForText({ file: name }, 'Sent and verified');
    assert.is(await sha256File(saved), await sha256File(original));
  });

  test(`${from} → ${to}: declined, the sender is told; cancelled mid-transfer by the sender, then by the receiver, both say so`, async () => {
    const [sender, receiver] = await senderAndReceiver();
    const unwanted = makeFile(`unwanted from ${from}.txt`, 1000);
    await sender.sendFiles(unwanted);
    await receiver.fileButton(`unwanted from ${from}.txt`, 'Decline');
    await sender.waitForText({ file: `unwanted from ${from}.txt` }, 'Declined by them');

    const name = `cancelled from ${from}.bin`;
    const big = makeFile(name, 128 * MiB);
    for (const [canceller, other] of [[sender, receiver], [receiver, sender]] as const) {
      await sender.sendFiles(big);
      await receiver.fileButton(name, 'Accept');
      await sender.waitForText({ file: name }, 'Sending');
      await canceller.fileButton(name, 'Cancel');
      await other.waitForText({ file: name }, 'Cancelled');
      await canceller.waitForText({ file: name }, 'Cancelled');
    }
  });

  test(`${from} → ${to}: the receiver reloads mid-transfer; it resumes from its checkpoint and saves byte-identical`, async () => {
    const [sender, receiver] = await senderAndReceiver();
    const name = `resumed from ${from}.bin`;
    const original = makeFile(name, 64 * MiB);
    await sender.sendFiles(original);
    await receiver.fileButton(name, 'Accept');
    // Past the first checkpoint (at 16 MiB, a quarter), then pull the page out from under the transfer.
    await receiver.waitForText({ file: name }, /\b(2[6-9]|[3-8]\d)% ·/, { timeout: 60_000 });
    await receiver.reload();
    await receiver.open(names[0]);
    // Restored at its checkpoint, not at zero.
    await receiver.waitForText({ file: name }, /\b[2-9]\d% ·/);
    const saved = await receiver.save(name, 90_000);
    assert.is(await sha256File(saved), await sha256File(original));
    await world.leave(sender, receiver);
  });
});

test.run();
