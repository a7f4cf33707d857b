import { msg, str } from '@lit/localize';
import type { StoredMessage } from '../chat/stored-message.ts';
import { formatTime } from './format.ts';
import { plural } from './i18n.ts';

/** `You missed 12 messages to everyone (10:01–10:02): …`, for the notice the server's `missed` frame leaves in Everyone. */
export function describeMissed({ broadcasts, since, until }: NonNullable<StoredMessage['missed']>): string {
  const [from, to] = [formatTime(since), formatTime(until)];
  const when = from === to ? msg(str`at ${from}`, { id: 'missed-text.at' }) : `${from}–${to}`;
  return plural(broadcasts, {
    one: msg(str`You missed a message to everyone (${when}): this device fell behind reading them, so the server skipped it.`, { id: 'missed-text.one' }),
    other: msg(str`You missed ${broadcasts} messages to everyone (${when}): this device fell behind reading them, so the server skipped it.`, { id: 'missed-text.other' }),
  });
}
