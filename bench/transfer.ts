/**
 * File transfer throughput, in one run on this machine (inside a network namespace of its own; see
 * `npm run bench`), for each pairing of sender and receiver browser: Chromium → Chromium, and,
 * where Firefox is installed, Chromium → Firefox, Firefox → Chromium and Firefox → Firefox:
 *   1. the raw ceiling: a bare RTCDataChannel between two headless pages, paced sends;
 *   2. the app itself: two pages joined through the real server, a file sent with `Send file`,
 *      accepted, written to OPFS and verified — with a chat message every second (CHAT_EVERY_MS)
 *      measured on arrival; raw and app alternate ROUNDS times (default 5), since this VM's speed
 *      drifts between minutes;
 *   3. Node ↔ Node: the command-line peer, two processes, against a bare data channel between two
 *      Node processes (`cli-transfer.ts`), alternating ROUNDS times as well.
 * Prints MB/s, app/raw ratio, peak memory, and chat latency. SIZE_MIB (default 256) sets the size;
 * PAIRINGS (e.g. `Firefox-Chromium,Firefox-Firefox`) picks pairings, and `PAIRINGS=none` runs only
 * the Node ↔ Node part.
 * One script on purpose: the figures compare only when they come from the same run.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Page } from 'playwright-core';
import { sampleBrowsers, type BrowserUsage } from './browser-usage.ts';
import { fixed, markdownTable, median, percentile, sum } from './stats.ts';
import { cliRound, type CliRound } from './cli-transfer.ts';
import { appPeople, barePages, type Executables, type Pairing, type Side } from './transfer-sides.ts';
import type { AppDriver, BrowserName } from '../harness/app-driver.ts';
import { chromiumPath } from '../harness/chromium.ts';
import { firefoxPath } from '../harness/firefox.ts';
import { startTestServer, type TestServer } from '../harness/server.ts';

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
const BROWSERS: readonly BrowserName[] = ['Chromium', 'Firefox'];

const executables: Executables = { Chromium: chromiumPath(), Firefox: firefoxPath() };
if (!executables.Chromium) process.exit(1);
const wanted = process.env.PAIRINGS?.split(',');
const pairings = BROWSERS.flatMap((sender) => BROWSERS.map((receiver): Pairing => [sender, receiver])).filter(
  (pairing) => pairing.every((browser) => executables[browser]) && (!wanted || wanted.includes(pairing.join('-'))),
);
const server = await startTestServer({ staticDir: 'dist' });
const dir = mkdtempSync(join(tmpdir(), 'bench-transfer-'));
const payload = join(dir, 'payload.bin');
writeRandomFile(payload, SIZE);

// This VM's speed drifts by ±10 % from one minute to the next, so the two runs alternate, ROUNDS
// times, and each round's ratio is of runs made back to back.
const runs = new Map(pairings.map((pairing) => [pairing, { raws: [] as Run[], apps: [] as Run[] }]));
for (let round = 1; round <= ROUNDS; round++) {
  for (const [pairing, { raws, apps }] of runs) {
    const raw = await rawCeiling(pairing, server);
    console.log(`round ${round}, ${arrow(pairing)}: raw ${raw.mbps.toFixed(1)} MB/s, peak page process RSS ${pagePeaks(pairing, [raw])} MB`);
    const app = await appTransfer(pairing, server);
    console.log(`round ${round}, ${arrow(pairing)}: app ${app.mbps.toFixed(1)} MB/s, peak page process RSS ${pagePeaks(pairing, [app])} MB, receiver JS heap ${heapFigure(app.heap.receiver)}`);
    raws.push(raw);
    apps.push(app);
  }
}
// The command-line peer against the bare Node channel, alternating as the browsers do.
const cliRounds: CliRound[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const { bareSeconds, cliSeconds } = await cliRound(server.url, payload, dir);
  cliRounds.push({ bareSeconds, cliSeconds });
  console.log(`round ${round}, CLI → CLI: bare Node channel ${(SIZE / MB / bareSeconds).toFixed(1)} MB/s, CLI ${(SIZE / MB / cliSeconds).toFixed(1)} MB/s`);
}
await server.close();
rmSync(dir, { recursive: true, force: true });

console.log(`\nfile transfer benchmark (${[`${SIZE_MIB} MiB`, 'loopback', versions(), `Node ${process.version}`].filter(Boolean).join(', ')})`);
const summary: string[][] = [];
for (const [pairing, { raws, apps }] of runs) {
  const ratios = apps.map((app, i) => app.mbps / raws[i]!.mbps);
  const rawLatencies = raws.flatMap((run) => run.latencies);
  const appLatencies = apps.flatMap((run) => run.latencies);
  const rows: Array<[string, string]> = [
    [`raw RTCDataChannel, page → page (${SIZE_MIB} MiB), each round`, list(raws.map((run) => `${run.mbps.toFixed(1)} MB/s`))],
    [`app: Send file → Accept → verified in OPFS (${SIZE_MIB} MiB), each round`, list(apps.map((run) => `${run.mbps.toFixed(1)} MB/s`))],
    ['ratio app / raw, each round', list(ratios.map((ratio) => ratio.toFixed(2)))],
    [`ratio app / raw, median of ${ROUNDS}`, median(ratios).toFixed(2)],
    ['peak RSS, raw run: largest page process / browser process', peaks(pairing, raws)],
    ['peak RSS, app run: largest page process / browser process', peaks(pairing, apps)],
    ['CPU seconds per raw run: page processes / browser / other', cpuSeconds(pairing, raws)],
    ['CPU seconds per app run: page processes / browser / other', cpuSeconds(pairing, apps)],
    ['peak JS heap, raw run: sender / receiver page', heaps(raws)],
    ['peak JS heap, app run: sender / receiver page', heaps(apps)],
    [`timestamps beside the raw transfer (${rawLatencies.length}): p50 / p99 / max`, latencyFigures(rawLatencies)],
    [`chat during the app transfer (${appLatencies.length}, one per ${CHAT_EVERY_MS} ms): p50 / p99 / max`, latencyFigures(appLatencies)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${arrow(pairing)}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  summary.push([
    arrow(pairing),
    median(raws.map((run) => run.mbps)).toFixed(1),
    median(apps.map((run) => run.mbps)).toFixed(1),
    `**${median(ratios).toFixed(2)}** (${list(ratios.map((ratio) => ratio.toFixed(2)))})`,
    `${pagePeaks(pairing, raws)} / ${pagePeaks(pairing, apps)}`,
    latencyFigures(appLatencies),
  ]);
}
const bareMbps = cliRounds.map((run) => SIZE / MB / run.bareSeconds);
const cliMbps = cliRounds.map((run) => SIZE / MB / run.cliSeconds);
const cliRatios = cliMbps.map((mbps, i) => mbps / bareMbps[i]!);
const cliRows: Array<[string, string]> = [
  ['bare @roamhq/wrtc channel, each round', list(bareMbps.map((mbps) => `${mbps.toFixed(1)} MB/s`))],
  ['CLI through the server, each round', list(cliMbps.map((mbps) => `${mbps.toFixed(1)} MB/s`))],
  ['CLI ÷ bare, each round', list(cliRatios.map((ratio) => ratio.toFixed(2)))],
  [`CLI ÷ bare, median of ${ROUNDS}`, `${median(cliRatios).toFixed(2)} (bare ${median(bareMbps).toFixed(1)} MB/s, CLI ${median(cliMbps).toFixed(1)} MB/s)`],
];
const cliWidth = Math.max(...cliRows.map(([label]) => label.length));
console.log(`\nCLI → CLI, two Node processes each way (${SIZE_MIB} MiB, verified; start-up included)`);
for (const [label, value] of cliRows) console.log(`  ${label.padEnd(cliWidth)}  ${value}`);
if (summary.length > 0) console.log(`\n${markdownTable(
  ['sender → receiver', 'raw MB/s, median', 'app MB/s, median', 'app ÷ raw, median (each round)', 'peak page process RSS, raw / app, MB', 'chat p50 / p99 / max'],
  summary,
)}`);

// ---- 1. raw ceiling ----

async function rawCeiling(pairing: Pairing, server: TestServer): Promise<Run> {
  const sides = await barePages(pairing, `${server.url}/healthz`, executables, dir);
  const [a, b] = [sides.sender.app, sides.receiver.app];
  const usage = sampleBrowsers();
  // Sampled as in the app run, so both carry the same measuring load (and the raw figure is shown too).
  const heap = { sender: sampleHeap(sides.sender), receiver: sampleHeap(sides.receiver) };
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
  }, null);
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
  await a.evaluate(async ({ answer, size, chatEveryMs }) => {
    const { pc, channel, chat } = globalThis as unknown as { pc: RTCPeerConnection; channel: RTCDataChannel; chat: RTCDataChannel };
    await pc.setRemoteDescription(answer);
    await new Promise((r) => (channel.readyState === 'open' ? r(null) : (channel.onopen = r)));
    await new Promise((r) => (chat.readyState === 'open' ? r(null) : (chat.onopen = r)));
    // Sent in the background: the driver awaits `sent` in bounded steps (see pageResult).
    const sent = (async () => {
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
    })();
    Object.assign(globalThis, { sent });
  }, { answer, size: SIZE, chatEveryMs: CHAT_EVERY_MS });
  const ms = await pageResult<number>(b, 'done');
  await pageResult(a, 'sent');
  const latencies = await b.evaluate(() => (globalThis as unknown as { latencies: number[] }).latencies, null);
  if (process.env.DEBUG_LAT) console.log('raw', JSON.stringify(latencies));
  const peak = usage.stop();
  const heaps = { sender: await heap.sender.stop(), receiver: await heap.receiver.stop() };
  await sides.close();
  return { mbps: SIZE / MB / (ms / 1000), usage: peak, heap: heaps, latencies };
}

// ---- 2. the app ----

async function appTransfer(pairing: Pairing, server: TestServer): Promise<Run> {
  const sides = await appPeople(pairing, server.url, executables, dir);
  const [alice, bob] = [sides.sender.app, sides.receiver.app];
  await alice.join('Alice');
  await bob.join('Bob');
  await alice.open('Bob');
  await bob.open('Alice');
  await alice.sendFiles(payload);
  await bob.waitForText({ file: 'payload.bin' }, 'Accept', { timeout: 30_000 });

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
  }, null);
  // Timed in Bob's page, as the raw run is timed in its pages (which count from the first chunk
  // received): from his click on Accept (not from when the driver starts checking that the button
  // is ready) to the file verified, so the request and the sender's start-up count against the
  // app. The end is awaited there too: polling the DOM from the driver is a load only this run
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
  }, null);
  const usage = sampleBrowsers();
  const heap = { sender: sampleHeap(sides.sender), receiver: sampleHeap(sides.receiver) };
  await bob.fileButton('payload.bin', 'Accept');
  // Chat latency is timed in the pages too: no per-message round trip through the driver.
  await alice.evaluate((everyMs) => {
    const model = (document.querySelector('chat-app') as unknown as { model: ModelLike }).model;
    Object.assign(globalThis, { chatter: everyMs > 0 ? setInterval(() => model.send(`lat:${Date.now()}`), everyMs) : undefined });
  }, CHAT_EVERY_MS);
  const seconds = (await pageResult<number>(bob, 'finished')) / 1000;
  await bob.waitForText({ file: 'payload.bin' }, 'Save', { timeout: 5000 });
  await alice.evaluate(() => clearInterval((globalThis as unknown as { chatter?: ReturnType<typeof setInterval> }).chatter), null);
  const latencies = await bob.evaluate(() => (globalThis as unknown as { latencies: number[] }).latencies, null);
  if (process.env.DEBUG_LAT) console.log(JSON.stringify(latencies));
  const peak = usage.stop();
  const heaps = { sender: await heap.sender.stop(), receiver: await heap.receiver.stop() };
  const errors = [...alice.errors, ...bob.errors];
  await sides.close();
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  return { mbps: SIZE / MB / seconds, usage: peak, heap: heaps, latencies };
}

interface ModelLike {
  on(event: 'change', listener: () => void): void;
  active: { messages: Array<{ id: string; text: string; file?: { name: string; state: string; error?: string } }> };
  send(text: string): void;
}

/**
 * The value of the promise a page keeps as `globalThis[name]`, awaited 30 s at a time: one driver
 * command must not outlast Firefox's protocol timeout, and a large file takes minutes.
 */
