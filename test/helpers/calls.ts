/** Voice and video calls between two pages: ringing, the call's status, and proof that video arrives. */
import type { Locator, Page } from 'playwright-core';
import * as assert from 'uvu/assert';
import { recordPlayback, type PlaybackRecord, type PlaybackWatch } from '../../harness/playback.ts';
import { within } from './timing.ts';

/** The call's status line (`role="status"` inside the call panel). */
export function callStatus(page: Page) {
  return page.locator('call-panel').getByRole('status');
}

/**
 * Watches the `Remote video` element paint five frames and resolves with how many of them were new
 * (by the presented-frames counter): it settles only if video is really arriving and being decoded.
 */
export async function remoteVideoPlays(page: Page): Promise<number> {
  const video = page.getByLabel('Remote video');
  // No named functions inside: tsx would wrap them in a helper the page does not have.
  return within(15_000, 'remote video frames', video.evaluate(async (element: HTMLVideoElement) => {
    const presented: number[] = [];
    while (presented.length < 5) {
      presented.push(await new Promise<number>((resolve) => element.requestVideoFrameCallback((_, frame) => resolve(frame.presentedFrames))));
    }
    // The counter restarts when the picture changes size, so count the steps rather than subtract.
    return presented.filter((count, i) => i > 0 && count !== presented[i - 1]).length;
  }));
}

/** Alice (in her chat with Bob) rings him; Bob sees the incoming-call dialog. */
export async function ring(caller: Page, callee: Page, kind: 'Voice call' | 'Video call'): Promise<void> {
  await caller.getByRole('button', { name: kind, exact: true }).click();
  await callee.getByRole('alertdialog').waitFor({ timeout: 10_000 });
}

/** The call panel's media elements: the other side's video (with their sound), our preview, and a voice call's audio. */
const MEDIA = {
  'Remote video': (page: Page) => page.getByLabel('Remote video'),
  'Your camera': (page: Page) => page.getByLabel('Your camera'),
  'remote audio': (page: Page) => page.locator('call-panel audio'),
} satisfies Record<string, (page: Page) => Locator>;

/** How the steady-playback suites watch a media element: 3 s, sampled every 100 ms. */
export const STEADY_WATCH: PlaybackWatch = { durationMs: 3000, everyMs: 100 };

/** Watches one of the call panel's media elements (for `STEADY_WATCH` unless told). */
export function samplePlayback(page: Page, which: keyof typeof MEDIA, watch = STEADY_WATCH): Promise<PlaybackRecord> {
  return within(watch.durationMs + 10_000, `${which} samples`, MEDIA[which](page).evaluate(recordPlayback, watch));
}

/**
 * Resolves once a voice call's audio element has data and is not paused (the `playing` event), so
 * sampling starts on something that plays.
 */
export function remoteAudioPlays(page: Page): Promise<void> {
  return within(15_000, 'remote audio playing', MEDIA['remote audio'](page).evaluate((audio: HTMLAudioElement) =>
    audio.readyState >= 2 && !audio.paused ? undefined : new Promise<void>((resolve) => audio.addEventListener('playing', () => resolve(), { once: true }))));
}

/**
 * Fails unless `record` shows an element that played steadily: `currentTime` never went back and
 * moved on overall, `readyState` never fell below HAVE_CURRENT_DATA (2), and nothing reloaded it.
 * The message lists the samples, so a failure shows where it restarted.
 */
export function assertPlaysSteadily(record: PlaybackRecord, what: string): void {
  const { samples, reloads } = record;
  const detail = `samples: ${samples.map((s) => `${s.at}ms ${s.currentTime.toFixed(2)}s rs${s.readyState}${s.paused ? ' paused' : ''}`).join(', ')}; reload events: ${
    reloads.map((r) => `${r.type}@${r.at}ms`).join(', ') || 'none'
  }`;
  const back = samples.findIndex((s, i) => i > 0 && s.currentTime < samples[i - 1]!.currentTime);
  const low = samples.find((s) => s.readyState < 2);
  assert.ok(back === -1, `${what}: currentTime went back at ${samples[back]?.at} ms — ${detail}`);
  assert.ok(!low, `${what}: readyState ${low?.readyState} at ${low?.at} ms — ${detail}`);
  assert.is(reloads.length, 0, `${what}: reloaded — ${detail}`);
  assert.ok(samples.at(-1)!.currentTime > samples[0]!.currentTime, `${what}: did not play on — ${detail}`);
}
