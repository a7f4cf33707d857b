import * as assert from 'uvu/assert';
import { preferredLocale } from '../../../client/web/ui/i18n.ts';
import { test } from '../../helpers/suite.ts';

test('the first of the browser languages the app speaks wins, by its primary subtag; English otherwise', () => {
  assert.is(preferredLocale(['de-AT', 'en-US']), 'de');
  assert.is(preferredLocale(['fr-FR', 'DE', 'en']), 'de');
  assert.is(preferredLocale(['en-GB', 'de-DE']), 'en');
  assert.is(preferredLocale(['fr', 'es']), 'en');
  assert.is(preferredLocale([]), 'en');
});

test.run();
