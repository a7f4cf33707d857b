import { msg, str } from '@lit/localize';
import { formatSize } from '../ui/units.ts';

/**
 * What this browser offers beyond a WebSocket, detected once as the app loads. Every feature the
 * README's browser support table lists is read here, so the UI can say what is missing instead of
 * failing when it is used.
 */
export const capabilities = {
  /**
   * Private chats, files and calls (RTCPeerConnection and its data channels). Some in-app browsers
   * and locked-down policies have none: joining and Everyone, which go through the server, still work.
   */
  peerToPeer: typeof globalThis.RTCPeerConnection === 'function',
  /** Camera and microphone for calls (getUserMedia; only in secure contexts). */
  calls: typeof navigator.mediaDevices?.getUserMedia === 'function',
  /** Sharing a screen in a video call (getDisplayMedia: desktop browsers, not phones). */
  screenShare: typeof navigator.mediaDevices?.getDisplayMedia === 'function',
  /**
   * Where received files are kept: on disk in the origin-private file system (OPFS), written as they
   * arrive; or, in a browser without one, in memory up to `IN_MEMORY_FILE_LIMIT`.
   */
  receivedFiles: typeof navigator.storage?.getDirectory === 'function' ? 'disk' : 'memory',
  /** Notifications while the page is in the background. */
  notifications: 'Notification' in globalThis,
} as const;

/**
 * The largest file received into memory (where there is no OPFS). Phones are the browsers likely to
 * lack it, and iOS Safari has crashed holding files around 200 MB in other file-drop apps.
 */
export const IN_MEMORY_FILE_LIMIT = 200 * 1024 * 1024;

/** On an offer too large to keep in memory, before Accept (and on the disabled Accept). */
export function tooLargeForMemoryText(): string {
  return msg(str`Too large for this browser: up to ${formatSize(IN_MEMORY_FILE_LIMIT)} can be received here.`, { id: 'capabilities.too-large-for-memory' });
}

/** On a file received into memory: a reload loses it. */
export function keptInMemoryText(): string {
  return msg('Kept in memory in this browser: save it before you reload or leave this page.', { id: 'capabilities.kept-in-memory' });
}

/** Why private conversations cannot be used here, shown on the page and on each disabled control. */
export function noPeerToPeerText(): string {
  return msg('Private chats, files and calls need WebRTC, which this browser does not offer. Everyone works: it goes through the server.', { id: 'capabilities.no-peer-to-peer' });
}

/** Why calls cannot be made here, on the call buttons. */
export function noCallsText(): string {
  return msg('Calls need a camera and microphone, which this browser does not offer to this page (it needs a secure connection: https).', { id: 'capabilities.no-calls' });
}
