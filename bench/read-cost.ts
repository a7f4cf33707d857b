/**
 * What a file sender's steps cost each browser, one at a time, on a file picked through a real file
 * input (disk-backed, as a user's file is): reading it by each way a page can, hashing it with
 * hash-wasm, and yielding to the event loop once per frame by each way there is. SIZE_MIB (default
 * 128) sets the size. Prints wall ms in the page and CPU seconds of each kind of browser process.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { sampleBrowsers } from './browser-usage.ts';
import { chromiumPath, launchChromium } from '../harness/chromium.ts';
import { firefoxPath, launchFirefox } from '../harness/firefox.ts';

const SIZE = Number(process.env.SIZE_MIB ?? 128) * 1024 * 1024;
const FRAME = 256 * 1024;
const CASES = ['byob', 'default', 'slice-256k', 'slice-4m', 'sha256', 'byob+sha256', 'yield-new-channel', 'yield-one-channel', 'yield-timeout', 'yield-scheduler'] as const;

const dir = mkdtempSync(join(tmpdir(), 'read-cost-'));
const file = join(dir, 'payload.bin');
writeFileSync(file, randomBytes(SIZE));
const sha = readFileSync('node_modules/hash-wasm/dist/sha256.umd.min.js');
/** The page's side: one case over the picked file; resolves to wall ms and the number of reads. Plain JS, served as is. */
const PAGE_SCRIPT = `
globalThis.runCase = async (name, frame) => {
  const file = document.getElementById('f').files[0];
  const g = globalThis;
  const hasher = name.includes('sha256') ? await g.hashwasm.createSHA256() : null;
  hasher?.init();
  let reads = 0;
  const start = performance.now();
  const byob = async (each) => {
    const reader = file.stream().getReader({ mode: 'byob' });
    let buffer = new Uint8Array(frame);
    for (;;) {
      const { value, done } = await reader.read(buffer);
      if (done || !value) break;
      reads++;
      each(value);
      buffer = new Uint8Array(value.buffer);
    }
  };
  const channel = new MessageChannel();
  channel.port1.start();
  const yields = {
    'yield-new-channel': () => new Promise((resolve) => {
      const { port1, port2 } = new MessageChannel();
      port1.addEventListener('message', () => { port1.close(); resolve(); });
      port1.start();
      port2.postMessage(null);
    }),
    'yield-one-channel': () => new Promise((resolve) => {
      channel.port1.addEventListener('message', () => resolve(), { once: true });
      channel.port2.postMessage(null);
    }),
    'yield-timeout': () => new Promise((resolve) => setTimeout(resolve, 0)),
    'yield-scheduler': () => globalThis.scheduler?.yield?.() ?? Promise.reject(new Error('none')),
  };
  if (name === 'byob') await byob(() => {});
  else if (name === 'byob+sha256') await byob((piece) => hasher.update(piece));
  else if (name === 'default') {
    const reader = file.stream().getReader();
    while (!(await reader.read()).done) reads++;
  } else if (name.startsWith('slice')) {
    const block = name === 'slice-4m' ? 4 * 1024 * 1024 : frame;
    for (let at = 0; at < file.size; at += block) { await file.slice(at, at + block).arrayBuffer(); reads++; }
  } else if (name === 'sha256') {
    const data = new Uint8Array(frame);
    for (let at = 0; at < file.size; at += frame) hasher.update(data);
  } else {
    const step = yields[name];
    for (let at = 0; at < file.size; at += frame) await step();
  }
  return (performance.now() - start).toFixed(0) + ' ms' + (reads ? ', ' + reads + ' reads' : '');
};
`;
const server = createServer((req, res) => {
  if (req.url === '/sha256.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(sha);
  if (req.url === '/cases.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE_SCRIPT);
  res.writeHead(200, { 'content-type': 'text/html' }).end('<input type=file id=f><script src=/sha256.js></script><script src=/cases.js></script>');
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const rows: string[] = [];
for (const browser of ['Firefox', 'Chromium'] as const) {
  const path = browser === 'Firefox' ? firefoxPath() : chromiumPath();
  if (!path) continue;
  for (const name of CASES) {
    // A fresh browser per case, so one case's leftovers (caches, garbage) do not bill the next.
    let run: (name: string) => Promise<string>;
    let close: () => Promise<void>;
    if (browser === 'Firefox') {
      const b = await launchFirefox(path);
      const page = await b.newPage();
      await page.goto(url);
      await (await page.$('input'))!.uploadFile(file);
      run = (name) => page.evaluate((name, frame) => (globalThis as unknown as { runCase(n: string, f: number): Promise<string> }).runCase(name, frame), name, FRAME);
      close = () => b.close();
    } else {
      const b = await launchChromium(path);
      const page = await b.newPage();
      await page.goto(url);
      await page.setInputFiles('#f', file);
      run = (name) => page.evaluate(([name, frame]) => (globalThis as unknown as { runCase(n: string, f: number): Promise<string> }).runCase(name, frame), [name, FRAME] as const);
      close = () => b.close();
    }
    const usage = sampleBrowsers();
    let ms: string;
    try {
      ms = await run(name);
    } catch (error) {
      ms = `n/a (${(error as Error).message.split('\n')[0]})`;
    }
    const cpu = usage.stop()[browser].cpu;
    rows.push(`${browser.padEnd(9)} ${name.padEnd(18)} ${ms.padEnd(22)} CPU page ${cpu.page.toFixed(2)} / browser ${cpu.browser.toFixed(2)} / other ${cpu.other.toFixed(2)} s`);
    console.log(rows.at(-1));
    await close();
  }
}
server.close();
rmSync(dir, { recursive: true, force: true });
