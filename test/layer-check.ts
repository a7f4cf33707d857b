/**
 * The layer check `npm test` runs before the suites: dependency-cruiser with the rules in
 * `.dependency-cruiser.mjs` over every folder of code; any violation fails the check.
 *
 * It calls dependency-cruiser's API rather than its CLI because the CLI refuses to start on
 * Node < 22, and the project runs on Node 20 (`engines` in package.json); the API has no such gate.
 * On Node 22 or later, `npx depcruise common signaling client harness test bench`
 * runs the same check.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cruise, format } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';

const FOLDERS = ['common', 'signaling', 'client', 'harness', 'test', 'bench'];

const options = await extractDepcruiseOptions('./.dependency-cruiser.mjs');
const { output: result } = await cruise(FOLDERS, options);
if (typeof result === 'string') throw new Error('dependency-cruiser returned a report instead of its result');

// Without a parser for TypeScript, dependency-cruiser skips every .ts file and so finds nothing
// wrong: a check that read nothing must not pass.
const read = new Set(result.modules.map((module) => module.source));
const unread = FOLDERS.flatMap((folder) =>
  readdirSync(folder, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts'))
    .map((file) => join(folder, file))
    .filter((file) => !read.has(file)),
);
if (unread.length > 0) {
  console.error(`dependency-cruiser did not read ${unread.length} files (${unread.slice(0, 3).join(', ')}, …): is @swc/core installed?`);
  process.exit(1);
}

const report = await format(result, { outputType: 'err' });
process.stdout.write(String(report.output));
process.exit(report.exitCode === 0 ? 0 : 1);
