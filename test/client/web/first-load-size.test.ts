/** The first load stays small: what a phone fetches before it shows the join screen. Reads the build `npm test` makes first (`dist/`). */
import * as assert from 'uvu/assert';
import { firstLoad } from '../../../harness/first-load.ts';
import { test } from '../../helpers/suite.ts';

/** The most it may weigh, in kB of gzip. */
const FIRST_LOAD_BUDGET_KB = 60;

test(`the first load is at most ${FIRST_LOAD_BUDGET_KB} kB of gzipped JavaScript`, () => {
  const { bytes, files } = firstLoad();
  assert.ok(files.length > 0, 'the build has an entry chunk');
  console.log(`  first load: ${(bytes / 1000).toFixed(1)} kB of gzipped JavaScript in ${files.length} file(s), budget ${FIRST_LOAD_BUDGET_KB} kB`);
  assert.ok(bytes <= FIRST_LOAD_BUDGET_KB * 1000, `the first load grew to ${(bytes / 1000).toFixed(1)} kB gzipped`);
});

test.run();