async function pageResult<R>(page: AppDriver, name: string): Promise<R> {
  for (;;) {
    const step = await page.evaluate(
      (name) => Promise.race([
        (globalThis as unknown as Record<string, Promise<unknown>>)[name]!.then((value) => ({ value })),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 30_000)),
      ]),
      name,
    );
    if (step) return step.value as R;
  }
}

// ---- measuring ----

/** Peak JS heap of one page (CDP Performance metrics), sampled every second; null where that is not to be had (Firefox). */
function sampleHeap({ chromiumPage }: Side) {
  if (!chromiumPage) return { stop: async () => null };
  const page: Page = chromiumPage;
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
  usage: Record<BrowserName, BrowserUsage>;
  /** Null: not measurable in that browser. */
  heap: { sender: number | null; receiver: number | null };
  latencies: number[];
}

function arrow(pairing: Pairing): string {
  return pairing.join(' → ');
}

/** The browsers of a pairing, each once. */
function browsersOf(pairing: Pairing): BrowserName[] {
  return BROWSERS.filter((browser) => pairing.includes(browser));
}

/** What `--version` says of each browser the run used (`Chromium 150.…`, `Mozilla Firefox 140.…esr`). */
function versions(): string {
  const used = BROWSERS.filter((browser) => pairings.some((pairing) => pairing.includes(browser)));
  return used.map((browser) => spawnSync(executables[browser]!, ['--version'], { encoding: 'utf8' }).stdout.trim()).join(', ');
}

