/** Shared test plumbing: a real server on an ephemeral loopback port, and real ws clients. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { suite, type Test } from 'uvu';
import { WebSocket } from 'ws';
import { parseServerMessage, type ServerMessage, type ServerMessageOf } from '../common/protocol.ts';
import { loadConfig, type Config } from '../signaling/config.ts';
import type { Hub } from '../signaling/hub.ts';
import { startServer, WS_PATH, type RunningServer } from '../signaling/server.ts';

export const silentLog = pino({ level: 'silent' });

/** Rejects after `ms` with a message naming what was awaited; tests never hang. */
export function within<T>(ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export interface TestServer extends RunningServer {
  wsUrl: string;
  config: Config;
}

export async function startTestServer(overrides: Partial<Config> = {}, hub?: Hub): Promise<TestServer> {
  // Every test client comes from 127.0.0.1: the per-address cap is lifted unless a test sets it.
  const config = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MAX_CONNECTIONS_PER_IP: '10000' }), ...overrides };
  const server = await startServer(config, silentLog, hub);
  return { ...server, config, wsUrl: `${server.url.replace('http', 'ws')}${WS_PATH}` };
}

export interface SpawnedServer {
  child: ChildProcess;
  /** Resolves with the URL the server printed. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

/** The real entry point (`signaling/main.ts`) as its own process, configured by environment and flags. */
export function spawnServer(env: Record<string, string>, args: string[] = []): SpawnedServer {
  const child = spawn(process.execPath, ['--import', 'tsx', 'signaling/main.ts', ...args], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Chat is running at (\S+?)\/?\s/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, ready };
}

type Match<T extends ServerMessage['type']> = (message: ServerMessageOf<T>) => boolean;

/** One name arriving or leaving, as unpacked from a batched `presence` frame. */
export interface PresenceEvent {
  kind: 'joined' | 'left';
  name: string;
}

/** A raw protocol client: sends frames, and awaits the server's replies by type. */
export class TestClient {
  readonly inbox: ServerMessage[] = [];
  /** Every frame ever received, kept for assertions about what did (not) arrive. */
  readonly received: ServerMessage[] = [];
  /** Presence events not yet taken by `joined()` / `left()`, one per name. */
  readonly presence: PresenceEvent[] = [];
  /** Every presence event ever received. */
  readonly announced: PresenceEvent[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  #waiters = new Set<() => void>();

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const parsed = parseServerMessage(data.toString());
      if (!parsed.ok) throw new Error(`server sent an invalid frame: ${data.toString()}`);
      const message = parsed.message;
      this.inbox.push(message);
      this.received.push(message);
      if (message.type === 'presence') {
        // In the order clients apply them: departures first.
        const events = [
          ...message.left.map((name) => ({ kind: 'left' as const, name })),
          ...message.joined.map((user) => ({ kind: 'joined' as const, name: user.name })),
        ];
        this.presence.push(...events);
        this.announced.push(...events);
      }
      for (const wake of [...this.#waiters]) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    });
  }

  static async open(url: string, options: ConstructorParameters<typeof WebSocket>[2] = {}): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    await within(3000, `connection to ${url}`, new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    }));
    return new TestClient(socket);
  }

