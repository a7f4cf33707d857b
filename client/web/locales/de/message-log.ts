import { str } from '@lit/localize';

export default {
  'message-log.sending': 'Wird gesendet',
  'message-log.sent': 'Gesendet',
  'message-log.delivered': 'Zugestellt',
  'message-log.not-sent': 'Nicht gesendet',
  'message-log.label': str`Nachrichten in ${0}`,
  'message-log.empty-room': 'Nachrichten hier gehen an alle, die online sind.',
  'message-log.empty-private': str`Nachrichten an ${0} gehen direkt auf das Gerät der Person, nicht über den Server.`,
  'message-log.waiting': str`${0} ist offline. Deine Nachrichten warten hier und werden verschickt, sobald ihr beide online seid.`,
};
