import { str } from '@lit/localize';

export default {
  'identity-notice.forged': str`Jemand sitzt mitten in der Verbindung mit ${0}: Es ist nicht die, für die der Schlüssel von ${1} bürgt. Der Server (oder das Netzwerk) könnte mitlesen, daher wird nichts an ${2} gesendet: keine Nachrichten, Dateien oder Anrufe.`,
  'identity-notice.key-changed': str`Die Sicherheitsnummer von ${0} hat sich geändert. Das passiert, wenn ${1} die eigene Identität zurückgesetzt hat oder einen anderen Browser nutzt – oder wenn sich jemand als ${2} ausgibt. Es wird nichts gesendet, bis du den neuen Schlüssel akzeptierst; vergleiche zur Sicherheit die Sicherheitsnummern mit ${3}.`,
  'identity-notice.accept': 'Neuen Schlüssel akzeptieren',
  'identity-notice.unverifiable': str`Wer am anderen Ende ist, lässt sich nicht prüfen: Diese Seite oder die von ${0} läuft nicht über https (oder localhost), und nur dort bieten Browser Identitätsschlüssel. Der Server könnte unbemerkt dazwischensitzen.`,
};
