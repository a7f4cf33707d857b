/**
 * File transfer throughput, in one run on this machine (inside a loopback-only namespace; see
 * `npm run bench`):
 *   1. the raw ceiling: a bare RTCDataChannel between two headless Chromium pages, paced sends;
 *   2. the app itself: two pages joined through the real server, a file sent with `Send file`,
 *      accepted, written to OPFS and verified — with a chat message every 200 ms measured on arrival;
 *   3. Node ↔ Node with the command-line peer, two processes.
 * Prints MB/s, app/raw ratio, peak memory, and chat latency. SIZE_MIB (default 256) sets the size.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, joinAs, launchChromium, openApp, sha256File, startTestServer, type TestServer } from '../test/helpers.ts';

const SIZE_MIB = Number(process.env.SIZE_MIB ?? 256);
const SIZE = SIZE_MIB * 1024 * 1024;
/** A chat message goes out this often during the app transfer; 0 for none. */
const CHAT_EVERY_MS = Number(process.env.CHAT_EVERY_MS ?? 200);
const MB = 1e6;
/** USER_HZ: what /proc/<pid>/stat counts CPU time in, on every Linux build that matters. */
const CLOCK_TICKS_PER_SECOND = 100;

const executable = chromiumPath();
if (!executable) process.exit(1);
const server = await startTestServer({ staticDir: 'dist' });
const browser = await launchChromium(executable);
const dir = mkdtempSync(join(tmpdir(), 'bench-transfer-'));

const chromiumVersion = browser.version();
const raw = await rawCeiling(browser, server);
console.log(`raw: ${raw.mbps.toFixed(1)} MB/s, peak renderer RSS ${mb(raw.chromium.renderer)} MB`);
await browser.close();
const app = await appTransfer(executable, server);
console.log(`app: ${app.mbps.toFixed(1)} MB/s, peak renderer RSS ${mb(app.chromium.renderer)} MB, receiver JS heap ${mb(app.heap.receiver)} MB`);
const cli = await cliTransfer(server);
await server.close();
rmSync(dir, { recursive: true, force: true });

const rows: Array<[string, string]> = [
  [`raw RTCDataChannel, Chromium page → page (${SIZE_MIB} MiB)`, `${raw.mbps.toFixed(1)} MB/s`],
  [`app: Send file → Accept → verified in OPFS (${SIZE_MIB} MiB)`, `${app.mbps.toFixed(1)} MB/s`],
  ['ratio app / raw', (app.mbps / raw.mbps).toFixed(2)],
  ['peak RSS, raw run: largest renderer / browser process', `${mb(raw.chromium.renderer)} / ${mb(raw.chromium.browser)} MB`],
  ['peak RSS, app run: largest renderer / browser process', `${mb(app.chromium.renderer)} / ${mb(app.chromium.browser)} MB`],
  ['Chromium CPU seconds, raw run: renderers / browser / other', cpuSeconds(raw.chromium.cpu)],
  ['Chromium CPU seconds, app run: renderers / browser / other', cpuSeconds(app.chromium.cpu)],
  ['peak JS heap, raw run: sender / receiver page', `${mb(raw.heap.sender)} / ${mb(raw.heap.receiver)} MB`],
  ['peak JS heap, app run: sender / receiver page', `${mb(app.heap.sender)} / ${mb(app.heap.receiver)} MB`],
  [`timestamps beside the raw transfer (${raw.latencies.length}): p50 / p99 / max`, `${pct(raw.latencies, 50)} / ${pct(raw.latencies, 99)} / ${pct(raw.latencies, 100)} ms`],
  [`chat during the app transfer (${app.latencies.length} messages): p50 / p99 / max`, `${pct(app.latencies, 50)} / ${pct(app.latencies, 99)} / ${pct(app.latencies, 100)} ms`],
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
  return { mbps: SIZE / MB / (ms / 1000), chromium: peak, heap: heaps, latencies: latencies.sort((x, y) => x - y) };
}

// ---- 2. the app ----

