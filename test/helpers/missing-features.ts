/**
 * Browser features taken away from a test profile, to run the app as a browser without them would.
 * An init script reaches pages but not workers, so what the OPFS worker must lack is deleted by a
 * line put in front of the worker's script as it is served.
 */
import type { BrowserContext } from 'playwright-core';

/** Runs `statement` in the OPFS worker before its own code; resolves to how many times it was served. */
async function inOpfsWorker(context: BrowserContext, statement: string): Promise<() => number> {
  let served = 0;
  await context.route(/\/opfs-worker-[^/]*\.js$/, async (route) => {
    served++;
    const response = await route.fetch();
    await route.fulfill({ response, body: `${statement}\n${await response.text()}` });
  });
  return () => served;
}

/** OPFS without synchronous access handles (older Safari, some in-app browsers); returns how often the worker was served so. */
export function withoutSyncAccessHandles(context: BrowserContext): Promise<() => number> {
  return inOpfsWorker(context, 'delete FileSystemFileHandle.prototype.createSyncAccessHandle;');
}

/** No origin-private file system at all, in the page or its workers (some private modes and in-app browsers). */
export async function withoutOpfs(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    delete (StorageManager.prototype as Partial<StorageManager>).getDirectory;
  });
  await inOpfsWorker(context, 'delete StorageManager.prototype.getDirectory;');
}
