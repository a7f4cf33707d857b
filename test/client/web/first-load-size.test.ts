/**
 * The JavaScript a first visit loads before it can show anything: the entry chunk and everything it
 * imports statically, gzipped as the server would send it. Chunks imported on demand are not counted.
 * Reads the build `npm test` makes first (`dist/`).
 */
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import * as assert from 'uvu/assert';
import { test } from '../../helpers/suite.ts';

/** The most it may weigh, in kB of gzip: what a phone on a slow connection fetches before it shows the join screen. */
const FIRST_LOAD_BUDGET_KB = 60;

type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;

function firstLoadFiles(manifest: Manifest): string[] {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...seen].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
}

test(`the first load is at most ${FIRST_LOAD_BUDGET_KB} kB of gzipped JavaScript`, () => {
  const manifest = JSON.parse(readFileSync('dist/.vite/manifest.json', 'utf8')) as Manifest;
  const files = firstLoadFiles(manifest);
  assert.ok(files.length > 0, 'the build has an entry chunk');
  const bytes = files.reduce((sum, file) => sum + gzipSync(readFileSync(`dist/${file}`), { level: 9 }).length, 0);
  console.log(`  first load: ${(bytes / 1000).toFixed(1)} kB of gzipped JavaScript in ${files.length} file(s), budget ${FIRST_LOAD_BUDGET_KB} kB`);
  assert.ok(bytes <= FIRST_LOAD_BUDGET_KB * 1000, `the first load grew to ${(bytes / 1000).toFixed(1)} kB gzipped`);
});

test.run();
