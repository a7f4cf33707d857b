/** Making a reader fall behind the server: for the tests of slow readers and skipped broadcasts. */
import type { WebSocket } from 'ws';
import { LIMITS } from '../../common/limits.ts';
import type { Config } from '../../signaling/config.ts';
import type { TestClient } from './ws-client.ts';

/** Every per-connection and shared rate lifted, so a test can push as fast as it likes. */
export const UNLIMITED = {
  broadcastsPerSecond: 1e6, broadcastBurst: 1e6, messagesPerSecond: 1e6, messageBurst: 1e6, bytesPerSecond: 1e9, byteBurst: 1e9,
  ipBroadcastsPerSecond: 1e6, ipBroadcastBurst: 1e6, serverBroadcastsPerSecond: 1e6, serverBroadcastBurst: 1e6,
} satisfies Partial<Config>;

/**
 * Stops reading `socket` at the TCP level, as a stalled tab would: the kernel's buffers fill, then
 * the server's own queue grows. Returns the function that reads again.
 */
export function stopReading(socket: WebSocket): () => void {
  const tcp = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  tcp.pause();
  return () => tcp.resume();
}

/** The longest broadcast there is, as UTF-8: 3 bytes a character. */
export const LONGEST_BROADCAST = '€'.repeat(LIMITS.maxBroadcastChars);

/**
 * Sends `count` of the longest broadcasts from `sender` (2000 are 24 MB: far more than the kernel's
 * socket buffers hold) and waits until the server has taken the last one.
 */
export async function floodBroadcasts(sender: TestClient, count = 2000): Promise<void> {
  for (let i = 0; i < count; i++) sender.send({ type: 'broadcast', id: `flood${i}`, text: LONGEST_BROADCAST });
  await sender.next('broadcast-ack', (ack) => ack.ref === `flood${count - 1}`, 30_000);
}
