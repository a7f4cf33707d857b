/**
 * A browser with no WebRTC at all (some in-app browsers, a locked-down policy): the page says so,
 * joining and Everyone work through the server, and the private conversation's controls say why
 * they cannot be used.
 */
import type { Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { joinAs, openApp } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { say } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: a browser without WebRTC');
let alice: Page, bob: Page;
const errors: string[] = [];

test.before(async () => {
  bob = await openApp(world.browser, world.server.url);
  await joinAs(bob, 'Bob');
  const context = await world.browser.newContext({ permissions: ['camera', 'microphone'] });
  await context.addInitScript(() => {
    const scope = window as unknown as Record<string, unknown>;
    delete scope.RTCPeerConnection;
    delete scope.webkitRTCPeerConnection;
  });
  alice = await context.newPage();
  alice.on('pageerror', (error) => errors.push(error.message));
  await alice.goto(world.server.url);
});

test('the page says plainly that private chats, files and calls need WebRTC, and Everyone still works', async () => {
  const notice = alice.getByRole('status').filter({ hasText: /WebRTC/ });
  await notice.first().waitFor({ timeout: 5000 });
  assert.match(await notice.first().innerText(), /Everyone/);
  await joinAs(alice, 'Alice');
  await alice.getByRole('status').filter({ hasText: /WebRTC/ }).first().waitFor({ timeout: 5000 });
  await bob.getByRole('listitem', { name: /^Alice/ }).waitFor({ timeout: 5000 });
  await say(alice, 'hello from a browser without WebRTC');
  await bob.getByRole('log').getByText('hello from a browser without WebRTC').waitFor({ timeout: 5000 });
  await say(bob, 'the room hears you');
  await alice.getByRole('log').getByText('the room hears you').waitFor({ timeout: 5000 });
});

test("Bob's private conversation: message box, Send file and both call buttons are disabled, and say why", async () => {
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
  const why = /WebRTC, which this browser does not offer/;
  await alice.getByRole('main').getByRole('status').filter({ hasText: why }).waitFor({ timeout: 5000 });
  for (const name of ['Send file', 'Voice call', 'Video call']) {
    const button = alice.getByRole('button', { name, exact: true });
    assert.ok(await button.isDisabled(), `${name} is disabled`);
    assert.match((await button.getAttribute('title')) ?? '', why, `${name} says why`);
  }
  const box = alice.getByRole('textbox', { name: 'Message' });
  assert.ok(await box.isDisabled(), 'the message box is disabled');
  assert.match((await box.getAttribute('placeholder')) ?? '', why);
  assert.equal(errors, [], 'no page errors');
});

test.run();
