/** Headless Firefox (Debian's `firefox-esr`), driven by puppeteer-core over WebDriver BiDi. */
import { readFileSync } from 'node:fs';
import puppeteer, { type Browser } from 'puppeteer-core';
import { findProgram } from './programs.ts';

/**
 * Firefox's path, or null (the suite is skipped, loudly; an error under `CI=true`) where it is
 * missing or cannot connect a call here: Firefox gathers no ICE candidates at all unless some
 * interface has a default route, which `harness/netns-up.sh` gives the namespace of the suites and benchmarks with a veth pair.
 */
export function firefoxPath(): string | null {
  const path = findProgram('Firefox', 'FIREFOX_PATH', ['/usr/bin/firefox-esr', '/usr/bin/firefox']);
  if (!path || hasDefaultRoute()) return path;
  const message = 'Firefox gathers no ICE candidates without a default route (the veth pair harness/netns-up.sh makes is missing: is `ip link add … type veth` allowed here?)';
  if (process.env.CI === 'true') throw new Error(message);
  console.warn(`\n!!! SKIPPING: ${message}\n`);
  return null;
}

/** Whether the kernel's IPv4 routing table, as this process sees it, has a default route. */
function hasDefaultRoute(): boolean {
  try {
    // Columns: Iface Destination Gateway …; a default route has destination 00000000.
    return readFileSync('/proc/net/route', 'utf8').split('\n').slice(1).some((line) => line.split('\t')[1] === '00000000');
  } catch {
    return true; // not Linux: nothing to tell, and no namespace either
  }
}

/** What Firefox needs to run the app's calls headless, on a machine with no camera, microphone or sound card. */
export const FIREFOX_PREFS: Record<string, unknown> = {
  // A fake camera and microphone, granted without a prompt, as Chromium's flags give.
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  // Without a sound device an AudioContext never leaves 'suspended' (resume() never settles), and the
  // suites listen to the other side through one; the mock audio backend stands in for a device.
  'media.cubeb.force_mock_context': true,
};

/** The longest a single command to the browser may take: above the longest wait the drivers hand to the page. */
const PROTOCOL_TIMEOUT_MS = 120_000;

export async function launchFirefox(executablePath: string): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFS,
    protocolTimeout: PROTOCOL_TIMEOUT_MS,
  });
}
