import { str } from '@lit/localize';

export default {
  'capabilities.too-large-for-memory': str`Zu groß für diesen Browser: Hier können Dateien bis ${0} empfangen werden.`,
  'capabilities.kept-in-memory': 'Wird in diesem Browser im Arbeitsspeicher gehalten: Speichere die Datei, bevor du die Seite neu lädst oder verlässt.',
  'capabilities.no-peer-to-peer': 'Private Chats, Dateien und Anrufe brauchen WebRTC, das dieser Browser nicht bietet. „Alle“ funktioniert: Das läuft über den Server.',
  'capabilities.no-calls': 'Anrufe brauchen Kamera und Mikrofon, die dieser Browser dieser Seite nicht zur Verfügung stellt (dafür ist eine sichere Verbindung nötig: https).',
};
