/** The command-line peer's answers to a person who asks for help or mistypes an option. */
import { spawnSync } from 'node:child_process';
import * as assert from 'uvu/assert';
import { CLI_BUILD } from '../../../harness/cli-build.ts';
import { test } from '../../helpers/suite.ts';

const cli = (...args: string[]) => spawnSync(process.execPath, [CLI_BUILD, ...args], { encoding: 'utf8', timeout: 30_000 });

test('--help prints the usage and exits 0', () => {
  const run = cli('--help');
  assert.is(run.status, 0);
  assert.match(run.stdout, 'npm run peer -- send <user> <file>');
});

test('an unknown option is named in one line with the usage, exit 2, and no stack trace', () => {
  const run = cli('send', 'Alice', 'a.bin', '--bogus');
  assert.is(run.status, 2);
  assert.match(run.stderr, /^error: .*--bogus/m);
  assert.match(run.stderr, 'usage:');
  assert.not.match(run.stderr, '    at ');
});

test('a server address that is not a URL is named as such, exit 2, and no stack trace', () => {
  const run = cli('receive', '--to', 'inbox', '--server', 'chat example org');
  assert.is(run.status, 2);
  assert.match(run.stderr, /^error: --server .*chat example org/m);
  assert.not.match(run.stderr, '    at ');
});

test.run();
