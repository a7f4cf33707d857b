/** The real server as a process of its own, the way it is deployed. */
import { spawn, type ChildProcess } from 'node:child_process';

export interface SpawnedServer {
  child: ChildProcess;
  /** Resolves with the URL the server printed. */
  ready: Promise<string>;
  exited: Promise<number | null>;
}

export interface SpawnOptions {
  /** The process's limit on open file descriptors (`ulimit -n`), as on a host with a low default. */
  maxOpenFiles?: number;
}

/** The real entry point (`signaling/main.ts`) as its own process, configured by environment and flags. */
export function spawnServer(env: Record<string, string>, args: string[] = [], { maxOpenFiles }: SpawnOptions = {}): SpawnedServer {
  const command = [process.execPath, '--import', 'tsx', 'signaling/main.ts', ...args];
  // Node raises its soft limit to the hard one, so `ulimit -n` (both) is what holds.
  const [file, ...argv] = maxOpenFiles === undefined ? command : ['sh', '-c', `ulimit -n ${maxOpenFiles} && exec "$@"`, 'sh', ...command];
  const child = spawn(file!, argv, {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const ready = new Promise<string>((resolve) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Chat is running at (\S+?)\/?\s/.exec(output);
      if (match?.[1]) resolve(match[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, ready };
}
