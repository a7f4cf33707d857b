export default {
  'message-composer.placeholder': 'Nachricht schreiben',
  'message-composer.emoji': 'Emoji',
  'message-composer.message': 'Nachricht',
  'message-composer.send': 'Senden',
};
