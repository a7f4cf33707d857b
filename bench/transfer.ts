/**
 * File transfer throughput, in one run on this machine (inside a loopback-only namespace; see
 * `npm run bench`):
 *   1. the raw ceiling: a bare RTCDataChannel between two headless Chromium pages, paced sends;
 *   2. the app itself: two pages joined through the real server, a file sent with `Send file`,
 *      accepted, written to OPFS and verified — with a chat message every second (CHAT_EVERY_MS)
 *      measured on arrival; raw and app alternate ROUNDS times (default 5), since this VM's speed
 *      drifts between minutes;
 *   3. Node ↔ Node with the command-line peer, two processes.
 * Prints MB/s, app/raw ratio, peak memory, and chat latency. SIZE_MIB (default 256) sets the size.
 * One script on purpose: the figures compare only when they come from the same run.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { sampleChromium } from './chromium-usage.ts';
import { fixed, median, percentile, sum } from './stats.ts';
import { fileCard, joinAs, openApp, sendFiles } from '../harness/app-page.ts';
import { CHROMIUM_ARGS, chromiumPath, launchChromium } from '../harness/chromium.ts';
import { startTestServer, type TestServer } from '../harness/server.ts';
import { sha256File } from '../harness/sha256.ts';

const SIZE_MIB = Number(process.env.SIZE_MIB ?? 256);
const SIZE = SIZE_MIB * 1024 * 1024;
/**
 * A chat message goes out this often during the app transfer; 0 for none. Once a second is a brisk
 * conversation; 200 is a stress rate, at which rendering chat takes a tenth of this 2-core machine.
 */
const CHAT_EVERY_MS = Number(process.env.CHAT_EVERY_MS ?? 1000);
/** Raw and app runs alternate this many times. */
const ROUNDS = Math.max(1, Number(process.env.ROUNDS ?? 5));
const MB = 1e6;

const executable = chromiumPath();
if (!executable) process.exit(1);
const server = await startTestServer({ staticDir: 'dist' });
const dir = mkdtempSync(join(tmpdir(), 'bench-transfer-'));

let chromiumVersion = '';
// This VM's speed drifts by ±10 % from one minute to the next, so the two runs alternate, ROUNDS
// times, and each round's ratio is of runs made back to back.
const raws: Run[] = [];
const apps: Run[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const browser = await launchChromium(executable);
  chromiumVersion = browser.version();
  const raw = await rawCeiling(browser, server);
  await browser.close();
  console.log(`round ${round}: raw ${raw.mbps.toFixed(1)} MB/s, peak renderer RSS ${mb(raw.chromium.renderer)} MB`);
  const app = await appTransfer(executable, server);
  console.log(`round ${round}: app ${app.mbps.toFixed(1)} MB/s, peak renderer RSS ${mb(app.chromium.renderer)} MB, receiver JS heap ${mb(app.heap.receiver)} MB`);
  raws.push(raw);
  apps.push(app);
}
const cli = await cliTransfer(server);
await server.close();
rmSync(dir, { recursive: true, force: true });

const ratios = apps.map((app, i) => app.mbps / raws[i]!.mbps);
const rawLatencies = raws.flatMap((run) => run.latencies);
const appLatencies = apps.flatMap((run) => run.latencies);
const rows: Array<[string, string]> = [
  [`raw RTCDataChannel, Chromium page → page (${SIZE_MIB} MiB), each round`, list(raws.map((run) => `${run.mbps.toFixed(1)} MB/s`))],
  [`app: Send file → Accept → verified in OPFS (${SIZE_MIB} MiB), each round`, list(apps.map((run) => `${run.mbps.toFixed(1)} MB/s`))],
  ['ratio app / raw, each round', list(ratios.map((ratio) => ratio.toFixed(2)))],
  [`ratio app / raw, median of ${ROUNDS}`, median(ratios).toFixed(2)],
  ['peak RSS, raw run: largest renderer / browser process', `${mb(max(raws, (run) => run.chromium.renderer))} / ${mb(max(raws, (run) => run.chromium.browser))} MB`],
  ['peak RSS, app run: largest renderer / browser process', `${mb(max(apps, (run) => run.chromium.renderer))} / ${mb(max(apps, (run) => run.chromium.browser))} MB`],
  ['Chromium CPU seconds per raw run: renderers / browser / other', cpuSeconds(raws)],
  ['Chromium CPU seconds per app run: renderers / browser / other', cpuSeconds(apps)],
  ['peak JS heap, raw run: sender / receiver page', `${mb(max(raws, (run) => run.heap.sender))} / ${mb(max(raws, (run) => run.heap.receiver))} MB`],
  ['peak JS heap, app run: sender / receiver page', `${mb(max(apps, (run) => run.heap.sender))} / ${mb(max(apps, (run) => run.heap.receiver))} MB`],
  [`timestamps beside the raw transfer (${rawLatencies.length}): p50 / p99 / max`, latencyFigures(rawLatencies)],
  [`chat during the app transfer (${appLatencies.length}, one per ${CHAT_EVERY_MS} ms): p50 / p99 / max`, latencyFigures(appLatencies)],
  [`CLI → CLI, two Node processes (${SIZE_MIB} MiB)`, `${cli.mbps.toFixed(1)} MB/s`],
];
const width = Math.max(...rows.map(([label]) => label.length));
console.log(`\nfile transfer benchmark (${SIZE_MIB} MiB, loopback, Chromium ${chromiumVersion}, Node ${process.version})`);
for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);

