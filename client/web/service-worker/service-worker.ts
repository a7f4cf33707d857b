/// <reference lib="webworker" />
/**
 * The app's service worker: the built app is precached (Workbox), so it opens with the server down,
 * and files shared from the system's share sheet are taken here and handed to the page.
 * A new version waits until the page says it may take over (`client/web/platform/app-updates.ts`).
 */
import { cleanupOutdatedCaches, createHandlerBoundToURL, precacheAndRoute } from 'workbox-precaching';
import { NavigationRoute, registerRoute } from 'workbox-routing';
import { SHARE_TARGET_PATH, SHARED_QUERY } from '../platform/share-target.ts';
import { keepSharedFiles } from '../platform/shared-files.ts';

declare const self: ServiceWorkerGlobalScope & { __WB_MANIFEST: Array<{ url: string; revision: string | null }> };

precacheAndRoute(self.__WB_MANIFEST);
cleanupOutdatedCaches();

// Every page address is the app; the server's own endpoints are not.
registerRoute(new NavigationRoute(createHandlerBoundToURL('index.html'), { denylist: [/^\/(ws|healthz|readyz|metrics)\b/] }));

registerRoute(
  ({ url }) => url.pathname === SHARE_TARGET_PATH,
  async ({ request }) => {
    const form = await request.formData();
    const files = form.getAll('files').filter((entry): entry is File => entry instanceof File);
    await keepSharedFiles(files);
    // 303: the browser follows with a GET, so a reload does not post the files again.
    return Response.redirect(`/?${SHARED_QUERY}`, 303);
  },
  'POST',
);

self.addEventListener('message', (event) => {
  if ((event.data as { type?: string } | null)?.type === 'SKIP_WAITING') void self.skipWaiting();
});
