/**
 * Sharing a file to the installed app: the system's share sheet posts it to the manifest's
 * `share_target`, the service worker keeps it, and the app opens asking whom to send it to; picking
 * someone offers them the file.
 */
import * as assert from 'uvu/assert';
import { fileCard } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { aliceAndBob } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: share target');

interface ShareTarget {
  action: string;
  method: string;
  enctype: string;
  params: { files: Array<{ name: string }> };
}

test('a file posted to the share target opens the app asking whom to send it to, and reaches the send step', async () => {
  const manifest = (await (await fetch(new URL('/manifest.webmanifest', world.server.url))).json()) as { share_target: ShareTarget };
  const target = manifest.share_target;
  assert.is(target.method, 'POST');
  assert.is(target.enctype, 'multipart/form-data');

  const [alice, bob] = await aliceAndBob(world.browser, world.server.url);
  // Installed: the service worker controls the page once it is active and the page reloaded.
  await alice.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  await alice.reload();
  await alice.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 5000 });

  // What the system does on a share: a multipart POST of the file to the target, then it shows the result.
  await alice.evaluate(async ({ action, field }) => {
    const form = new FormData();
    form.append(field, new File(['shared from another app\n'], 'shared-notes.txt', { type: 'text/plain' }));
    const response = await fetch(action, { method: 'POST', body: form });
    location.assign(response.url);
  }, { action: target.action, field: target.params.files[0]!.name });

  const picker = alice.getByRole('dialog', { name: 'Send shared-notes.txt to…' });
  await picker.waitFor({ timeout: 10_000 });
  assert.not.ok(new URL(alice.url()).search, 'the share is not in the address to be repeated by a reload');
  await picker.getByRole('button', { name: 'Bob' }).click();
  await picker.waitFor({ state: 'detached', timeout: 5000 });

  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  await fileCard(bob, 'shared-notes.txt').getByRole('button', { name: 'Accept' }).waitFor({ timeout: 20_000 });
  await alice.context().close();
  await bob.context().close();
});

test.run();
