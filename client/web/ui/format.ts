import type { Conversation } from '../chat/chat-model.ts';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

/** Largest distance from 1970 a Date can hold, in ms (ECMA-262's time value range). */
const MAX_TIME = 8.64e15;

/**
 * Whether `at` is a time to show. History kept by older versions may hold a peer's made-up time
 * (they believed the sender's clock; upgrading stores those as 0, "time unknown"), and
 * `Intl.DateTimeFormat` and `toISOString` throw on anything out of a Date's range.
 */
function known(at: number): boolean {
  return Number.isFinite(at) && at > 0 && at <= MAX_TIME;
}

/** Hours and minutes, or nothing for an unknown time. */
export function formatTime(at: number): string {
  return known(at) ? time.format(at) : '';
}

/** The machine-readable form for `<time datetime>`; undefined for an unknown time. */
export function isoTime(at: number): string | undefined {
  return known(at) ? new Date(at).toISOString() : undefined;
}

/** The link state of a private chat in words, for its `role="status"` line. */
export function describeLink(conversation: Conversation): string {
  if (!conversation.online && conversation.link !== 'open') return 'Offline';
  switch (conversation.link) {
    case 'open': {
      const connected = !conversation.route ? 'Connected' : conversation.route === 'relay' ? 'Connected (via relay)' : 'Connected (direct)';
      return conversation.identity?.verified ? `${connected} · Verified` : connected;
    }
    case 'connecting':
      return 'Connecting…';
    case 'held':
      return 'Connected, on hold: safety number changed';
    case 'failed':
      return conversation.identity?.verdict === 'forged' ? 'Not connected: someone is in the middle' : 'Failed to connect';
    default:
      return 'Link not open yet';
  }
}
