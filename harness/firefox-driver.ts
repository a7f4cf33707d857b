/**
 * The app in a Firefox page (puppeteer-core over WebDriver BiDi), as an `AppDriver`.
 *
 * Controls are found with puppeteer's ARIA selectors (`::-p-aria([name="…"][role="…"])`, Firefox's
 * own accessibility tree through BiDi's `browsingContext.locateNodes`), started from the shadow
 * root of the component that renders them. Firefox's `locateNodes` does not descend into shadow
 * roots, so from the document an ARIA selector finds nothing inside the app's components and waits
 * until it times out; the deep combinator (`>>> ::-p-aria(…)`) does find them, but asks once per
 * shadow root on the page, several times slower than one query from the right root. Texts are
 * read in the page, through every shadow root.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, ElementHandle, Page } from 'puppeteer-core';
import type { AppDriver, CallButton, FileButton, Region, TextWait } from './app-driver.ts';
import { audioIs, videoAdvances } from './in-page.ts';
import { recordPlayback, type PlaybackRecord, type PlaybackWatch } from './playback.ts';
import { until } from './poll.ts';

/** Opens the app at `url` in a fresh Firefox profile (a user context); saved files land in `downloads`. */
export async function openFirefoxApp(browser: Browser, url: string, downloads: string): Promise<AppDriver> {
  const context = await browser.createBrowserContext({ downloadBehavior: { policy: 'allow', downloadPath: downloads } });
  // A window of its own: of two tabs in a window one is hidden, and a hidden page is not a person looking at it.
  const page = await context.newPage({ type: 'window' });
  await page.setViewport({ width: 1280, height: 800 });
  const app = new FirefoxApp(page, context, downloads);
  await page.goto(url);
  return app;
}

/** Which component renders each control: the shadow root its ARIA query starts from. */
const HOST = {
  join: 'join-screen',
  list: 'conversation-list',
  conversation: 'conversation-view',
  composer: 'message-composer',
  file: 'file-card',
  call: 'call-panel',
  ringing: 'incoming-call',
  log: 'message-log',
} as const;

class FirefoxApp implements AppDriver {
  readonly browser = 'Firefox';
  readonly errors: string[] = [];

  constructor(
    readonly page: Page,
    private readonly context: BrowserContext,
    private readonly downloads: string,
  ) {
    page.on('pageerror', (error) => {
      const message = error instanceof Error ? error.message : String(error);
      // Firefox reports every failed WebSocket connect as a page error: the app retrying while the server is down.
      if (!/can’t establish a connection to the server at ws:/.test(message)) this.errors.push(message);
    });
  }

