/**
 * The command-line peer as a process of its own, the way a person runs it: the build of
 * `client/node/cli.ts` that `npm run peer` makes and runs (`npm test` makes it before the suites).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CLI_BUILD } from '../../harness/cli-build.ts';

export interface CliRun {
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/**
 * Runs `npm run peer -- <args> --server <serverUrl>`. Without `--identity` in `args` the run gets
 * an identity of its own, in a folder deleted when it exits: a fresh install, which neither reads
 * nor writes the keys of whoever runs the tests.
 */
export function runCli(serverUrl: string, args: string[]): CliRun {
  let output = '';
  const fresh = args.includes('--identity') ? undefined : mkdtempSync(join(tmpdir(), 'cli-identity-'));
  const child = spawn(process.execPath, [CLI_BUILD, ...args, ...(fresh ? ['--identity', fresh] : []), '--server', serverUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  if (fresh) void exited.then(() => rmSync(fresh, { recursive: true, force: true }));
  return { exited, output: () => output };
}
