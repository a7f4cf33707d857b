/** What the browser suites do in the app beyond opening, joining and offering files (`harness/app-page.ts`). */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { fileCard, joinAs, openApp, sendFiles } from '../../harness/app-page.ts';
import { randomFile } from './random-file.ts';
import { sha256File } from '../../harness/sha256.ts';

/** Types `text` into the composer and presses Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
}

/** Clicks `Save` on a received file's card and keeps the download in `dir`: where it is, and the name the app gave it. */
export async function saveFile(page: Page, card: Locator, dir: string, timeout = 60_000): Promise<{ path: string; suggested: string }> {
  const download = page.waitForEvent('download', { timeout });
  await card.getByRole('button', { name: 'Save' }).click({ timeout });
  const file = await download;
  const path = join(mkdtempSync(join(dir, 'saved-')), file.suggestedFilename());
  await file.saveAs(path);
  return { path, suggested: file.suggestedFilename() };
}

/**
 * `sender` offers a file of `size` random bytes named `name` (written in `dir`) in the open private
 * chat; `receiver` accepts and saves it, and the saved file must be byte-identical.
 */
export async function sendAndSave(sender: Page, receiver: Page, dir: string, name: string, size: number): Promise<void> {
  const original = randomFile(dir, name, size);
  await sendFiles(sender, original);
  const card = fileCard(receiver, name);
  await card.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  const saved = await saveFile(receiver, card, dir);
  assert.is(await sha256File(saved.path), await sha256File(original));
}

/**
 * Alice and Bob, each in a fresh browser profile, joined to the server at `url`; with `chatting`,
 * each has the other's private conversation open; `prepareBob` changes Bob's profile first.
 */
export async function aliceAndBob(
  browser: Browser,
  url: string,
  { chatting = false, prepareBob }: { chatting?: boolean; prepareBob?: (context: BrowserContext) => Promise<void> } = {},
): Promise<[Page, Page]> {
  const alice = await openApp(browser, url);
  await joinAs(alice, 'Alice');
  const bob = await openApp(browser, url, prepareBob);
  await joinAs(bob, 'Bob');
  if (chatting) {
    await alice.getByRole('listitem', { name: /^Bob/ }).click();
    await bob.getByRole('listitem', { name: /^Alice/ }).click();
  }
  return [alice, bob];
}
