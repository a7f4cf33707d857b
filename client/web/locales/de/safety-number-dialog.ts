import { str } from '@lit/localize';

export default {
  'safety-number-dialog.title': 'Sicherheitsnummer',
  'safety-number-dialog.how': str`${0} sieht in diesem Chat dieselbe Nummer, wenn niemand zwischen euch sitzt. Vergleicht sie persönlich oder lest sie euch in einem Anruf vor, dem du vertraust; wenn sie übereinstimmen, markiere ${1} als verifiziert. Ändert sich die Nummer einmal, erfährst du es.`,
  'safety-number-dialog.close': 'Schließen',
  'safety-number-dialog.unmark': 'Verifizierung aufheben',
  'safety-number-dialog.mark': 'Als verifiziert markieren',
};
