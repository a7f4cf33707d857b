/**
 * The app as an installed one: a manifest with the icons phones and stores ask for, a service
 * worker that controls the page, and the app shell served with the server gone, saying it is
 * offline, with the history kept under the name readable.
 */
import * as assert from 'uvu/assert';
import { joinAs, messageIn, openApp } from '../../harness/app-page.ts';
import { startTestServer } from '../../harness/server.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { say } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: installable');

/** Width and height from a PNG's header (the IHDR chunk comes first). */
function pngSize(bytes: Uint8Array): { width: number; height: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.equal([...bytes.subarray(1, 4)], [...new TextEncoder().encode('PNG')], 'a PNG signature');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

test('the page links a manifest that parses, runs standalone and names PNG icons of the sizes asked for, maskable ones too', async () => {
  const page = await openApp(world.browser, world.server.url);
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  assert.ok(href, 'index.html links a manifest');
  const manifestUrl = new URL(href, world.server.url);
  const manifest = (await (await fetch(manifestUrl)).json()) as {
    name: string;
    display: string;
    theme_color: string;
    background_color: string;
    icons: Array<{ src: string; sizes: string; type: string; purpose?: string }>;
  };
  assert.is(manifest.name, 'Chat');
  assert.is(manifest.display, 'standalone');
  assert.match(manifest.theme_color, /^#[0-9a-f]{6}$/i);
  assert.match(manifest.background_color, /^#[0-9a-f]{6}$/i);
  const offered = new Set<string>();
  for (const icon of manifest.icons) {
    const response = await fetch(new URL(icon.src, manifestUrl));
    assert.is(response.status, 200, icon.src);
    const { width, height } = pngSize(new Uint8Array(await response.arrayBuffer()));
    assert.is(`${width}x${height}`, icon.sizes, `${icon.src} is as large as it says`);
    offered.add(`${icon.sizes} ${icon.purpose ?? 'any'}`);
  }
  for (const wanted of ['192x192 any', '512x512 any', '192x192 maskable', '512x512 maskable']) assert.ok(offered.has(wanted), wanted);
  await page.context().close();
});

test('with the server gone, a reload still shows the app, says it is offline, and the history is readable', async () => {
  // A server of its own, to stop; the page's origin is its port.
  const server = await startTestServer({ staticDir: 'dist' });
  const page = await openApp(world.browser, server.url);
  let serving = true;
  try {
    await joinAs(page, 'Alice');
    await say(page, 'kept for later');
    await messageIn(page, 'kept for later', 'sent').waitFor({ timeout: 5000 });
    // Installed: the worker is active, the app's files precached; after a reload it controls the page.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.reload();
    await page.getByRole('list', { name: 'Conversations' }).waitFor({ timeout: 5000 });
    assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'the service worker controls the page');

    await server.close();
    serving = false;
    await page.reload();
    await page.getByRole('status').or(page.locator('[aria-live]')).getByText(/offline/).waitFor({ timeout: 10_000 });
    await messageIn(page, 'kept for later').waitFor({ timeout: 5000 });
    assert.ok(await page.getByRole('button', { name: 'Reconnect' }).isVisible());
  } finally {
    await page.context().close();
    if (serving) await server.close();
  }
});

test.run();
