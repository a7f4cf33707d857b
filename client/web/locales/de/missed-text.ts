import { str } from '@lit/localize';

export default {
  'missed-text.at': str`um ${0}`,
  'missed-text.one': str`Du hast eine Nachricht an Alle verpasst (${0}): Dieses Gerät kam mit dem Lesen nicht hinterher, darum hat der Server sie ausgelassen.`,
  'missed-text.other': str`Du hast ${0} Nachrichten an Alle verpasst (${1}): Dieses Gerät kam mit dem Lesen nicht hinterher, darum hat der Server sie ausgelassen.`,
};
