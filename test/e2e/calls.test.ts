/** Voice and video calls between two (and three) Chromium pages with fake camera and microphone. */
import { chromium, type Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { joinAs, openApp } from '../../harness/app-page.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../../harness/chromium.ts';
import { audioIs } from '../../harness/in-page.ts';
import { browserSuite } from '../helpers/browser-suite.ts';
import { callStatus, remoteVideoPlays, ring } from '../helpers/calls.ts';
import { aliceAndBob } from '../helpers/page-actions.ts';
import { within } from '../helpers/timing.ts';

// A short ring, so the no-answer path takes seconds; every other test answers well within it.
const { test, world } = browserSuite('e2e: calls', { callTimeoutMs: 5000 });
let alice: Page, bob: Page;

test.before(async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
});

test.after.each(async () => {
  // Each test leaves both sides on an ended call; close its summary.
  for (const page of [alice, bob]) {
    const close = page.locator('call-panel').getByRole('button', { name: 'Close' });
    if (await close.isVisible()) await close.click();
  }
});

test('a video call rings, is accepted, and video plays on both sides', async () => {
  await ring(alice, bob, 'Video call');
  const dialog = bob.getByRole('alertdialog');
  assert.match(await dialog.innerText(), /Alice/);
  assert.match(await dialog.innerText(), /video call/i);
  await callStatus(alice).getByText('Ringing Bob…').waitFor({ timeout: 5000 });
  await dialog.getByRole('button', { name: 'Accept' }).click();
  await callStatus(alice).getByText(/^In call · \d+:\d\d · direct$/).waitFor({ timeout: 15_000 });
  await callStatus(bob).getByText(/^In call · \d+:\d\d · direct$/).waitFor({ timeout: 15_000 });
  assert.ok((await remoteVideoPlays(alice)) > 0, 'Alice sees Bob');
  assert.ok((await remoteVideoPlays(bob)) > 0, 'Bob sees Alice');
  // The picture says whose it is; Minimise folds it away without ending anything, and brings it back.
  await alice.locator('call-panel').getByText('Bob', { exact: true }).waitFor({ timeout: 2000 });
  const minimise = alice.getByRole('button', { name: 'Minimise' });
  await minimise.click();
  await alice.getByLabel('Remote video').waitFor({ state: 'hidden', timeout: 2000 });
  assert.is(await minimise.getAttribute('aria-pressed'), 'true');
  await minimise.click();
  await alice.getByLabel('Remote video').waitFor({ state: 'visible', timeout: 2000 });
});

test('the call panel moves: dragged by its Move handle, or by the arrow keys on it, and never off the screen', async () => {
  const panel = alice.locator('call-panel section');
  const move = alice.getByRole('button', { name: 'Move' });
  const at = async () => (await panel.boundingBox())!;
  const start = await at();
  const grip = (await move.boundingBox())!;
  await alice.mouse.move(grip.x + grip.width / 2, grip.y + grip.height / 2);
  await alice.mouse.down();
  await alice.mouse.move(grip.x + grip.width / 2 - 300, grip.y + grip.height / 2 + 200, { steps: 5 });
  await alice.mouse.up();
  const dragged = await at();
  assert.ok(Math.abs(dragged.x - (start.x - 300)) <= 2 && Math.abs(dragged.y - (start.y + 200)) <= 2, `dragged by (-300, 200): from ${start.x},${start.y} to ${dragged.x},${dragged.y}`);

  await move.focus();
  await alice.keyboard.press('ArrowLeft');
  assert.ok((await at()).x < dragged.x, 'the left arrow moves it left');

  // Dragged far past the top left corner, it stops at the edge of the window.
  const grip2 = (await move.boundingBox())!;
  await alice.mouse.move(grip2.x + 5, grip2.y + 5);
  await alice.mouse.down();
  await alice.mouse.move(-2000, -2000, { steps: 5 });
  await alice.mouse.up();
  const clamped = await at();
  assert.ok(clamped.x >= 0 && clamped.y >= 0, `still on screen at ${clamped.x},${clamped.y}`);
});

test('mute silences the outgoing audio track (the other side hears silence) and shows it there; unmute undoes both', async () => {
  assert.ok(await incomingAudio(bob, 'sound'), 'Bob hears Alice before she mutes');
  await alice.getByRole('button', { name: 'Mute', exact: true }).click();
  await bob.getByText('Alice is muted').waitFor({ timeout: 5000 });
  assert.is(await outgoingAudioEnabled(alice), false);
  assert.ok(await incomingAudio(bob, 'silence'), 'Bob hears silence from Alice');
  await alice.getByRole('button', { name: 'Unmute' }).click();
  await bob.getByText('Alice is muted').waitFor({ state: 'detached', timeout: 5000 });
  assert.is(await outgoingAudioEnabled(alice), true);
  assert.ok(await incomingAudio(bob, 'sound'), 'Bob hears Alice again');
});

