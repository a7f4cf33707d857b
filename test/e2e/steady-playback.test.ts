/**
 * A running call plays on without restarting: its media elements are watched for 3 s, sampled every
 * 100 ms, while the call timer ticks (the panel renders again every second).
 */
import type { Page } from 'playwright-core';
import { browserSuite } from '../helpers/browser-suite.ts';
import { assertPlaysSteadily, callStatus, remoteAudioPlays, remoteVideoPlays, ring, samplePlayback } from '../helpers/calls.ts';
import { aliceAndBob } from '../helpers/page-actions.ts';

const { test, world } = browserSuite('e2e: steady playback');
let alice: Page, bob: Page;

test.before(async () => {
  [alice, bob] = await aliceAndBob(world.browser, world.server.url, { chatting: true });
});

test.after.each(async () => {
  await alice.getByRole('button', { name: 'Hang up' }).click();
  await callStatus(bob).getByText('Alice hung up').waitFor({ timeout: 5000 });
  for (const page of [alice, bob]) await page.locator('call-panel').getByRole('button', { name: 'Close' }).click();
});

/** Alice rings Bob with `kind`, he accepts, and both say they are in the call. */
async function startCall(kind: 'Voice call' | 'Video call'): Promise<void> {
  await ring(alice, bob, kind);
  await bob.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
  for (const page of [alice, bob]) await callStatus(page).getByText(/^In call/).waitFor({ timeout: 15_000 });
}

test('in a video call, the remote video and the camera preview play on for 3 s on both sides: time never goes back, never below HAVE_CURRENT_DATA, never reloaded', async () => {
  await startCall('Video call');
  await remoteVideoPlays(alice);
  await remoteVideoPlays(bob);
  const [aliceRemote, aliceLocal, bobRemote, bobLocal] = await Promise.all([
    samplePlayback(alice, 'Remote video'),
    samplePlayback(alice, 'Your camera'),
    samplePlayback(bob, 'Remote video'),
    samplePlayback(bob, 'Your camera'),
  ]);
  assertPlaysSteadily(aliceRemote, "Bob's video at Alice's");
  assertPlaysSteadily(bobRemote, "Alice's video at Bob's");
  assertPlaysSteadily(aliceLocal, "Alice's camera preview");
  assertPlaysSteadily(bobLocal, "Bob's camera preview");
});

test('in a voice call, the remote audio plays on for 3 s on both sides: time never goes back, never below HAVE_CURRENT_DATA, never reloaded', async () => {
  await startCall('Voice call');
  await remoteAudioPlays(alice);
  await remoteAudioPlays(bob);
  const [atAlice, atBob] = await Promise.all([samplePlayback(alice, 'remote audio'), samplePlayback(bob, 'remote audio')]);
  assertPlaysSteadily(atAlice, "Bob's audio at Alice's");
  assertPlaysSteadily(atBob, "Alice's audio at Bob's");
});

test.run();
