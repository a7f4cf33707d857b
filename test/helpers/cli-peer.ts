/** The command-line peer (`client/node/cli.ts`) as a process of its own, the way a person runs it. */
import { spawn } from 'node:child_process';

export interface CliRun {
  /** Resolves with the exit code. */
  exited: Promise<number | null>;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/** Runs `npm run peer -- <args> --server <serverUrl>`. */
export function runCli(serverUrl: string, args: string[]): CliRun {
  let output = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'client/node/cli.ts', ...args, '--server', serverUrl], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return { exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))), output: () => output };
}
