/**
 * A phone suspends a backgrounded page and its WebSocket dies without a close event; the page comes
 * back visible, restored from the back/forward cache, or resumed from frozen (each event fired as
 * the browser fires it; headless Chromium has no phone to suspend it). Alice's page reaches
 * the server through a proxy that silences her socket (nothing passes, nothing is closed); the
 * server drops her after two missed pongs and holds her name for her token. Each way of coming back
 * must bring her back in, without a reload.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { fileCard, joinAs, messageIn, openApp, sendFiles } from '../../harness/app-page.ts';
import { sha256File } from '../../harness/sha256.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { metricTotal } from '../helpers/metrics.ts';
import { say, saveFile } from '../helpers/page-actions.ts';
import { silencingProxy, type SilencingProxy } from '../helpers/silencing-proxy.ts';
import { until } from '../helpers/timing.ts';

// A short heartbeat, so the server notices the dead socket within a second; sessions here are
// young, and a phone's would be old enough to keep its name.
const { test, world } = browserSuite('e2e: back from the background', { heartbeatMs: 300, resumeMinSessionMs: 0 });
let proxy: SilencingProxy;
let alice: Page, bob: Page;
const dir = mkdtempSync(join(tmpdir(), 'p2p-background-'));

test.before(async () => {
  proxy = await silencingProxy(world.server);
  alice = await openApp(world.browser, proxy.url);
  await joinAs(alice, 'Alice');
  bob = await openApp(world.browser, world.server.url);
  await joinAs(bob, 'Bob');
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  await say(alice, 'before the phone sleeps');
  await messageIn(alice, 'before the phone sleeps', 'delivered').waitFor({ timeout: 15_000 });
  await alice.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
});

test.after(async () => {
  await proxy.close();
});

/** Sets what `document.visibilityState` says and fires `visibilitychange`, as the browser does. */
async function setVisibility(page: Page, state: 'hidden' | 'visible'): Promise<void> {
  // A string, not a function: tsx would name the getters with a helper the page does not have.
  await page.evaluate(`
    Object.defineProperty(document, 'visibilityState', { configurable: true, value: '${state}' });
    Object.defineProperty(document, 'hidden', { configurable: true, value: ${state === 'hidden'} });
    document.dispatchEvent(new Event('visibilitychange'));
  `);
}

/**
 * Alice's page listens for its next welcome: Bob's broadcasts reach her only once she is back (none
 * are kept for the absent), so he waits for it before writing.
 */
async function awaitRejoin(): Promise<void> {
  await alice.evaluate(() => {
    const model = document.querySelector('chat-app')!.model;
    (window as unknown as { rejoined: Promise<unknown> }).rejoined = model.signaling.next('state', (state) => state === 'joined');
  });
}

/** Alice's socket goes silent, and the server drops her for missing its pings (only Bob is left connected). */
async function socketDiesUnnoticed(): Promise<void> {
  assert.is(proxy.silenceWebSockets(), 1, "Alice's socket was silenced");
  await until(5000, 'the server to drop the silent socket', async () => (await metricTotal(world.server.url, 'chat_connections')) === 1);
}

/** Alice is back in: each sees the other online, broadcasts go both ways, a private message too, and the page was never reloaded. */
async function aliceIsBackIn(tag: string): Promise<void> {
  const timeout = 10_000;
  await alice.evaluate((timeout) => Promise.race([
    (window as unknown as { rejoined: Promise<unknown> }).rejoined,
    new Promise((_, reject) => setTimeout(() => reject(new Error('Alice did not rejoin')), timeout)),
  ]), timeout);
  await bob.getByRole('listitem', { name: /^Alice/ }).getByText('online').waitFor({ timeout });
  await alice.getByRole('listitem', { name: /^Bob/ }).getByText('online').waitFor({ timeout });
  await alice.getByRole('listitem', { name: /^Everyone/ }).click();
  await bob.getByRole('listitem', { name: /^Everyone/ }).click();
  await say(bob, `welcome back (${tag})`);
  await alice.getByRole('log').getByText(`welcome back (${tag})`).waitFor({ timeout });
  await say(alice, `everyone, Alice is back (${tag})`);
  await bob.getByRole('log').getByText(`everyone, Alice is back (${tag})`).waitFor({ timeout });
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
  await bob.getByRole('listitem', { name: /^Alice/ }).click();
  await say(alice, `privately back (${tag})`);
  await bob.getByRole('log').getByText(`privately back (${tag})`).waitFor({ timeout });
  assert.ok(await alice.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), 'the page was not reloaded');
}

test('hidden, its socket dies unnoticed; made visible again, the page rejoins', async () => {
  await awaitRejoin();
  await setVisibility(alice, 'hidden');
  await socketDiesUnnoticed();
  await setVisibility(alice, 'visible');
  await aliceIsBackIn('visible');
});

test('its socket dies unnoticed; restored from the back/forward cache (pageshow, persisted), the page rejoins', async () => {
  await awaitRejoin();
  await alice.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: true })));
  await socketDiesUnnoticed();
  await alice.evaluate(() => window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true })));
  await aliceIsBackIn('pageshow');
});

test('frozen, its socket dies unnoticed; resumed (the resume event), the page rejoins', async () => {
  await awaitRejoin();
  await alice.evaluate(() => document.dispatchEvent(new Event('freeze')));
  await socketDiesUnnoticed();
  await alice.evaluate(() => document.dispatchEvent(new Event('resume')));
  await aliceIsBackIn('resume');
});

test('a file Alice is receiving completes, byte-identical, after her page is hidden mid-transfer, its socket dies unnoticed, and it rejoins', async () => {
  const name = 'while-away.bin';
  const original = join(dir, name);
  writeFileSync(original, randomBytes(32 * 1024 * 1024));
  await sendFiles(bob, original);
  const card = fileCard(alice, name);
  await card.getByRole('button', { name: 'Accept' }).click({ timeout: 15_000 });
  await card.getByText(/Receiving/).waitFor({ timeout: 15_000 });
  await awaitRejoin();
  await setVisibility(alice, 'hidden');
  await socketDiesUnnoticed();
  await setVisibility(alice, 'visible');
  const saved = await saveFile(alice, card, dir);
  assert.is(await sha256File(saved.path), await sha256File(original));
  await aliceIsBackIn('transfer');
});

test.run();
