import { str } from '@lit/localize';

export default {
  'chat-app.notification-room': str`${0} an alle`,
  'chat-app.enable-notifications': 'Benachrichtigungen aktivieren',
  'chat-app.yes-clear': 'Ja, löschen',
  'chat-app.keep': 'Behalten',
  'chat-app.clear-history': 'Verlauf löschen',
  'chat-app.reset-identity': 'Identität zurücksetzen',
  'chat-app.leave': 'Verlassen',
  'chat-app.leave-busy': 'Verlassen beendet den laufenden Anruf und laufende Dateiübertragungen.',
  'chat-app.yes-leave': 'Ja, verlassen',
  'chat-app.stay': 'Bleiben',
  'chat-app.reset-warning':
    'Ein neuer Identitätsschlüssel für diesen Browser. Alle, mit denen du schreibst, erfahren, dass sich deine Sicherheitsnummer geändert hat, und bekommen nichts mehr von dir, bis sie sie annehmen; wer dich verifiziert hat, muss die Nummern erneut vergleichen. Dein Verlauf bleibt erhalten.',
  'chat-app.yes-reset': 'Ja, zurücksetzen',
  'chat-app.reconnecting': 'Verbindung zum Server verloren – wird wiederhergestellt … Private Chats funktionieren weiter.',
  'chat-app.offline': 'Du bist offline: Der Chat-Server ist nicht erreichbar. Deinen Verlauf kannst du hier weiter lesen.',
  'chat-app.reconnect': 'Neu verbinden',
  'chat-app.title-unread': str`(${0}) Chat`,
  'chat-app.title': 'Chat',
};
