export default {
  'incoming-call.video': 'Eingehender Videoanruf',
  'incoming-call.voice': 'Eingehender Sprachanruf',
  'incoming-call.decline': 'Ablehnen',
  'incoming-call.accept': 'Annehmen',
};
