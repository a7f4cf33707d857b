/**
 * A call's sound and picture play even where the browser does not start them by itself: Firefox
 * now and then leaves an `autoplay` element with a live stream paused, and Safari on a phone plays
 * sound only from a tap.
 */
import * as assert from 'uvu/assert';
import type { Page } from 'playwright-core';
import { joinAs, openApp } from '../../harness/app-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { callStatus, remoteVideoPlays, ring } from '../helpers/calls.ts';

const { test, world } = browserSuite('e2e: calls that play where autoplay does not');

/**
 * Run in the page before the app: media elements ignore `autoplay`, and `play()` is refused
 * (NotAllowedError) unless it is called while a real click is being handled, as on iOS Safari.
 */
function refuseAutoplay(): void {
  let inTrustedClick = false;
  addEventListener('click', (event) => (inTrustedClick = event.isTrusted), { capture: true });
  addEventListener('click', () => (inTrustedClick = false));
  const srcObject = Object.getOwnPropertyDescriptor(HTMLMediaElement.prototype, 'srcObject')!;
  Object.defineProperty(HTMLMediaElement.prototype, 'srcObject', {
    ...srcObject,
    set(this: HTMLMediaElement, stream: MediaStream | null) {
      this.removeAttribute('autoplay');
      srcObject.set!.call(this, stream);
    },
  });
  const play = HTMLMediaElement.prototype.play;
  HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
    if (!this.muted && !inTrustedClick) return Promise.reject(new DOMException('play() needs a tap here', 'NotAllowedError'));
    return play.call(this);
  };
}

async function person(name: string, { strictAutoplay = false } = {}): Promise<Page> {
  const page = await openApp(world.browser, world.server.url);
  if (strictAutoplay) {
    await page.addInitScript(refuseAutoplay);
    await page.reload();
  }
  await joinAs(page, name);
  return page;
}

async function videoCall(caller: Page, callee: Page, calleeName: string, callerName: string): Promise<void> {
  await caller.getByRole('listitem', { name: new RegExp(`^${calleeName}`) }).click();
  await callee.getByRole('listitem', { name: new RegExp(`^${callerName}`) }).click();
  await ring(caller, callee, 'Video call');
  await callee.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  for (const page of [caller, callee]) await callStatus(page).getByText(/^In call/).waitFor({ timeout: 15_000 });
}

test('a remote video that stops playing during a call is started again', async () => {
  const [alice, bob] = [await person('Alice'), await person('Bob')];
  await videoCall(alice, bob, 'Bob', 'Alice');
  await remoteVideoPlays(bob);
  const paused = await bob.getByLabel('Remote video').evaluate((video: HTMLVideoElement) => {
    video.pause();
    return video.paused;
  });
  assert.ok(paused, 'the remote video was paused');
  assert.ok((await remoteVideoPlays(bob)) > 0, 'new frames are shown again');
  await bob.getByLabel('Remote video').evaluate((video: HTMLVideoElement) => {
    if (video.paused) throw new Error('the remote video is still paused');
  });
});

test('where sound plays only from a tap, the call says so with a "Play call" button, and one tap plays it', async () => {
  const [carol, dave] = [await person('Carol'), await person('Dave', { strictAutoplay: true })];
  await videoCall(carol, dave, 'Dave', 'Carol');
  const playCall = dave.locator('call-panel').getByRole('button', { name: 'Play call' });
  await playCall.waitFor({ timeout: 10_000 });
  await playCall.click();
  await playCall.waitFor({ state: 'detached', timeout: 5000 });
  assert.ok((await remoteVideoPlays(dave)) > 0, 'new frames are shown after the tap');
  await dave.getByLabel('Remote video').evaluate((video: HTMLVideoElement) => {
    if (video.paused) throw new Error('the remote video is still paused');
  });
});

test.run();
