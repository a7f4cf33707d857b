/** A real `redis-server` for the hub and cluster suites: on a free loopback port, no persistence. */
import { spawn, type ChildProcess } from 'node:child_process';
import { tmpdir } from 'node:os';
import { freePort } from '../../harness/free-port.ts';
import { findProgram } from '../../harness/programs.ts';
import { within } from './timing.ts';

export const redisServerPath = () => findProgram('redis-server', 'REDIS_SERVER_PATH', ['/usr/bin/redis-server', '/usr/local/bin/redis-server']);

export interface RedisServer {
  url: string;
  port: number;
  /** Stops it (SIGTERM) and waits for the exit; everything it held is gone (no persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/** Starts `redis-server` (from `redisServerPath()`) and waits until it accepts connections. */
export async function startRedis(executable: string): Promise<RedisServer> {
  const port = await freePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmpdir()];
    const process = spawn(executable, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    child = process;
    let output = '';
    await within(5000, `redis-server on port ${port}`, new Promise<void>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        if (/Ready to accept connections/.test(output)) resolve();
      };
      process.stdout!.on('data', onData);
      process.stderr!.on('data', onData);
      process.once('exit', (code) => reject(new Error(`redis-server exited (${code}): ${output.slice(-500)}`)));
    }));
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    await within(5000, 'redis-server to stop', exited);
  };
  await start();
  return { url: `redis://127.0.0.1:${port}`, port, start, stop };
}
