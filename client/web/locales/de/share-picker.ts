import { str } from '@lit/localize';

export default {
  'share-picker.files': str`${0} Dateien`,
  'share-picker.title': str`${0} senden an…`,
  'share-picker.nobody': 'Sonst ist niemand online. Die Dateien warten hier, bis jemand da ist.',
  'share-picker.dismiss': 'Nicht senden',
};
