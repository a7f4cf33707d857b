import type { Browser } from 'playwright-core';
import type { Test } from 'uvu';
import { suite } from './suite.ts';
import { chromiumPath, launchChromium } from '../../harness/chromium.ts';
import { startTestServer, type TestServer } from '../../harness/server.ts';
import type { Config } from '../../signaling/config.ts';

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
