export default {
  'chat-model.username-invalid': 'Benutzernamen haben 1–32 Buchstaben, Ziffern, Leerzeichen, Punkte, Unterstriche oder Bindestriche und beginnen mit einem Buchstaben oder einer Ziffer.',
  'chat-model.username-taken': 'Dieser Benutzername ist schon vergeben.',
  'chat-model.too-many-joins': 'Gerade sind zu viele aus deinem Netzwerk beigetreten; versuche es gleich noch einmal.',
  'chat-model.unavailable': 'Der Chat-Server erreicht seinen gemeinsamen Speicher gerade nicht; versuche es gleich noch einmal.',
  'chat-model.unsupported-version': 'Diese App spricht eine Protokollversion, die der Server nicht unterstützt.',
  'chat-model.unreachable': 'Der Chat-Server ist nicht erreichbar.',
  'chat-model.join-failed': 'Beitreten fehlgeschlagen.',
};
