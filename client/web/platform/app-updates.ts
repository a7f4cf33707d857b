/// <reference types="vite-plugin-pwa/client" />
import { registerSW } from 'virtual:pwa-register';

/** How often a tab left open asks the server whether a new version is out. */
const CHECK_EVERY_MS = 60 * 60_000;

/**
 * Registers the service worker, which keeps the app for offline use, and keeps the page on the
 * newest version without the user clearing anything: a new version found takes over and the page
 * reloads into it, but only once `whenIdle` resolves, so a running transfer or call is never cut.
 * The same holds when another tab of the app let the new version take over.
 */
export function keepAppUpdated(whenIdle: () => Promise<void>): void {
  if (!('serviceWorker' in navigator)) return;
  const takeOver = registerSW({
    immediate: true,
    onNeedRefresh: () => void whenIdle().then(() => takeOver()),
    onNeedReload: () => void whenIdle().then(() => location.reload()),
    onRegisteredSW: (_url, registration) => {
      if (registration) setInterval(() => void registration.update().catch(() => {}), CHECK_EVERY_MS);
    },
  });
}