test('camera off is shown to the other side; camera on brings the video back', async () => {
  await bob.getByRole('button', { name: 'Camera off' }).click();
  await alice.getByText("Bob's camera is off").first().waitFor({ timeout: 5000 });
  await bob.getByRole('button', { name: 'Camera on' }).click();
  await alice.getByText("Bob's camera is off").first().waitFor({ state: 'detached', timeout: 5000 });
  assert.ok((await remoteVideoPlays(alice)) > 0);
});

test('share screen sends the screen in place of the camera; stop sharing brings the camera back', async () => {
  // The fake camera is 4:3 and the fake screen 16:9, so the picture's shape tells which one Bob gets.
  await alice.getByRole('button', { name: 'Share screen' }).click();
  await alice.getByRole('button', { name: 'Stop sharing' }).waitFor({ timeout: 5000 });
  await remoteVideoShape(bob, 'wide');
  await alice.getByRole('button', { name: 'Stop sharing' }).click();
  await alice.getByRole('button', { name: 'Share screen' }).waitFor({ timeout: 5000 });
  await remoteVideoShape(bob, '4:3');
  assert.ok((await remoteVideoPlays(bob)) > 0);
});

test('hang up ends the call on both sides', async () => {
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await callStatus(alice).getByText('You hung up').waitFor({ timeout: 5000 });
  await callStatus(bob).getByText('Alice hung up').waitFor({ timeout: 5000 });
  // What stays until Close is a line, not the picture: the chat logs the call as well.
  assert.is(await bob.getByLabel('Remote video').count(), 0, 'the ended call shows no picture');
  await bob.locator('call-panel').getByRole('button', { name: 'Close' }).waitFor({ timeout: 2000 });
  // Both conversations keep a record of the call, with its length.
  await alice.getByRole('log').getByText(/Video call · \d+:\d\d$/).waitFor({ timeout: 5000 });
  await bob.getByRole('log').getByText(/Video call · \d+:\d\d$/).waitFor({ timeout: 5000 });
});

test('decline ends it on both sides', async () => {
  await ring(alice, bob, 'Voice call');
  await bob.getByRole('alertdialog').getByRole('button', { name: 'Decline' }).click();
  await callStatus(bob).getByText('You declined the call').waitFor({ timeout: 5000 });
  await callStatus(alice).getByText('Bob declined the call').waitFor({ timeout: 5000 });
  await alice.getByRole('log').getByText('Voice call · declined').waitFor({ timeout: 5000 });
});

test('the caller cancels while it rings: the dialog goes away and both say cancelled', async () => {
  await ring(alice, bob, 'Voice call');
  await alice.locator('call-panel').getByRole('button', { name: 'Cancel' }).click();
  await callStatus(alice).getByText('Call cancelled').waitFor({ timeout: 5000 });
  await callStatus(bob).getByText('Alice cancelled the call').waitFor({ timeout: 5000 });
  assert.is(await bob.getByRole('alertdialog').count(), 0);
});

test('nobody answers: after the ring timeout, no answer on one side and a missed call on the other', async () => {
  const missed = bob.getByRole('log').getByText('Missed voice call');
  const missedBefore = await missed.count();
  await ring(alice, bob, 'Voice call');
  await callStatus(alice).getByText('No answer from Bob').waitFor({ timeout: 10_000 });
  await callStatus(bob).getByText('Missed call from Alice (no answer)').waitFor({ timeout: 5000 });
  assert.is(await bob.getByRole('alertdialog').count(), 0);
  await missed.nth(missedBefore).waitFor({ timeout: 5000 });
});

test('both ring each other at once: one call, rung on one side, instead of two "busy"s', async () => {
  // Forced clicks: whichever ring lands first disables the other side's button, and that is fine too.
  await Promise.all([
    alice.getByRole('button', { name: 'Voice call', exact: true }).click({ force: true }),
    bob.getByRole('button', { name: 'Voice call', exact: true }).click({ force: true }),
  ]);
  const rung = await within(10_000, 'one incoming-call dialog', Promise.race([
    alice.getByRole('alertdialog').waitFor().then(() => alice),
    bob.getByRole('alertdialog').waitFor().then(() => bob),
  ]));
  const caller = rung === alice ? bob : alice;
  assert.is(await caller.getByRole('alertdialog').count(), 0);
  await rung.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await callStatus(caller).getByText(/^In call/).waitFor({ timeout: 15_000 });
  await callStatus(rung).getByText(/^In call/).waitFor({ timeout: 5000 });
  await caller.getByRole('button', { name: 'Hang up' }).click();
  await callStatus(rung).getByText(/hung up$/).waitFor({ timeout: 5000 });
});

