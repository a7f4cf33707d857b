export default {
  'refusal-text.username-invalid': 'Benutzernamen haben 1–32 Buchstaben, Ziffern, Leerzeichen, Punkte, Unterstriche oder Bindestriche und beginnen mit einem Buchstaben oder einer Ziffer.',
  'refusal-text.username-taken': 'Dieser Benutzername ist schon vergeben.',
  'refusal-text.too-many-joins': 'Gerade sind zu viele aus deinem Netzwerk beigetreten; versuche es gleich noch einmal.',
  'refusal-text.unavailable': 'Der Chat-Server erreicht seinen gemeinsamen Speicher gerade nicht; versuche es gleich noch einmal.',
  'refusal-text.unsupported-version': 'Diese App spricht eine Protokollversion, die der Server nicht unterstützt.',
};
