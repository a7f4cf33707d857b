import { str } from '@lit/localize';

export default {
  'emoji-picker.label': 'Emoji',
  'emoji-picker.insert': str`${0} einfügen`,
};
