/**
 * `npm run screenshots`: renders the main view with a little conversation in it and saves
 * docs/screenshot-desktop.png (1280×800) and docs/screenshot-phone.png (390×844), then a video
 * call (fake camera) as docs/screenshot-call.png and its incoming-call dialog as
 * docs/screenshot-ringing.png, all in the dark theme; and the main view in each theme as
 * docs/screenshot-light.png and docs/screenshot-dark.png. Not a test.
 */
import { chromium, type Page } from 'playwright-core';
import { joinAs, openApp } from '../harness/app-page.ts';
import { CHROMIUM_ARGS, chromiumPath } from '../harness/chromium.ts';
import { startTestServer } from '../harness/server.ts';
import { callStatus, remoteVideoPlays, ring } from './helpers/calls.ts';
import { say } from './helpers/page-actions.ts';

const executable = chromiumPath();
if (!executable) process.exit(1);
const server = await startTestServer({ staticDir: 'dist' });
const browser = await chromium.launch({ executablePath: executable, headless: true, args: CHROMIUM_ARGS.filter((a) => a !== '--disable-gpu') });

const people = await Promise.all(['Alice', 'Bob', 'Chloé', 'Dmitri', 'Zoë'].map(async (name) => {
  const page = await openApp(browser, server.url);
  await joinAs(page, name);
  return page;
}));
const [alice, bob, chloe] = people as [Page, Page, Page];
await say(chloe, 'Morning all! Standup notes are at https://example.com/notes');
await say(bob, 'Thanks Chloé 🙏');
await alice.getByRole('log').getByText('Thanks Chloé').waitFor();
await bob.getByRole('listitem', { name: /^Alice/ }).click();
await say(bob, 'Got a minute? I have the video from Saturday 🎉');
await alice.getByRole('listitem', { name: /^Bob/ }).click();
await alice.getByRole('log').getByText('Got a minute?').waitFor({ timeout: 15_000 });
await say(alice, 'Sure, send it over here — it goes straight to me, not through the server.');
await bob.getByRole('log').getByText('Sure, send it over').waitFor();
await alice.getByRole('log').locator('article[data-status="delivered"]').waitFor();
await say(bob, 'Perfect, one sec…');
await alice.getByRole('log').getByText('Perfect, one sec').waitFor();

for (const scheme of ['light', 'dark'] as const) {
  await alice.emulateMedia({ colorScheme: scheme });
  await alice.screenshot({ path: `docs/screenshot-${scheme}.png` });
}
await alice.screenshot({ path: 'docs/screenshot-desktop.png' });
await alice.setViewportSize({ width: 390, height: 844 });
await alice.screenshot({ path: 'docs/screenshot-phone.png' });
await alice.setViewportSize({ width: 1280, height: 800 });

await ring(bob, alice, 'Video call');
await alice.screenshot({ path: 'docs/screenshot-ringing.png' });
await alice.getByRole('alertdialog').getByRole('button', { name: 'Accept' }).click();
await callStatus(alice).getByText(/^In call · 0:0[2-9]/).waitFor({ timeout: 20_000 });
await remoteVideoPlays(alice);
await bob.getByRole('button', { name: 'Mute', exact: true }).click();
await alice.getByText('Bob is muted').waitFor();
await alice.screenshot({ path: 'docs/screenshot-call.png' });
console.log('saved docs/screenshot-{desktop,phone,ringing,call,light,dark}.png');
await browser.close();
await server.close();
