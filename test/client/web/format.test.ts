/** Times as the message log shows them, whatever a stored message says. */
import { test } from '../../helpers/suite.ts';
import * as assert from 'uvu/assert';
import { formatTime } from '../../../client/web/ui/format.ts';

test('a time outside what a Date can hold is shown as nothing, never thrown on', () => {
  for (const at of [1e300, -1e300, 8.64e15 + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
    let shown: string | Error;
    try {
      shown = formatTime(at);
    } catch (error) {
      shown = error as Error;
    }
    assert.is(shown, '', `${at}: ${String(shown)}`);
  }
  assert.match(formatTime(Date.UTC(2024, 0, 1, 12, 30)), /\d{2}.\d{2}/);
});

test.run();
