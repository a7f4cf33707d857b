/**
 * Every word the page shows has its translation: each `msg` call in `client/web` carries an id,
 * each id is in every target language's catalogue with the same number of values, and a
 * catalogue holds nothing the app no longer says.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { templates as german } from '../../../client/web/locales/de.ts';
import { test } from '../../helpers/suite.ts';

const ROOT = 'client/web';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Each `msg(…)` call's id and how many `${…}` values its English text has, by reading the source. */
function messages(): { calls: number; found: Map<string, { values: number; where: string }> } {
  const found = new Map<string, { values: number; where: string }>();
  let calls = 0;
  for (const file of sources(ROOT)) {
    const text = readFileSync(file, 'utf8');
    calls += (text.match(/\bmsg\(/g) ?? []).length;
    for (const [, english, id] of text.matchAll(/\bmsg\(\s*((?:str)?(?:'(?:[^'\\]|\\.)*'|`(?:[^`\\]|\\.)*`)),\s*\{\s*id:\s*'([^']+)'\s*\}\s*,?\s*\)/g)) {
      const values = (english!.match(/\$\{/g) ?? []).length;
      const known = found.get(id!);
      assert.ok(!known || known.values === values, `${id} is used with different texts (${known?.where} and ${file})`);
      found.set(id!, { values, where: file });
    }
  }
  return { calls, found };
}

test('every msg call in the page has an id, given beside its English text', () => {
  const { calls, found } = messages();
  const withIds = [...sources(ROOT)].reduce((sum, file) => sum + (readFileSync(file, 'utf8').match(/\bmsg\(\s*(?:str)?['`][\s\S]*?\{\s*id:\s*'[^']+'\s*\}\s*,?\s*\)/g) ?? []).length, 0);
  assert.ok(found.size > 0, 'the page says something');
  assert.is(withIds, calls, 'a msg call without an id (or in a form this test cannot read)');
});

test('German has every id the page uses, with the same values, and nothing else', () => {
  const { found } = messages();
  const missing = [...found.keys()].filter((id) => !(id in german));
  const unused = Object.keys(german).filter((id) => !found.has(id));
  assert.equal(missing, [], 'ids without a German text');
  assert.equal(unused, [], 'German texts the page no longer uses');
  for (const [id, { values }] of found) {
    const translated = (german as Record<string, string | { values: number[] }>)[id]!;
    const order = typeof translated === 'string' ? [] : translated.values;
    assert.equal([...order].sort((a, b) => a - b), [...Array(values).keys()], `${id}: the German text must use each of the English text's ${values} values once`);
  }
});

test.run();
