/** The app in a Chromium page, used as a person uses it: open it, join, find a message, offer files. */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';

/**
 * A fresh browser profile (its own storage) with the app open. Camera and microphone permission
 * is granted because without it Chromium hides host ICE candidates behind mDNS names, which do not
 * resolve in the test namespace. `prepare` changes the profile before the page opens (to take a
 * browser feature away, say); `locale` is the browser's language (its `navigator.languages`).
 */
export async function openApp(browser: Browser, url: string, prepare?: (context: BrowserContext) => Promise<void>, locale?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, permissions: ['camera', 'microphone'], locale });
  await prepare?.(context);
  const page = await context.newPage();
  page.on('pageerror', (error) => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  return page;
}

/** Joins through the UI, the way a person does, and waits for the conversation list. */
export async function joinAs(page: Page, name: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Username' }).fill(name);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 5000 });
}

/** The message bubble containing `text` in the open conversation's log. */
export function messageIn(page: Page, text: string, status?: string) {
  return page.getByRole('log').locator(status ? `article[data-status="${status}"]` : 'article', { hasText: text });
}

/** Offers files through the `Send file` button and the browser's file chooser, as a person does. */
export async function sendFiles(page: Page, ...paths: string[]): Promise<void> {
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Send file' }).click();
  await (await chooser).setFiles(paths);
}

/** The card of the file `name` in the open conversation. */
export function fileCard(page: Page, name: string): Locator {
  return messageIn(page, name).locator('file-card');
}
