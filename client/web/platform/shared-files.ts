import { openDB } from 'idb';

/**
 * Files shared to the app from the system's share sheet: the service worker keeps them in IndexedDB
 * (a page may not be open yet), the page takes them once.
 */
const DATABASE = 'shared-files';
const STORE = 'pending';
const KEY = 'files';

function openShared() {
  return openDB(DATABASE, 1, { upgrade: (db) => void db.createObjectStore(STORE) });
}

/** Keeps `files` for the page, in place of any shared earlier and not taken. */
export async function keepSharedFiles(files: File[]): Promise<void> {
  const db = await openShared();
  await db.put(STORE, files, KEY);
  db.close();
}

/** The files kept by the share target, forgotten as they are taken; none when nothing was shared. */
export async function takeSharedFiles(): Promise<File[]> {
  const db = await openShared();
  const transaction = db.transaction(STORE, 'readwrite');
  const files = ((await transaction.store.get(KEY)) as File[] | undefined) ?? [];
  await transaction.store.delete(KEY);
  await transaction.done;
  db.close();
  return files;
}
