import type { StoredMessage } from '../chat/stored-message.ts';
import { formatTime } from './format.ts';

/** `You missed 12 messages to everyone (10:01–10:02): …`, for the notice the server's `missed` frame leaves in Everyone. */
export function describeMissed({ broadcasts, since, until }: NonNullable<StoredMessage['missed']>): string {
  const [from, to] = [formatTime(since), formatTime(until)];
  const when = from === to ? `at ${from}` : `${from}–${to}`;
  const what = broadcasts === 1 ? 'a message' : `${broadcasts} messages`;
  return `You missed ${what} to everyone (${when}): this device fell behind reading them, so the server skipped it.`;
}
