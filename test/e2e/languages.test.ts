/** The page speaks the browser's language where it can (German here), with its plural forms and number formats. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { fileCard, joinAs, openApp, sendFiles } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';

const { test, world } = browserSuite('e2e: languages');
const dir = scratchDir(test, 'e2e-languages-');

test('a German browser gets the app in German: its words, plural forms and number formats; an English one stays English', async () => {
  const anna = await openApp(world.browser, world.server.url, undefined, 'de-DE');
  await anna.getByRole('textbox', { name: 'Benutzername' }).fill('Anna');
  assert.is(await anna.evaluate(() => document.documentElement.lang), 'de', 'the page says which language it speaks');
  await anna.getByRole('button', { name: 'Beitreten' }).click();
  await anna.getByRole('list', { name: 'Unterhaltungen' }).waitFor({ timeout: 5000 });
  await anna.getByRole('listitem', { name: /^Alle/ }).waitFor({ timeout: 1000 });

  const ben = await openApp(world.browser, world.server.url, undefined, 'en-GB');
  await joinAs(ben, 'Ben');
  await ben.getByRole('listitem', { name: /^Anna/ }).click();
  const box = ben.getByRole('textbox', { name: 'Message' });
  await box.fill('Hallo!');
  await box.press('Enter');
  await anna.getByRole('listitem', { name: 'Ben, 1 ungelesene Nachricht' }).waitFor({ timeout: 20_000 });
  await box.fill('Noch da?');
  await box.press('Enter');
  await anna.getByRole('listitem', { name: 'Ben, 2 ungelesene Nachrichten' }).waitFor({ timeout: 10_000 });

  const offered = join(dir, 'bericht.pdf');
  writeFileSync(offered, Buffer.alloc(1_500_000, 7));
  await sendFiles(ben, offered);
  await anna.getByRole('listitem', { name: /^Ben/ }).click();
  const card = fileCard(anna, 'bericht.pdf');
  await card.getByRole('button', { name: 'Annehmen' }).waitFor({ timeout: 15_000 });
  await card.getByText('1,5 MB').waitFor({ timeout: 1000 });
  await fileCard(ben, 'bericht.pdf').getByText('1.5 MB').waitFor({ timeout: 1000 });
  for (const page of [anna, ben]) await page.context().close();
});

test.run();
