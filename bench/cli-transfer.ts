/**
 * The command-line peer against its ceiling, one file between two Node processes each way of
 * moving it: `npm run peer -- send` to `npm run peer -- receive` through the server, and the bare
 * data channel of `bare-node-channel.ts`. Both are timed from starting the two processes to the
 * file landing verified, start-up included: the figure a person scripting a copy would see.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { bareNodeChannel } from './bare-node-channel.ts';
import { CLI_BUILD } from '../harness/cli-build.ts';
import { sha256File } from '../harness/sha256.ts';

export interface CliRound {
  bareSeconds: number;
  cliSeconds: number;
}

/** One bare run and one CLI run of `payload`, back to back, each checked against its SHA-256. */
export async function cliRound(serverUrl: string, payload: string, dir: string): Promise<CliRound> {
  const expected = await sha256File(payload);
  const bareCopy = join(dir, 'bare-copy.bin');
  const bare = await bareNodeChannel(payload, bareCopy);
  rmSync(bareCopy, { force: true });
  if (bare.sha256 !== expected) throw new Error('the bare channel delivered a different file');
  const inbox = join(dir, 'cli-inbox');
  const cliSeconds = await cliCopy(serverUrl, payload, inbox);
  const copy = join(inbox, payload.split('/').pop()!);
  const cliDigest = await sha256File(copy);
  rmSync(inbox, { recursive: true, force: true });
  if (cliDigest !== expected) throw new Error('the CLI delivered a different file');
  return { bareSeconds: bare.endToEndSeconds, cliSeconds };
}

async function cliCopy(serverUrl: string, payload: string, inbox: string): Promise<number> {
  // Each side a fresh identity, as on two machines, never the keys of whoever runs the bench.
  const run = (args: string[]) => {
    const identity = mkdtempSync(join(tmpdir(), 'bench-identity-'));
    const child = spawn(process.execPath, [CLI_BUILD, ...args, '--identity', identity, '--server', serverUrl], { stdio: 'ignore' });
    child.on('exit', () => rmSync(identity, { recursive: true, force: true }));
    return new Promise<number | null>((resolve) => child.on('exit', resolve));
  };
  const started = performance.now();
  const received = run(['receive', '--to', inbox, '--count', '1', '--name', 'Receiver']);
  const [sent, got] = await Promise.all([run(['send', 'Receiver', payload, '--name', 'Sender']), received]);
  if (sent !== 0 || got !== 0) throw new Error(`the CLI transfer failed (exit codes ${sent}, ${got})`);
  return (performance.now() - started) / 1000;
}
