import { msg, str } from '@lit/localize';
import type { Conversation } from '../chat/chat-model.ts';
import { currentLocale } from './i18n.ts';

/** Made at first use: the page's language is chosen before the first render, after this module loads. */
let time: Intl.DateTimeFormat | undefined;

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
  if (!known(at)) return '';
  time ??= new Intl.DateTimeFormat(currentLocale(), { hour: '2-digit', minute: '2-digit' });
  return time.format(at);
}

/** The machine-readable form for `<time datetime>`; undefined for an unknown time. */
export function isoTime(at: number): string | undefined {
  return known(at) ? new Date(at).toISOString() : undefined;
}

/** The link state of a private chat in words, for its `role="status"` line. */
export function describeLink(conversation: Conversation): string {
  if (!conversation.online && conversation.link !== 'open') return msg('Offline', { id: 'format.offline' });
  switch (conversation.link) {
    case 'open': {
      const connected = !conversation.route
        ? msg('Connected', { id: 'format.connected' })
        : conversation.route === 'relay'
          ? msg('Connected (via relay)', { id: 'format.connected-relay' })
          : msg('Connected (direct)', { id: 'format.connected-direct' });
      return conversation.identity?.verified ? msg(str`${connected} · Verified`, { id: 'format.verified' }) : connected;
    }
    case 'connecting':
      return msg('Connecting…', { id: 'format.connecting' });
    case 'held':
      return msg('Connected, on hold: safety number changed', { id: 'format.held' });
    case 'failed':
      return conversation.identity?.verdict === 'forged'
        ? msg('Not connected: someone is in the middle', { id: 'format.forged' })
        : msg('Failed to connect', { id: 'format.failed' });
    default:
      return msg('Link not open yet', { id: 'format.not-open' });
  }
}
