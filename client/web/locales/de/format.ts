import { str } from '@lit/localize';

export default {
  'format.offline': 'Offline',
  'format.connected': 'Verbunden',
  'format.connected-relay': 'Verbunden (über Relay)',
  'format.connected-direct': 'Verbunden (direkt)',
  'format.verified': str`${0} · Verifiziert`,
  'format.connecting': 'Verbindung wird aufgebaut …',
  'format.held': 'Verbunden, angehalten: Sicherheitsnummer geändert',
  'format.forged': 'Nicht verbunden: Jemand sitzt dazwischen',
  'format.failed': 'Verbindung fehlgeschlagen',
  'format.not-open': 'Verbindung noch nicht aufgebaut',
};