  async join(name: string): Promise<void> {
    await (await this.#control(HOST.join, 'textbox', 'Username')).type(name);
    await this.#click(HOST.join, 'button', 'Join');
    await this.#control(HOST.list, 'list', 'Conversations');
  }

  /**
   * Activates the conversation's row, and waits for its chat to be the one shown. The row element
   * itself is clicked, not a point on the screen: a message arriving meanwhile can move another row
   * to that point (rows are keyed, so the element stays its conversation's).
   */
  async open(title: string): Promise<void> {
    const entry = await until(`the conversation ${title}`, 15_000, () => this.#entry(title));
    await entry.$eval('button', (row) => (row as HTMLButtonElement).click());
    await this.#control(HOST.conversation, 'heading', title, { timeout: 5000 });
  }

  async waitForConversation(title: string, { gone = false, timeout = 10_000 }: TextWait = {}): Promise<void> {
    await until(`the conversation ${title} to be ${gone ? 'gone' : 'listed'}`, timeout, async () => ((await this.#entry(title)) === null) === gone);
  }

  /**
   * The entry of `Conversations` whose name starts with `title`. An ARIA selector matches a whole
   * name, and an entry's name carries its unread count ("Bob, 1 unread"), so the entry is found by
   * the start of its aria-label, its name's source.
   */
  async #entry(title: string): Promise<ElementHandle | null> {
    const root = await this.#root(HOST.list);
    return (await root?.$(`li[aria-label^="${title}"]`)) ?? null;
  }

  async say(text: string): Promise<void> {
    const box = await this.#control(HOST.composer, 'textbox', 'Message');
    await box.type(text);
    await box.press('Enter');
  }

  async waitForText(region: Region, text: string | RegExp, { gone = false, timeout = 10_000 }: TextWait = {}): Promise<void> {
    const [host, file] = region === 'app' ? [null, null] : typeof region === 'string' ? [HOST[region], null] : [HOST.file, region.file];
    const [source, flags] = typeof text === 'string' ? [text, null] : [text.source, text.flags];
    try {
      await this.page.waitForFunction(showsText, { timeout, polling: 100 }, host, file, source, flags, !gone);
    } catch (error) {
      throw new Error(`${gone ? 'still shown' : 'not shown'} after ${timeout} ms in ${JSON.stringify(region)}: ${text}`, { cause: error });
    }
  }

  async message(text: string, status?: 'sent' | 'delivered'): Promise<string> {
    const found = await this.page.waitForFunction(messageText, { timeout: 15_000, polling: 100 }, text, status ?? null);
    return (await found.jsonValue()) as string;
  }

  async sendFiles(...paths: string[]): Promise<void> {
    const chooser = this.page.waitForFileChooser({ timeout: 10_000 });
    await this.#click(HOST.conversation, 'button', 'Send file');
    await (await chooser).accept(paths);
  }

  fileButton(name: string, button: FileButton, timeout = 15_000): Promise<void> {
    return this.#click(HOST.file, 'button', button, { file: name, timeout });
  }

  async save(name: string, timeout = 60_000): Promise<string> {
    const before = new Set(readdirSync(this.downloads));
    await this.#click(HOST.file, 'button', 'Save', { file: name, timeout });
    // Firefox writes into `<name>.<random>.part` beside an empty `<name>` and renames it when done.
    const saved = await until(`the download of ${name}`, timeout, async () => {
      const names = readdirSync(this.downloads);
      if (names.some((entry) => entry.endsWith('.part'))) return null;
      return names.find((entry) => !before.has(entry) && statSync(join(this.downloads, entry)).size > 0) ?? null;
    });
    return join(this.downloads, saved);
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.#control(HOST.list, 'list', 'Conversations', { timeout: 15_000 });
  }

  ring(kind: 'Voice call' | 'Video call'): Promise<void> {
    return this.#click(HOST.conversation, 'button', kind);
  }

  async ringing(): Promise<string> {
    const dialog = await this.#control(HOST.ringing, 'alertdialog', null);
    return dialog.evaluate((element) => element.textContent!.replace(/\s+/g, ' ').trim());
  }

  answer(button: 'Accept' | 'Decline'): Promise<void> {
    return this.#click(HOST.ringing, 'button', button);
  }

  callButton(button: CallButton): Promise<void> {
    return this.#click(HOST.call, 'button', button);
  }

  async remoteVideoPlays(): Promise<void> {
    const seen = await (await this.#remoteVideo()).evaluate(videoAdvances);
    if (seen) throw new Error(`the remote video did not play: ${seen}`);
  }

  async hears(want: 'sound' | 'silence'): Promise<boolean> {
    return (await this.#remoteVideo()).evaluate(audioIs, want);
  }

  async playback(which: 'Remote video' | 'Your camera', watch: PlaybackWatch): Promise<PlaybackRecord> {
    return (await this.#video(which)).evaluate(recordPlayback, watch);
  }

  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> {
    return this.page.evaluate(fn as (arg: unknown) => R | Promise<R>, arg) as Promise<R>;
  }

  close(): Promise<void> {
    return this.context.close();
  }

  #remoteVideo(): Promise<ElementHandle<HTMLVideoElement>> {
    return this.#video('Remote video');
  }

  #video(label: 'Remote video' | 'Your camera'): Promise<ElementHandle<HTMLVideoElement>> {
    return this.#control(HOST.call, null, label) as Promise<ElementHandle<HTMLVideoElement>>;
  }

  /** The shadow root of the last `host` on the page, or of the card of the newest file called `file`. */
  async #root(host: string, file?: string): Promise<ElementHandle<ShadowRoot> | null> {
    const handle = await this.page.evaluateHandle(shadowRootOf, host, file ?? null);
    return handle.asElement() as ElementHandle<ShadowRoot> | null;
  }

  /** The control `host` renders with this role and accessible name (null: any), once it is there. */
  #control(host: string, role: string | null, name: string | null, { file, timeout = 10_000 }: { file?: string; timeout?: number } = {}) {
    const selector = `::-p-aria(${name === null ? '' : `[name="${name}"]`}${role === null ? '' : `[role="${role}"]`})`;
    return until(`${selector} in ${host}${file ? ` of ${file}` : ''}`, timeout, async () => (await this.#root(host, file))?.$(selector));
  }

  /** Clicks the control once it is there and enabled. */
  async #click(host: string, role: string, name: string, options: { file?: string; timeout?: number } = {}): Promise<void> {
    const control = await until(`${role} "${name}" in ${host} to be enabled`, options.timeout ?? 10_000, async () => {
      const found = await this.#control(host, role, name, options);
      return (await found.evaluate((element) => !(element as HTMLButtonElement).disabled)) && found;
    });
    await control.click();
  }
}

// Run in the page: no named functions inside (see in-page.ts).

/** The shadow root of the last `host` element, searched through every shadow root; of a file card, the one of file `file`. */
function shadowRootOf(host: string, file: string | null): ShadowRoot | null {
  const roots: Array<Document | ShadowRoot> = [document];
  let found: ShadowRoot | null = null;
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i]!.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      roots.push(element.shadowRoot);
      if (element.localName === host && (file === null || element.shadowRoot.querySelector('.name')?.textContent === file)) found = element.shadowRoot;
    }
  }
  return found;
}

/**
 * Whether some element under `host`'s shadow root (the last `host`; with `file`, that file's card;
 * with no host, the whole page) has a text containing `source`, or matching it as a RegExp when
 * `flags` is given, is `want`.
 */
function showsText(host: string | null, file: string | null, source: string, flags: string | null, want: boolean): boolean {
  const pattern = flags === null ? null : new RegExp(source, flags);
  const roots: Array<Document | ShadowRoot> = [document];
  let inside = host === null;
  const searched: Array<Document | ShadowRoot> = host === null ? roots : [];
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i]!.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      roots.push(element.shadowRoot);
      if (element.localName === host && (file === null || element.shadowRoot.querySelector('.name')?.textContent === file)) {
        inside = true;
        searched.length = 0;
        searched.push(element.shadowRoot);
      } else if (host !== null && inside && searched.some((root) => root.contains(element))) {
        searched.push(element.shadowRoot);
      }
    }
  }
  if (!inside) return !want;
  for (const root of searched) {
    for (const element of root.querySelectorAll('*')) {
      // As Chromium's getByText has it: a string is found in the text with its whitespace collapsed, a RegExp tested on the text as it is.
      const text = element.textContent!;
      if (pattern ? pattern.test(text) : text.replace(/\s+/g, ' ').includes(source)) return want;
    }
  }
  return !want;
}

/** The text of the newest message in the open conversation that contains `text` (and has `status`), or null. */
function messageText(text: string, status: string | null): string | null {
  const roots: Array<Document | ShadowRoot> = [document];
  let log: ShadowRoot | null = null;
  for (let i = 0; i < roots.length; i++) {
    for (const element of roots[i]!.querySelectorAll('*')) {
      if (!element.shadowRoot) continue;
      roots.push(element.shadowRoot);
      if (element.localName === 'message-log') log = element.shadowRoot;
    }
  }
  const articles = [...(log?.querySelectorAll('article') ?? [])].filter(
    (article) => article.textContent!.includes(text) && (status === null || article.dataset.status === status),
  );
  return articles.at(-1)?.textContent!.replace(/\s+/g, ' ').trim() ?? null;
}