// ---- 1. raw ceiling ----

async function rawCeiling(browser: Browser, server: TestServer) {
  const [a, b] = [await openApp(browser, `${server.url}/healthz`), await openApp(browser, `${server.url}/healthz`)];
  const chromiumUse = sampleChromium();
  // Sampled as in the app run, so both carry the same measuring load (and the raw figure is shown too).
  const heap = { sender: sampleHeap(a), receiver: sampleHeap(b) };
  // Non-trickle: wait for all candidates, then hand each description over in one go.
  const offer = await a.evaluate(async () => {
    const pc = new RTCPeerConnection();
    const channel = pc.createDataChannel('raw', { ordered: true });
    channel.binaryType = 'arraybuffer';
    // A second channel on the same connection carries timestamps, as the app's chat does beside a file.
    const chat = pc.createDataChannel('chat', { ordered: true });
    Object.assign(globalThis, { pc, channel, chat });
    await pc.setLocalDescription(await pc.createOffer());
    await new Promise<void>((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
    return pc.localDescription!.toJSON();
  });
  const answer = await b.evaluate(async ({ offer, size }) => {
    const pc = new RTCPeerConnection();
    const latencies: number[] = [];
    const done = new Promise<number>((resolve) => {
      pc.addEventListener('datachannel', ({ channel }) => {
        if (channel.label === 'chat') {
          channel.onmessage = (event) => latencies.push(Date.now() - Number(event.data));
          return;
        }
        channel.binaryType = 'arraybuffer';
        let received = 0;
        let started = 0;
        channel.onmessage = (event) => {
          if (started === 0) started = performance.now();
          received += (event.data as ArrayBuffer).byteLength;
          if (received >= size) resolve(performance.now() - started);
        };
      });
    });
    Object.assign(globalThis, { pc, done, latencies });
    await pc.setRemoteDescription(offer);
    await pc.setLocalDescription(await pc.createAnswer());
    await new Promise<void>((r) => (pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r())));
    return pc.localDescription!.toJSON();
  }, { offer, size: SIZE });
  const elapsed = b.evaluate(() => (globalThis as unknown as { done: Promise<number> }).done);
  await a.evaluate(async ({ answer, size, chatEveryMs }) => {
    const { pc, channel, chat } = globalThis as unknown as { pc: RTCPeerConnection; channel: RTCDataChannel; chat: RTCDataChannel };
    await pc.setRemoteDescription(answer);
    await new Promise((r) => (channel.readyState === 'open' ? r(null) : (channel.onopen = r)));
    await new Promise((r) => (chat.readyState === 'open' ? r(null) : (chat.onopen = r)));
    const chatter = chatEveryMs > 0 ? setInterval(() => chat.send(String(Date.now())), chatEveryMs) : undefined;
    const chunk = new Uint8Array(Math.min(256 * 1024, pc.sctp!.maxMessageSize));
    crypto.getRandomValues(chunk.subarray(0, 65536));
    channel.bufferedAmountLowThreshold = 1024 * 1024;
    for (let sent = 0; sent < size; ) {
      if (channel.bufferedAmount > 2 * 1024 * 1024) {
        await new Promise((r) => (channel.onbufferedamountlow = r));
        continue;
      }
      const n = Math.min(chunk.byteLength, size - sent);
      channel.send(n === chunk.byteLength ? chunk : chunk.subarray(0, n));
      sent += n;
    }
    clearInterval(chatter);
  }, { answer, size: SIZE, chatEveryMs: CHAT_EVERY_MS });
  const ms = await elapsed;
  const latencies = await b.evaluate(() => (globalThis as unknown as { latencies: number[] }).latencies);
  if (process.env.DEBUG_LAT) console.log('raw', JSON.stringify(latencies));
  const peak = chromiumUse.stop();
  const heaps = { sender: await heap.sender.stop(), receiver: await heap.receiver.stop() };
  await a.context().close();
  await b.context().close();
  return { mbps: SIZE / MB / (ms / 1000), chromium: peak, heap: heaps, latencies };
}

// ---- 2. the app ----

async function appTransfer(executablePath: string, server: TestServer) {
  const path = join(dir, 'payload.bin');
  writeRandomFile(path, SIZE);
  // A real profile on disk, as people have: a throwaway context's storage quota is too small for
  // gigabytes. A fresh one each round, or the last round's history (and received file) would be there.
  const profile = mkdtempSync(join(dir, 'profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 800 },
  });
  const open = async (name: string, page: Page) => {
    await page.goto(server.url);
    await joinAs(page, name);
    return page;
  };
  // Alice in the window the context opens with, Bob in a second one: each in front in its own.
  const first = context.pages()[0] ?? (await context.newPage());
  const alice = await open('Alice', first);
  const bob = await open('Bob', await pageInNewWindow(context, first));
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  await sendFiles(alice, path);
  const card = fileCard(bob, 'payload.bin');
  await card.getByRole('button', { name: 'Accept' }).waitFor({ timeout: 30_000 });

  // Bob records when each timestamped chat message shows up; Alice sends one every CHAT_EVERY_MS.
  await bob.evaluate(() => {
    const model = (document.querySelector('chat-app') as unknown as { model: ModelLike }).model;
    const latencies: number[] = [];
    const seen = new Set<string>();
    model.on('change', () => {
      for (const m of model.active.messages) {
        if (!m.text.startsWith('lat:') || seen.has(m.id)) continue;
        seen.add(m.id);
        latencies.push(Date.now() - Number(m.text.slice(4)));
      }
    });
    Object.assign(globalThis, { latencies });
  });
  // Timed in Bob's page, as the raw run is timed in its pages (which count from the first chunk
  // received): from his click on Accept (not from when Playwright starts checking that the button
  // is ready) to the file verified, so the request and the sender's start-up count against the
  // app. The end is awaited there too: Playwright's waitFor polls the DOM, a load only this run
  // would carry.
  await bob.evaluate(() => {
    const model = (document.querySelector('chat-app') as unknown as { model: ModelLike }).model;
    let clickedAt = 0;
    document.addEventListener('click', () => (clickedAt ||= performance.now()), { capture: true });
    const finished = new Promise<number>((resolve, reject) => {
      model.on('change', () => {
        const file = model.active.messages.find((m) => m.file?.name === 'payload.bin')?.file;
        if (file?.state === 'done') {
          if (clickedAt) resolve(performance.now() - clickedAt);
          else reject(new Error('the file was verified, but no click on Accept was seen'));
        }
        else if (file?.state === 'failed' || file?.state === 'cancelled') reject(new Error(`transfer ${file.state}: ${file.error ?? ''}`));
      });
    });
    Object.assign(globalThis, { finished });
  });
  const chromiumUse = sampleChromium();
  const heap = { sender: sampleHeap(alice), receiver: sampleHeap(bob) };
  await card.getByRole('button', { name: 'Accept' }).click();
  // Chat latency is timed in the pages too: no per-message round trip through the driver.
  await alice.evaluate((everyMs) => {
    const model = (document.querySelector('chat-app') as unknown as { model: ModelLike }).model;
    Object.assign(globalThis, { chatter: everyMs > 0 ? setInterval(() => model.send(`lat:${Date.now()}`), everyMs) : undefined });
  }, CHAT_EVERY_MS);
  const seconds = (await bob.evaluate(() => (globalThis as unknown as { finished: Promise<number> }).finished)) / 1000;
  await card.getByRole('button', { name: 'Save' }).waitFor({ timeout: 5000 });
  await alice.evaluate(() => clearInterval((globalThis as unknown as { chatter?: ReturnType<typeof setInterval> }).chatter));
  const latencies = await bob.evaluate(() => (globalThis as unknown as { latencies: number[] }).latencies);
  if (process.env.DEBUG_LAT) console.log(JSON.stringify(latencies));
  const peak = chromiumUse.stop();
  const heaps = { sender: await heap.sender.stop(), receiver: await heap.receiver.stop() };
  await context.close();
  rmSync(profile, { recursive: true, force: true });
  return { mbps: SIZE / MB / seconds, chromium: peak, heap: heaps, latencies };
}

/**
 * A page in a new browser window. Each person's page has a window of its own, as each raw page does
 * (a context of its own): Chromium lowers the CPU priority of a renderer whose tab is not in front
 * (nice 5 against 0 here), so two tabs of one window would run the sender behind its own transport.
 */
async function pageInNewWindow(context: BrowserContext, from: Page): Promise<Page> {
  const session = await context.newCDPSession(from);
  const page = context.waitForEvent('page');
  await session.send('Target.createTarget', { url: 'about:blank', newWindow: true });
  await session.detach();
  return page;
}

interface ModelLike {
  on(event: 'change', listener: () => void): void;
  active: { messages: Array<{ id: string; text: string; file?: { name: string; state: string; error?: string } }> };
  send(text: string): void;
}

// ---- 3. CLI ↔ CLI ----

async function cliTransfer(server: TestServer) {
  const path = join(dir, 'payload.bin');
  const run = (args: string[]) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'client/node/cli.ts', ...args, '--server', server.url], { stdio: 'ignore' });
    return new Promise<number | null>((resolve) => child.on('exit', resolve));
  };
  const received = run(['receive', '--to', join(dir, 'cli-inbox'), '--count', '1', '--name', 'Receiver']);
  const started = performance.now();
  const [sent, got] = await Promise.all([run(['send', 'Receiver', path, '--name', 'Sender']), received]);
  if (sent !== 0 || got !== 0) throw new Error(`CLI transfer failed (${sent}, ${got})`);
  // Includes both processes' start-up and joining: an honest end-to-end figure.
  const seconds = (performance.now() - started) / 1000;
  if ((await sha256File(join(dir, 'cli-inbox', 'payload.bin'))) !== (await sha256File(path))) throw new Error('CLI copy differs');
  return { mbps: SIZE / MB / seconds };
}

