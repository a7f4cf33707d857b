/**
 * What a progress redraw costs: two people joined through the real server, each in a window of
 * their own; Alice offers Bob a file, and Bob's page is told of progress on it (the transfer
 * service's own `update` event, so the real model and components redraw) at 1, 2 and 4 times a
 * second, with no transfer running. Prints the CPU all of Chromium used per second at each rate,
 * above the idle stretches between them. Why progress is redrawn once a second (`progressEveryMs`).
 *
 *   npm run bench:redraw      (SECONDS per rate, default 20)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { sampleBrowsers } from './browser-usage.ts';
import { sum } from './stats.ts';
import { fileCard, joinAs, openApp, sendFiles } from '../harness/app-page.ts';
import { chromiumPath, launchChromium } from '../harness/chromium.ts';
import { startTestServer } from '../harness/server.ts';

const SECONDS = Number(process.env.SECONDS ?? 20);
/** Idle stretches between the others: their mean is the baseline, and how far apart they are is the noise. */
const RATES_PER_SECOND = [0, 4, 0, 2, 0, 1, 0];

const executable = chromiumPath();
if (!executable) process.exit(1);
const server = await startTestServer({ staticDir: 'dist' });
const browser = await launchChromium(executable);
const version = browser.version();
const dir = mkdtempSync(join(tmpdir(), 'bench-redraw-'));
const file = join(dir, 'video.mp4');
writeFileSync(file, 'not really a video');

const [alice, bob] = [await openApp(browser, server.url), await openApp(browser, server.url)];
await joinAs(alice, 'Alice');
await joinAs(bob, 'Bob');
await alice.getByRole('listitem', { name: /^Bob/ }).click();
await bob.getByRole('listitem', { name: /^Alice/ }).click();
await sendFiles(alice, file);
await fileCard(bob, 'video.mp4').getByRole('button', { name: 'Accept' }).waitFor();
await announceProgress(bob, 0, 3); // settling: the offer's own rendering and storage

const used: Array<{ rate: number; cpuMsPerSecond: number }> = [];
for (const rate of RATES_PER_SECOND) {
  const usage = sampleBrowsers();
  await announceProgress(bob, rate, SECONDS);
  const { cpu } = usage.stop().Chromium;
  used.push({ rate, cpuMsPerSecond: ((cpu.page + cpu.browser + cpu.other) * 1000) / SECONDS });
}
await browser.close();
await server.close();
rmSync(dir, { recursive: true, force: true });

const idles = used.filter(({ rate }) => rate === 0).map(({ cpuMsPerSecond }) => cpuMsPerSecond);
const idle = sum(idles) / idles.length;
console.log(`\nprogress redraws on one page, ${SECONDS} s per rate (Chromium ${version}, all its processes)`);
console.log(`  no updates: ${idles.map((ms) => ms.toFixed(0)).join(' and ')} ms of CPU per second`);
for (const { rate, cpuMsPerSecond } of used.filter(({ rate }) => rate > 0).sort((a, b) => a.rate - b.rate)) {
  const above = cpuMsPerSecond - idle;
  console.log(`  ${rate} a second: ${cpuMsPerSecond.toFixed(0)} ms per second, ${above.toFixed(0)} above idle, ~${(above / rate).toFixed(1)} ms per redraw`);
}

/** Tells Bob's page, `rate` times a second for `seconds`, that the offered file is arriving. */
async function announceProgress(page: Page, rate: number, seconds: number): Promise<void> {
  await page.evaluate(
    async ({ rate, seconds }) => {
      type Info = { name: string; size: number };
      const model = (document.querySelector('chat-app') as unknown as {
        model: {
          active: { messages: Array<{ file?: Info }> };
          transfers: { emit(event: 'update', peer: { display: string; key: string }, info: object): void };
        };
      }).model;
      const info = model.active.messages.find((m) => m.file?.name === 'video.mp4')!.file!;
      const size = 256 * 1024 * 1024;
      const end = performance.now() + seconds * 1000;
      for (let tick = 1; performance.now() < end; tick++) {
        if (rate > 0) {
          const bytes = Math.min(size, tick * (12e6 / rate));
          model.transfers.emit('update', { display: 'Alice', key: 'alice' }, { ...info, size, state: 'receiving', bytes, bytesPerSecond: 12e6, secondsLeft: (size - bytes) / 12e6 });
        }
        await new Promise((resolve) => setTimeout(resolve, rate > 0 ? 1000 / rate : 250));
      }
    },
    { rate, seconds },
  );
}
