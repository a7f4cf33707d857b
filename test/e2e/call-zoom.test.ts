/**
 * At 200 % zoom (a 1280×800 window is then 640×400 CSS pixels) the call panel's controls stay on
 * screen: Hang up during a video call, and Close once it has ended.
 */
import type { Locator, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { browserSuite } from '../helpers/browser-suite.ts';
import { callStatus, ring } from '../helpers/calls.ts';
import { aliceAndBob } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: call panel at 200 % zoom');

async function onScreen(page: Page, control: Locator, name: string): Promise<void> {
  const box = await control.boundingBox();
  const viewport = page.viewportSize()!;
  assert.ok(box, `${name} is laid out`);
  assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `${name} (y ${box.y}–${box.y + box.height}) within the ${viewport.height} px viewport`);
}

test('a video call at 640×400: Hang up is on screen, and Close after the call ends', async () => {
  const [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
  await alice.setViewportSize({ width: 640, height: 400 });
  await ring(alice, bob, 'Video call');
  await bob.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await callStatus(alice).getByText(/^In call/).waitFor({ timeout: 20_000 });
  await onScreen(alice, alice.getByRole('button', { name: 'Hang up' }), 'Hang up');
  await bob.getByRole('button', { name: 'Hang up' }).click();
  const close = alice.getByRole('button', { name: 'Close' });
  await close.waitFor({ timeout: 10_000 });
  await onScreen(alice, close, 'Close');
  await alice.context().close();
  await bob.context().close();
});

test.run();
