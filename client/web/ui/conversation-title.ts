import { msg } from '@lit/localize';
import type { Conversation } from '../chat/conversation-store.ts';

/** A conversation's name as shown: the room's in the page's language, a person's as they typed it. */
export function conversationTitle(conversation: Pick<Conversation, 'kind' | 'title'>): string {
  return conversation.kind === 'room' ? msg('Everyone', { id: 'conversation-title.everyone' }) : conversation.title;
}
