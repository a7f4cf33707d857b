/** uvu swallows what a `before` or `after` hook throws; our suites must say it. */
import { spawnSync } from 'node:child_process';
import * as assert from 'uvu/assert';
import { suite } from './suite.ts';

const test = suite('test suites');

test('a before hook that throws is reported with its suite and message', () => {
  const run = spawnSync(process.execPath, ['--import', 'tsx', 'node_modules/uvu/bin.js', 'test/helpers/fixtures', 'failing-before', '-c', 'false'], {
    encoding: 'utf8',
    timeout: 30_000,
  });
  const printed = `${run.stdout}${run.stderr}`;
  assert.match(printed, '(0 / 1)');
  assert.match(printed, 'before hook of "a suite that cannot start" failed');
  assert.match(printed, 'the server did not start: port taken');
});

test.run();