// ---- measuring ----

/** Peak JS heap of one page (CDP Performance metrics), sampled every second. */
function sampleHeap(page: Page) {
  let peak = 0;
  const session = page.context().newCDPSession(page);
  const ready = session.then(async (s) => {
    await s.send('Performance.enable');
    return s;
  });
  const timer = setInterval(() => {
    void ready
      .then((s) => s.send('Performance.getMetrics'))
      .then(({ metrics }) => {
        const used = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
        peak = Math.max(peak, used);
      })
      .catch(() => {});
  }, 1000);
  return {
    async stop() {
      clearInterval(timer);
      return peak;
    },
  };
}


function writeRandomFile(path: string, size: number): void {
  const block = randomBytes(8 * 1024 * 1024);
  const fd = openSync(path, 'w');
  for (let written = 0; written < size; written += block.byteLength) writeSync(fd, block, 0, Math.min(block.byteLength, size - written));
  closeSync(fd);
}

interface Run {
  mbps: number;
  chromium: { renderer: number; browser: number; cpu: { renderer: number; browser: number; other: number } };
  heap: { sender: number; receiver: number };
  latencies: number[];
}

/** Mean CPU seconds per run, by kind of Chromium process. */
function cpuSeconds(runs: Run[]): string {
  const mean = (kind: 'renderer' | 'browser' | 'other') => sum(runs.map((run) => run.chromium.cpu[kind])) / runs.length;
  return `${mean('renderer').toFixed(1)} / ${mean('browser').toFixed(1)} / ${mean('other').toFixed(1)} s`;
}

function max(runs: Run[], value: (run: Run) => number): number {
  return Math.max(...runs.map(value));
}

function list(values: string[]): string {
  return values.join(' · ');
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(0);
}

/** p50 / p99 / max of latency samples, in ms. */
function latencyFigures(samples: number[]): string {
  return `${[50, 99, 100].map((p) => fixed(percentile(samples, p), 0)).join(' / ')} ms`;
}

