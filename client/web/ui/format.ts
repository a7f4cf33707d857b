import type { Conversation } from '../chat/chat-model.ts';

const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function formatTime(at: number): string {
  return time.format(at);
}

/** The link state of a private chat in words, for its `role="status"` line. */
export function describeLink(conversation: Conversation): string {
  if (!conversation.online && conversation.link !== 'open') return 'Offline';
  switch (conversation.link) {
    case 'open':
      if (!conversation.route) return 'Connected';
      return conversation.route === 'relay' ? 'Connected (via relay)' : 'Connected (direct)';
    case 'connecting':
      return 'Connecting…';
    case 'failed':
      return 'Failed to connect';
    default:
      return 'Link not open yet';
  }
}