test('calling someone already in a call: the caller hears busy, the running call goes on', async () => {
  const carol = await openApp(world.browser, world.server.url);
  await joinAs(carol, 'Carol');
  await carol.getByRole('listitem', { name: /^Bob/ }).click();
  await ring(alice, bob, 'Voice call');
  await bob.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await callStatus(bob).getByText(/^In call/).waitFor({ timeout: 15_000 });
  // A voice call shows who is on the line and a running timer.
  assert.is(await alice.locator('call-panel').getByRole('heading').innerText(), 'Bob');
  await callStatus(alice).getByText(/^In call · 0:0[1-9] · direct$/).waitFor({ timeout: 5000 });
  await carol.getByRole('button', { name: 'Voice call', exact: true }).click();
  await callStatus(carol).getByText('Bob is busy in another call').waitFor({ timeout: 5000 });
  assert.match(await callStatus(bob).innerText(), /^In call/);
  assert.match(await callStatus(alice).innerText(), /^In call/);
  await carol.context().close();
  await bob.getByRole('button', { name: 'Hang up' }).click();
  await callStatus(alice).getByText('Bob hung up').waitFor({ timeout: 5000 });
});

test('closing the tab mid-call ends it on the other side', async () => {
  const carol = await openApp(world.browser, world.server.url);
  await joinAs(carol, 'Carol');
  await carol.getByRole('listitem', { name: /^Alice/ }).click();
  await alice.getByRole('listitem', { name: /^Carol/ }).click();
  await ring(carol, alice, 'Video call');
  await alice.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await callStatus(alice).getByText(/^In call/).waitFor({ timeout: 15_000 });
  await carol.close({ runBeforeUnload: true });
  await callStatus(alice).getByText('Carol hung up').waitFor({ timeout: 10_000 });
  await carol.context().close();
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
});

test('without camera/microphone permission the call never rings, and both sides of a refused answer say why', async () => {
  const dave = await pageWithoutMedia();
  await joinAs(dave, 'Dave');
  await dave.getByRole('listitem', { name: /^Alice/ }).click();
  await dave.getByRole('button', { name: 'Video call', exact: true }).click();
  await callStatus(dave).getByText('No microphone/camera permission').waitFor({ timeout: 5000 });
  assert.is(await alice.getByRole('alertdialog').count(), 0, 'nobody was disturbed');
  await dave.locator('call-panel').getByRole('button', { name: 'Close' }).click();

  await alice.getByRole('listitem', { name: /^Dave/ }).click();
  await ring(alice, dave, 'Voice call');
  await dave.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await callStatus(dave).getByText('No microphone/camera permission').waitFor({ timeout: 5000 });
  await callStatus(alice).getByText('Dave has no microphone/camera permission').waitFor({ timeout: 5000 });
  await dave.context().close();
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
});

test('the other side vanishes mid-call (its browser killed): the call ends as connection lost', async () => {
  // Its own browser process, killed without a chance to say goodbye.
  const server = await chromium.launchServer({ executablePath: chromiumPath()!, headless: true, args: CHROMIUM_ARGS });
  const erin = await openApp(await chromium.connect(server.wsEndpoint()), world.server.url);
  await joinAs(erin, 'Erin');
  await erin.getByRole('listitem', { name: /^Alice/ }).click();
  await ring(erin, alice, 'Voice call');
  await alice.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  await callStatus(alice).getByText(/^In call/).waitFor({ timeout: 15_000 });
  server.process().kill('SIGKILL');
  await callStatus(alice).getByText('Connection lost').waitFor({ timeout: 30_000 });
  await alice.getByRole('listitem', { name: /^Bob/ }).click();
});

/**
 * A page in a browser that refuses every permission prompt, as when the user clicks "Block": its
 * own Chromium, since the fake media UI of the shared one says yes to everything.
 */
async function pageWithoutMedia(): Promise<Page> {
  const args = CHROMIUM_ARGS.filter((arg) => arg !== '--use-fake-ui-for-media-stream');
  const browser = await chromium.launch({ executablePath: chromiumPath()!, headless: true, args: [...args, '--deny-permission-prompts'] });
  const page = await browser.newPage();
  page.context().on('close', () => void browser.close());
  await page.goto(world.server.url);
  return page;
}

/** Whether the audio arriving with the `Remote video` is `want` within 10 s (see `audioIs`). */
function incomingAudio(page: Page, want: 'sound' | 'silence'): Promise<boolean> {
  return page.getByLabel('Remote video').evaluate(audioIs, want);
}

/** Resolves once the remote picture is 4:3 (a camera) or wider than 3:2 (a screen). */
function remoteVideoShape(page: Page, shape: '4:3' | 'wide'): Promise<void> {
  return within(10_000, `a ${shape} remote picture`, page.getByLabel('Remote video').evaluate(async (video: HTMLVideoElement, shape) => {
    for (;;) {
      const ratio = video.videoWidth / video.videoHeight;
      if (shape === 'wide' ? ratio > 1.5 : Math.abs(ratio - 4 / 3) < 0.01) return;
      await new Promise((resolve) => video.addEventListener('resize', resolve, { once: true }));
    }
  }, shape));
}

/** Whether the microphone track the page sends is enabled (a disabled track sends silence). */
function outgoingAudioEnabled(page: Page): Promise<boolean> {
  return page.getByLabel('Your camera').evaluate((video: HTMLVideoElement) => (video.srcObject as MediaStream).getAudioTracks()[0]!.enabled);
}

test.run();
