import { str } from '@lit/localize';

export default {
  'conversation-list.filter': 'Unterhaltungen filtern',
  'conversation-list.search': 'Personen suchen',
  'conversation-list.label': 'Unterhaltungen',
  'conversation-list.no-match': str`Niemand passt zu „${0}“.`,
  'conversation-list.row-unread-one': str`${0}, ${1} ungelesene Nachricht`,
  'conversation-list.row-unread-other': str`${0}, ${1} ungelesene Nachrichten`,
  'conversation-list.preview-you': str`Du: ${0}`,
  'conversation-list.typing': 'schreibt …',
  'conversation-list.online': 'online',
  'conversation-list.offline': 'offline',
};
