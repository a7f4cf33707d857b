export default {
  'app-root.load-error': 'Die App konnte nicht geladen werden: Prüfe die Verbindung und versuche es noch einmal.',
};
