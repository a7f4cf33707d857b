import { str } from '@lit/localize';

export default {
  'call-panel.label': str`${0} mit ${1}`,
  'call-panel.play': 'Anruf abspielen',
  'call-panel.cancel': 'Abbrechen',
  'call-panel.unmute': 'Stummschaltung aufheben',
  'call-panel.mute': 'Stummschalten',
  'call-panel.camera-on': 'Kamera an',
  'call-panel.camera-off': 'Kamera aus',
  'call-panel.stop-sharing': 'Teilen beenden',
  'call-panel.share-screen': 'Bildschirm teilen',
  'call-panel.minimise': 'Minimieren',
  'call-panel.exit-full-screen': 'Vollbild beenden',
  'call-panel.full-screen': 'Vollbild',
  'call-panel.hang-up': 'Auflegen',
  'call-panel.close': 'Schließen',
  'call-panel.remote-video': 'Video des Gegenübers',
  'call-panel.your-camera': 'Deine Kamera',
  'call-panel.peer-muted': str`${0} ist stummgeschaltet`,
  'call-panel.peer-camera-off': str`Die Kamera von ${0} ist aus`,
  'call-panel.move': 'Verschieben',
  'call-panel.move-how': 'Zum Verschieben ziehen oder die Pfeiltasten nutzen',
};
