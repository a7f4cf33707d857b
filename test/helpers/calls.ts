/** Voice and video calls between two pages: ringing, the call's status, and proof that video arrives. */
import type { Page } from 'playwright-core';
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
