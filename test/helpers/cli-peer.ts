/**
 * The command-line peer as a process of its own, the way a person runs it: the build of
 * `client/node/cli.ts` that `npm run peer` makes and runs (`npm test` makes it before the suites).
 */
import { spawn } from 'node:child_process';
import { CLI_BUILD } from '../../harness/cli-build.ts';

export interface CliRun {
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/** Runs `npm run peer -- <args> --server <serverUrl>`. */
export function runCli(serverUrl: string, args: string[]): CliRun {
  let output = '';
  const child = spawn(process.execPath, [CLI_BUILD, ...args, '--server', serverUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), output: () => output };
}
