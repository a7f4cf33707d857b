import { str } from '@lit/localize';

export default {
  'conversation-view.back': 'Zurück zu den Unterhaltungen',
  'conversation-view.room-sub': str`${0} online · Nachrichten gehen über den Server`,
  'conversation-view.needs-webrtc': 'Dieser Chat braucht WebRTC, das dieser Browser nicht bietet',
  'conversation-view.retry': 'Erneut versuchen',
  'conversation-view.verify-later': 'Sobald ihr verbunden seid',
  'conversation-view.verify': 'Verifizieren',
  'conversation-view.voice-call': 'Sprachanruf',
  'conversation-view.video-call': 'Videoanruf',
  'conversation-view.typing': str`${0} schreibt …`,
  'conversation-view.reconnecting': 'Verbindung zum Server wird wiederhergestellt …',
  'conversation-view.placeholder': 'Nachricht schreiben',
  'conversation-view.send-file': 'Datei senden',
  'conversation-view.drop': str`Dateien hier ablegen, um sie an ${0} zu senden`,
};
