/**
 * The two sides of a transfer benchmark, in any pairing of browsers: bare pages for the raw
 * channel, and two people using the app. Each side has a window of its own, as each person's page
 * does: Chromium runs a renderer whose tab is not in front at a lower CPU priority (nice 5 against
 * 0), and Firefox a hidden page's timers slower.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { Browser as FirefoxBrowser } from 'puppeteer-core';
import type { AppDriver, BrowserName } from '../harness/app-driver.ts';
import { openApp } from '../harness/app-page.ts';
import { CHROMIUM_ARGS, launchChromium } from '../harness/chromium.ts';
import { chromiumApp } from '../harness/chromium-driver.ts';
import { launchFirefox } from '../harness/firefox.ts';
import { openFirefoxApp } from '../harness/firefox-driver.ts';

export type Pairing = readonly [sender: BrowserName, receiver: BrowserName];

/** Where each browser is installed (null: missing, and its pairings are left out). */
export type Executables = Record<BrowserName, string | null>;

export interface Side {
  app: AppDriver;
  /** The Playwright page, in Chromium: its JS heap can be read over CDP. WebDriver BiDi has no such figure. */
  chromiumPage?: Page;
}

export interface Sides {
  sender: Side;
  receiver: Side;
  /** Closes both, and the browsers started for them. */
  close(): Promise<void>;
}

/** Two bare pages at `url`, each in a fresh profile, in browsers started for them. */
export async function barePages(pairing: Pairing, url: string, executables: Executables, dir: string): Promise<Sides> {
  let chromiumBrowser: Promise<Browser> | undefined;
  let firefoxBrowser: Promise<FirefoxBrowser> | undefined;
  const open = async (browser: BrowserName): Promise<Side> => {
    if (browser === 'Firefox') return { app: await openFirefoxApp(await (firefoxBrowser ??= launchFirefox(executables.Firefox!)), url, dir) };
    const page = await openApp(await (chromiumBrowser ??= launchChromium(executables.Chromium!)), url);
    return { app: chromiumApp(page, dir), chromiumPage: page };
  };
  return bothSides(pairing, open, async () => {
    await (await chromiumBrowser)?.close();
    await (await firefoxBrowser)?.close();
  });
}

/**
 * Two people with the app open at `url`. In Chromium, a fresh on-disk profile, as people have (a
 * throwaway context's storage quota is too small for gigabytes), shared when both are there; in
 * Firefox, a Firefox started for them with a fresh profile, a user context each.
 */
export async function appPeople(pairing: Pairing, url: string, executables: Executables, dir: string): Promise<Sides> {
  const profile = mkdtempSync(join(dir, 'profile-'));
  let context: BrowserContext | undefined;
  let firefoxBrowser: Promise<FirefoxBrowser> | undefined;
  const open = async (browser: BrowserName): Promise<Side> => {
    if (browser === 'Firefox') return { app: await openFirefoxApp(await (firefoxBrowser ??= launchFirefox(executables.Firefox!)), url, dir) };
    let page: Page;
    if (context) {
      page = await pageInNewWindow(context, context.pages()[0]!);
    } else {
      context = await chromium.launchPersistentContext(profile, {
        executablePath: executables.Chromium!,
        headless: true,
        args: CHROMIUM_ARGS,
        permissions: ['camera', 'microphone'],
        viewport: { width: 1280, height: 800 },
      });
      page = context.pages()[0] ?? (await context.newPage());
    }
    await page.goto(url);
    return { app: chromiumApp(page, dir), chromiumPage: page };
  };
  return bothSides(pairing, open, async () => {
    await context?.close();
    await (await firefoxBrowser)?.close();
    rmSync(profile, { recursive: true, force: true });
  });
}

/** The sender's side, then the receiver's, opened one after the other. */
async function bothSides(pairing: Pairing, open: (browser: BrowserName) => Promise<Side>, close: () => Promise<void>): Promise<Sides> {
  const sender = await open(pairing[0]);
  return { sender, receiver: await open(pairing[1]), close };
}

/** A page in a new window of `context` (two tabs of one window would run one behind the other). */
async function pageInNewWindow(context: BrowserContext, from: Page): Promise<Page> {
  const session = await context.newCDPSession(from);
  const page = context.waitForEvent('page');
  await session.send('Target.createTarget', { url: 'about:blank', newWindow: true });
  await session.detach();
  return page;
}
