/** The app in a Chromium page (playwright-core), as an `AppDriver`. */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { AppDriver, CallButton, FileButton, Region, TextWait } from './app-driver.ts';
import { fileCard, joinAs, messageIn, openApp, sendFiles } from './app-page.ts';
import { audioIs, videoAdvances } from './in-page.ts';
import { recordPlayback, type PlaybackRecord, type PlaybackWatch } from './playback.ts';

/** Opens the app at `url` in a fresh Chromium profile; saved files land in folders under `downloads`. */
export async function openChromiumApp(browser: Browser, url: string, downloads: string): Promise<AppDriver> {
  return chromiumApp(await openApp(browser, url), downloads);
}

/** The app in a page opened elsewhere (an on-disk profile, say), as an `AppDriver`. */
export function chromiumApp(page: Page, downloads: string): AppDriver {
  return new ChromiumApp(page, downloads);
}

class ChromiumApp implements AppDriver {
  readonly browser = 'Chromium';
  readonly errors: string[] = [];

  constructor(
    readonly page: Page,
    private readonly downloads: string,
  ) {
    page.on('pageerror', (error) => this.errors.push(error.message));
  }

  join(name: string): Promise<void> {
    return joinAs(this.page, name);
  }

  /** Clicks the conversation's row and waits for its chat to be the one shown. */
  async open(title: string): Promise<void> {
    await this.#entry(title).click({ timeout: 15_000 });
    await this.page.getByRole('heading', { name: title, exact: true }).first().waitFor({ timeout: 5000 });
  }

  waitForConversation(title: string, { gone = false, timeout = 10_000 }: TextWait = {}): Promise<void> {
    return this.#entry(title).waitFor({ state: gone ? 'detached' : 'visible', timeout });
  }

  #entry(title: string): Locator {
    return this.page.getByRole('listitem', { name: new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`) });
  }

  async say(text: string): Promise<void> {
    const box = this.page.getByRole('textbox', { name: 'Message' });
    await box.fill(text);
    await box.press('Enter');
  }

  waitForText(region: Region, text: string | RegExp, { gone = false, timeout = 10_000 }: TextWait = {}): Promise<void> {
    return this.#region(region).getByText(text).first().waitFor({ state: gone ? 'detached' : 'visible', timeout });
  }

  async message(text: string, status?: 'sent' | 'delivered'): Promise<string> {
    const message = messageIn(this.page, text, status).last();
    await message.waitFor({ timeout: 15_000 });
    return message.innerText();
  }

  sendFiles(...paths: string[]): Promise<void> {
    return sendFiles(this.page, ...paths);
  }

  fileButton(name: string, button: FileButton, timeout = 15_000): Promise<void> {
    return fileCard(this.page, name).last().getByRole('button', { name: button }).click({ timeout });
  }

  async save(name: string, timeout = 60_000): Promise<string> {
    const download = this.page.waitForEvent('download', { timeout });
    await fileCard(this.page, name).last().getByRole('button', { name: 'Save' }).click({ timeout });
    const file = await download;
    const path = join(mkdtempSync(join(this.downloads, 'saved-')), file.suggestedFilename());
    await file.saveAs(path);
    return path;
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.page.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 15_000 });
  }

  ring(kind: 'Voice call' | 'Video call'): Promise<void> {
    return this.page.getByRole('button', { name: kind, exact: true }).click({ timeout: 10_000 });
  }

  async ringing(): Promise<string> {
    const dialog = this.page.getByRole('alertdialog');
    await dialog.waitFor({ timeout: 10_000 });
    return dialog.innerText();
  }

  answer(button: 'Accept' | 'Decline'): Promise<void> {
    return this.page.getByRole('alertdialog').getByRole('button', { name: button }).click({ timeout: 10_000 });
  }

  callButton(button: CallButton): Promise<void> {
    return this.page.locator('call-panel').getByRole('button', { name: button, exact: true }).click({ timeout: 10_000 });
  }

  async remoteVideoPlays(): Promise<void> {
    const seen = await this.page.getByLabel('Remote video').evaluate(videoAdvances);
    if (seen) throw new Error(`the remote video did not play: ${seen}`);
  }

  hears(want: 'sound' | 'silence'): Promise<boolean> {
    return this.page.getByLabel('Remote video').evaluate(audioIs, want);
  }

  playback(which: 'Remote video' | 'Your camera', watch: PlaybackWatch): Promise<PlaybackRecord> {
    return this.page.getByLabel(which).evaluate(recordPlayback, watch);
  }

  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return this.page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg);
  }

  close(): Promise<void> {
    return this.page.context().close();
  }

  #region(region: Region): Locator {
    if (region === 'app') return this.page.locator('chat-app');
    if (region === 'call') return this.page.locator('call-panel');
    if (region === 'log') return this.page.getByRole('log');
    return fileCard(this.page, region.file).last();
  }
}
