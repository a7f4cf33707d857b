/** Headless Chromium, driven by playwright-core. */
import { chromium, type Browser } from 'playwright-core';
import { findProgram } from './programs.ts';

export const chromiumPath = () => findProgram('Chromium', 'CHROMIUM_PATH', ['/usr/bin/chromium', '/usr/bin/chromium-browser']);

/** Launches headless Chromium with what WebRTC on loopback and fake media need. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Inside the loopback-only namespace, loopback is the only route between two pages.
  '--allow-loopback-in-peer-connection',
  '--use-fake-ui-for-media-stream',
  '--use-fake-device-for-media-stream',
];

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS });
}
