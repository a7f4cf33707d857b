/**
 * German, one file per component under `de/`. Keys are the ids given to `msg`; `${0}`, `${1}`… in a
 * `str` template stand for the English template's values, in its order.
 * `test/client/web/catalogue.test.ts` checks that every id the app uses is here and nothing here is unused.
 */
import joinScreen from './de/join-screen.ts';

export const templates = {
  ...joinScreen,
};
