import { str } from '@lit/localize';

export default {
  'file-messages.lost-from-memory': 'Unterbrochen, als die Seite neu geladen wurde: Dieser Browser hatte die Datei nur im Arbeitsspeicher, daher kann sie nicht fortgesetzt werden (lass sie dir noch einmal schicken).',
  'file-messages.not-stored': str`Dieser Browser konnte die Datei nicht speichern (${0}).`,
  'file-messages.interrupted': 'Unterbrochen, als die Seite neu geladen wurde.',
};
