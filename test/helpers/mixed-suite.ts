/** The world of the mixed-browser suites: a server, Chromium and Firefox, and people joined in either. */
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser as ChromiumBrowser } from 'playwright-core';
import type { Browser as FirefoxBrowser } from 'puppeteer-core';
import type { Test } from 'uvu';
import { suite } from './suite.ts';
import * as assert from 'uvu/assert';
import type { AppDriver, BrowserName } from '../../harness/app-driver.ts';
import { chromiumPath, launchChromium } from '../../harness/chromium.ts';
import { openChromiumApp } from '../../harness/chromium-driver.ts';
import { firefoxPath, launchFirefox } from '../../harness/firefox.ts';
import { openFirefoxApp } from '../../harness/firefox-driver.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import type { Config } from '../../signaling/config.ts';
import { scratchDir } from './scratch-dir.ts';

export interface MixedWorld {
  /** A real server serving the built client (`dist/`); a test that stops it starts it again with `restartServer`. */
  server: TestServer;
  /** Scratch space for the suite's files, deleted after it. */
  dir: string;
  /**
   * Opens the app in a fresh profile of `browser` and joins as `name`; or, while `name` has not
   * left, gives the page that did.
   */
  person(browser: BrowserName, name: string): Promise<AppDriver>;
  /** Starts the server again on the port it had, after a test stopped it. */
  restartServer(): Promise<void>;
  /** Closes these people's pages, after checking that none reported a page error. */
  leave(...people: AppDriver[]): Promise<void>;
}

/**
 * A uvu suite with a real server, and one Chromium and one Firefox, each started when the suite
 * first opens a page in it; all closed after the last test. Without either browser its tests are
 * registered as skipped (loudly; an error under `CI=true`).
 */
export function mixedSuite(title: string, overrides: Partial<Config> = {}): { test: Test; world: MixedWorld } {
  const test = suite(title);
  const chromium = chromiumPath();
  const firefox = firefoxPath();
  if (!chromium || !firefox) return { test: Object.assign(test.skip, test) as unknown as Test, world: {} as MixedWorld };
  const dir = scratchDir(test, 'e2e-mixed-');
  let launched: { Chromium?: Promise<ChromiumBrowser>; Firefox?: Promise<FirefoxBrowser> } = {};
  const open = new Map<string, AppDriver>();
  const world: MixedWorld = {
    server: undefined as unknown as TestServer,
    dir,
    async person(browser, name) {
      const present = open.get(name);
      if (present?.browser === browser) return present;
      await present?.close();
      const url = world.server.url;
      // A download folder each: the Firefox driver knows a saved file as the new one in it.
      const downloads = mkdtempSync(join(dir, 'downloads-'));
      const app =
        browser === 'Chromium'
          ? await openChromiumApp(await (launched.Chromium ??= launchChromium(chromium)), url, downloads)
          : await openFirefoxApp(await (launched.Firefox ??= launchFirefox(firefox)), url, downloads);
      open.set(name, app);
      await app.join(name);
      return app;
    },
    async restartServer() {
      world.server = await startTestServer({ staticDir: 'dist', ...overrides, port: world.server.port });
    },
    async leave(...people) {
      for (const person of people) {
        for (const [name, app] of open) if (app === person) open.delete(name);
        await person.close();
      }
      assert.equal(people.flatMap((person) => person.errors.map((error) => `${person.browser}: ${error}`)), []);
    },
  };
  test.before(async () => {
    world.server = await startTestServer({ staticDir: 'dist', ...overrides });
  });
  test.after(async () => {
    for (const person of open.values()) await person.close().catch(() => {});
    await (await launched.Chromium)?.close();
    await (await launched.Firefox)?.close();
    launched = {};
    await world.server?.close();
  });
  return { test, world };
}

/** Two names for the people of a pairing, told apart from other pairings' and saying where they are. */
export function pairNames(index: number, [first, second]: readonly [BrowserName, BrowserName]): [string, string] {
  const [a, b] = [['Ann', 'Bob'], ['Cat', 'Dov'], ['Eve', 'Fay'], ['Gus', 'Hal']][index % 4]!;
  return [`${a} on ${first}`, `${b} on ${second}`];
}