async function appTransfer(executablePath: string, server: TestServer) {
  const path = join(dir, 'payload.bin');
  writeRandomFile(path, SIZE);
  // A real profile on disk, as people have: a throwaway context's storage quota is too small for gigabytes.
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    permissions: ['camera', 'microphone'],
    viewport: { width: 1280, height: 800 },
  });
  const open = async (name: string) => {
    const page = await context.newPage();
    await page.goto(server.url);
    await joinAs(page, name);
    return page;
  };
  const alice = await open('Alice');
  const bob = await open('Bob');
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  const chooser = alice.waitForEvent('filechooser');
  await alice.getByRole('button', { name: 'Send file' }).click();
  await (await chooser).setFiles(path);
  const card = bob.getByRole('log').locator('article', { hasText: 'payload.bin' }).locator('file-card');
  await card.getByRole('button', { name: 'Accept' }).waitFor({ timeout: 30_000 });

  // Bob records when each timestamped chat message shows up; Alice sends one every 200 ms.
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
  // The end is awaited in the page too: Playwright's waitFor polls the DOM, a load only this run would carry.
  await bob.evaluate(() => {
    const model = (document.querySelector('chat-app') as unknown as { model: ModelLike }).model;
    const finished = new Promise<void>((resolve, reject) => {
      model.on('change', () => {
        const file = model.active.messages.find((m) => m.file?.name === 'payload.bin')?.file;
        if (file?.state === 'done') resolve();
        else if (file?.state === 'failed' || file?.state === 'cancelled') reject(new Error(`transfer ${file.state}: ${file.error ?? ''}`));
      });
    });
    Object.assign(globalThis, { finished });
  });
  const chromiumUse = sampleChromium();
  const heap = { sender: sampleHeap(alice), receiver: sampleHeap(bob) };
  const started = performance.now();
  await card.getByRole('button', { name: 'Accept' }).click();
  // Timed in the page, as the raw run's timestamps are: no per-message round trip through the driver.
  await alice.evaluate((everyMs) => {
    const model = (document.querySelector('chat-app') as unknown as { model: ModelLike }).model;
    Object.assign(globalThis, { chatter: everyMs > 0 ? setInterval(() => model.send(`lat:${Date.now()}`), everyMs) : undefined });
  }, CHAT_EVERY_MS);
  await bob.evaluate(() => (globalThis as unknown as { finished: Promise<void> }).finished);
  const seconds = (performance.now() - started) / 1000;
  await card.getByRole('button', { name: 'Save' }).waitFor({ timeout: 5000 });
  await alice.evaluate(() => clearInterval((globalThis as unknown as { chatter?: ReturnType<typeof setInterval> }).chatter));
  const latencies = await bob.evaluate(() => (globalThis as unknown as { latencies: number[] }).latencies);
  if (process.env.DEBUG_LAT) console.log(JSON.stringify(latencies));
  const peak = chromiumUse.stop();
  const heaps = { sender: await heap.sender.stop(), receiver: await heap.receiver.stop() };
  await context.close();
  return { mbps: SIZE / MB / seconds, chromium: peak, heap: heaps, latencies: latencies.sort((x, y) => x - y) };
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

/**
 * Chromium's processes during a run, read from /proc every 250 ms: the peak resident memory of the
 * largest renderer and of the browser process, and the CPU seconds each kind of process used
 * (renderers together; "other" is the GPU, network and other utility processes).
 */
function sampleChromium() {
  const peak = { renderer: 0, browser: 0 };
  /** CPU ticks per pid: first and latest reading. */
  const ticks = new Map<number, { kind: 'renderer' | 'browser' | 'other'; first: number; last: number }>();
  const sample = () => {
    for (const pid of readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).map(Number)) {
      let command = '';
      let stat = '';
      try {
        command = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
        if (!command.includes('chromium')) continue;
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue; // exited meanwhile
      }
      const kind = command.includes('--type=renderer') ? 'renderer' : command.includes('--type=') ? 'other' : 'browser';
      if (kind !== 'other') peak[kind] = Math.max(peak[kind], rssOf(pid));
      // utime and stime, fields 14 and 15, counted after the parenthesised command name.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const used = Number(fields[11]) + Number(fields[12]);
      const seen = ticks.get(pid);
      if (seen) seen.last = used;
      else ticks.set(pid, { kind, first: used, last: used });
    }
  };
  sample();
  const timer = setInterval(sample, 250);
  return {
    stop() {
      clearInterval(timer);
      sample();
      const cpu = { renderer: 0, browser: 0, other: 0 };
      for (const { kind, first, last } of ticks.values()) cpu[kind] += (last - first) / CLOCK_TICKS_PER_SECOND;
      return { ...peak, cpu };
    },
  };
}

function rssOf(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

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

function cpuSeconds({ renderer, browser, other }: { renderer: number; browser: number; other: number }): string {
  return `${renderer.toFixed(1)} / ${browser.toFixed(1)} / ${other.toFixed(1)} s`;
}

function mb(bytes: number): string {
  return (bytes / MB).toFixed(0);
}

function pct(sorted: number[], p: number): string {
  if (sorted.length === 0) return 'n/a';
  return String(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]);
}

