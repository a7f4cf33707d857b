export default {
  'chat-model.unreachable': 'Der Chat-Server ist nicht erreichbar.',
  'chat-model.join-failed': 'Beitreten fehlgeschlagen.',
};
