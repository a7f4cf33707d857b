/** Where the system's share sheet posts files (the manifest's `share_target`), and where the app is then opened. */
export const SHARE_TARGET_PATH = '/share-target';
/** The query the service worker sends the page to once it has kept the shared files. */
export const SHARED_QUERY = 'shared';