  /** Opens a socket and joins as `name`, expecting a welcome. */
  static async joined(url: string, name: string): Promise<TestClient> {
    const client = await TestClient.open(url);
    client.send({ type: 'hello', v: 1, name });
    await client.next('welcome');
    return client;
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  /** Takes the first message of `type` (matching `match`) from the inbox, waiting up to `ms`. */
  next<T extends ServerMessage['type']>(type: T, match: Match<T> = () => true, ms = 3000): Promise<ServerMessageOf<T>> {
    const found = (m: ServerMessage) => m.type === type && match(m as ServerMessageOf<T>);
    return this.#take(this.inbox, found, `a "${type}" message`, ms) as Promise<ServerMessageOf<T>>;
  }

  /** Waits for `name` (exact spelling; anyone when omitted) to be announced as joined, and returns the name. */
  async joined(name?: string, ms = 3000): Promise<string> {
    const found = (e: PresenceEvent) => e.kind === 'joined' && (name === undefined || e.name === name);
    return (await this.#take(this.presence, found, `${name ?? 'someone'} joined`, ms)).name;
  }

  /** Waits for `name` (exact spelling; anyone when omitted) to be announced as gone, and returns the name. */
  async left(name?: string, ms = 3000): Promise<string> {
    const found = (e: PresenceEvent) => e.kind === 'left' && (name === undefined || e.name === name);
    return (await this.#take(this.presence, found, `${name ?? 'someone'} left`, ms)).name;
  }

  /** How many times `name` was announced as `kind`. */
  announcements(kind: PresenceEvent['kind'], name: string): number {
    return this.announced.filter((e) => e.kind === kind && e.name === name).length;
  }

  /** Removes and returns the first item of `queue` that `found` accepts, waiting up to `ms`. */
  #take<T>(queue: T[], found: (item: T) => boolean, what: string, ms: number): Promise<T> {
    const take = () => {
      const index = queue.findIndex(found);
      return index === -1 ? undefined : queue.splice(index, 1)[0];
    };
    const now = take();
    if (now !== undefined) return Promise.resolve(now);
    let wake!: () => void;
    const arrived = new Promise<T>((resolve) => {
      wake = () => {
        const item = take();
        if (item === undefined) return;
        // Leave at once: frames arriving in the same tick must not be taken by a settled waiter.
        this.#waiters.delete(wake);
        resolve(item);
      };
      this.#waiters.add(wake);
    });
    return within(ms, what, arrived).finally(() => this.#waiters.delete(wake));
  }

  count(type: ServerMessage['type'], match: (m: ServerMessage) => boolean = () => true): number {
    return this.received.filter((m) => m.type === type && match(m)).length;
  }

  async close(): Promise<void> {
    this.socket.close(1000);
    await within(3000, 'close', this.closed);
  }
}

// ---- system programs and browsers ----

/**
 * Finds a system program (Chromium, redis-server, coturn): the path in `envVar` if set, else the
 * first candidate that exists. Where it is missing the suite says so loudly and is skipped, except
 * under `CI=true`, where a missing program is an error.
 */
export function findProgram(label: string, envVar: string, candidates: string[]): string | null {
  const path = process.env[envVar] || candidates.find((candidate) => existsSync(candidate));
  if (path) return path;
  const message = `${label} not found (set ${envVar}, or install it: see .ci/run)`;
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! SKIPPING: ${message}\n`);
  return null;
}

export const chromiumPath = () => findProgram('Chromium', 'CHROMIUM_PATH', ['/usr/bin/chromium', '/usr/bin/chromium-browser']);

/** Launches headless Chromium with what WebRTC on loopback and fake media need. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Inside the loopback-only namespace, loopback is the only route between two pages.
  '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}

/**
 * A fresh browser profile (its own storage) with the app open. Camera and microphone permission
 * is granted because without it Chromium hides host ICE candidates behind mDNS names, which do not
 * resolve in the test namespace.
 */
export async function openApp(browser: Browser, url: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, permissions: ['camera', 'microphone'] });
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

export interface BrowserWorld {
  /** A real server serving the built client (`dist/`). */
  server: TestServer;
  browser: Browser;
}

/**
 * A uvu suite with a real server and a Chromium around it, started before the first test and
 * closed after the last. Without Chromium its tests are registered as skipped (loudly; see `findProgram`).
 */
export function browserSuite(title: string, overrides: Partial<Config> = {}): { test: Test; world: BrowserWorld } {
  const test = suite(title);
  const world = {} as BrowserWorld;
  const executable = chromiumPath();
  if (!executable) return { test: Object.assign(test.skip, test) as unknown as Test, world };
  test.before(async () => {
    world.server = await startTestServer({ staticDir: 'dist', ...overrides });
    world.browser = await launchChromium(executable);
  });
  test.after(async () => {
    await world.browser.close();
    await world.server.close();
  });
  return { test, world };
}

/** Types `text` into the composer and presses Enter. */
export async function say(page: Page, text: string): Promise<void> {
  const box = page.getByRole('textbox', { name: 'Message' });
  await box.fill(text);
  await box.press('Enter');
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

/** Clicks `Save` on a received file's card and keeps the download in `dir`: where it is, and the name the app gave it. */
export async function saveFile(page: Page, card: Locator, dir: string, timeout = 60_000): Promise<{ path: string; suggested: string }> {
  const download = page.waitForEvent('download', { timeout });
  await card.getByRole('button', { name: 'Save' }).click({ timeout });
  const file = await download;
  const path = join(mkdtempSync(join(dir, 'saved-')), file.suggestedFilename());
  await file.saveAs(path);
  return { path, suggested: file.suggestedFilename() };
}

/** A temporary folder for one suite, deleted after its last test (file tests write hundreds of MiB). */
export function scratchDir(suite: Test, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  suite.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** SHA-256 of a file, streamed (files here run to gigabytes). */
export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path).on('data', (chunk) => hash.update(chunk)).on('end', () => resolve(hash.digest('hex'))).on('error', reject);
  });
}

/**
 * Alice and Bob, each in a fresh browser profile, joined to the server at `url`; with `chatting`,
 * each has the other's private conversation open.
 */
export async function aliceAndBob(browser: Browser, url: string, { chatting = false } = {}): Promise<[Page, Page]> {
  const alice = await openApp(browser, url);
  await joinAs(alice, 'Alice');
  const bob = await openApp(browser, url);
  await joinAs(bob, 'Bob');
  if (chatting) {
    await alice.getByRole('listitem', { name: /^Bob/ }).click();
    await bob.getByRole('listitem', { name: /^Alice/ }).click();
  }
  return [alice, bob];
}

// ---- calls ----

/** The call's status line (`role="status"` inside the call panel). */
export function callStatus(page: Page) {
  return page.locator('call-panel').getByRole('status');
}

/**
 * Watches the `Remote video` element paint five frames and resolves with how many of them were new
 * (by the presented-frames counter): it settles only if video is really arriving and being decoded.
 */
export async function remoteVideoPlays(page: Page): Promise<number> {
  const video = page.getByLabel('Remote video');
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return within(15_000, 'remote video frames', video.evaluate(async (element: HTMLVideoElement) => {
    const presented: number[] = [];
    while (presented.length < 5) {
      presented.push(await new Promise<number>((resolve) => element.requestVideoFrameCallback((_, frame) => resolve(frame.presentedFrames))));
    }
    // The counter restarts when the picture changes size, so count the steps rather than subtract.
    return presented.filter((count, i) => i > 0 && count !== presented[i - 1]).length;
  }));
}

/** Alice (in her chat with Bob) rings him; Bob sees the incoming-call dialog. */
export async function ring(caller: Page, callee: Page, kind: 'Voice call' | 'Video call'): Promise<void> {
  await caller.getByRole('button', { name: kind, exact: true }).click();
  await callee.getByRole('alertdialog').waitFor({ timeout: 10_000 });
}
