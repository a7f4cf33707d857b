import { str } from '@lit/localize';

export default {
  'memory-files.gap': str`eine Lücke vor Byte ${0}`,
};