/** Peak RSS of the largest page process and of the browser process, per browser of the pairing. */
function peaks(pairing: Pairing, runs: Run[]): string {
  return list(browsersOf(pairing).map((browser) => `${browser} ${mb(max(runs, (run) => run.usage[browser].page))} / ${mb(max(runs, (run) => run.usage[browser].browser))} MB`));
}

/** Peak RSS of the largest page process, per browser of the pairing, in MB. */
function pagePeaks(pairing: Pairing, runs: Run[]): string {
  const browsers = browsersOf(pairing);
  return browsers.map((browser) => `${browsers.length > 1 ? `${browser} ` : ''}${mb(max(runs, (run) => run.usage[browser].page))}`).join(', ');
}

/** Mean CPU seconds per run, by kind of process, per browser of the pairing. */
function cpuSeconds(pairing: Pairing, runs: Run[]): string {
  return list(browsersOf(pairing).map((browser) => {
    const mean = (kind: keyof BrowserUsage['cpu']) => sum(runs.map((run) => run.usage[browser].cpu[kind])) / runs.length;
    return `${browser} ${mean('page').toFixed(1)} / ${mean('browser').toFixed(1)} / ${mean('other').toFixed(1)} s`;
  }));
}

function heaps(runs: Run[]): string {
  const peak = (side: 'sender' | 'receiver') => runs.some((run) => run.heap[side] === null) ? null : max(runs, (run) => run.heap[side]!);
  return `${heapFigure(peak('sender'))} / ${heapFigure(peak('receiver'))}`;
}

function heapFigure(bytes: number | null): string {
  return bytes === null ? 'n/a (Firefox: WebDriver BiDi has no heap figure)' : `${mb(bytes)} MB`;
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
