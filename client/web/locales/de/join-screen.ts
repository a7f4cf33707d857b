export default {
  'join-screen.title': 'Chat',
  'join-screen.lead': 'Wähle einen Namen. Alle, die online sind, sehen ihn; private Chats und Dateien gehen direkt zur anderen Person.',
  'join-screen.username': 'Benutzername',
  'join-screen.empty': 'Gib einen Namen ein, um beizutreten.',
  'join-screen.join': 'Beitreten',
};
