/**
 * The servers under test, each its own process on 127.0.0.1 with a free port: ours
 * (`signaling/main.ts`), PeerJS's (`peerjs-server.ts`) and a throwaway redis-server. Node servers
 * carry `memory-probe.ts`, so their memory is read the same way.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { freePort } from '../harness/free-port.ts';
import { WS_PATH } from '../signaling/server.ts';
import type { MemoryReport } from './memory-probe.ts';

const START_TIMEOUT_MS = 20_000;
const PROBE_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

/**
 * What ours is run with: caps and rate limits lifted so that one load generator on one address
 * stands in for thousands of users, and the figures measure the server, not its limiter. The
 * broadcast limit stays at its default (the fan-out sender keeps to it).
 */
export const OUR_BENCH_SETTINGS = {
  MAX_CONNECTIONS: '1000000',
  MAX_CONNECTIONS_PER_IP: '1000000',
  MAX_SOCKETS_PER_IP: '1000000',
  RATE_JOINS_PER_SEC_PER_IP: '1000000',
  RATE_JOIN_BURST_PER_IP: '1000000',
  RATE_MESSAGES_PER_SEC: '1000000',
  RATE_MESSAGE_BURST: '1000000',
  RATE_BYTES_PER_SEC: '1000000000',
  RATE_BYTE_BURST: '1000000000',
};

export interface ServerUnderTest {
  pid: number;
  /** The WebSocket endpoint. */
  endpoint: string;
  /** Resident and JS heap bytes, after a forced GC. */
  memory(): Promise<{ rss: number; heapUsed: number }>;
  /** Open files now, and the most the process may open. */
  files(): { open: number; limit: number };
  stop(): Promise<void>;
  /** SIGKILL: a crash, with no chance to clean up. */
  kill(): Promise<void>;
}

export function startOurServer(env: Record<string, string> = {}): Promise<ServerUnderTest> {
  return startNodeServer('signaling/main.ts', { LOG_LEVEL: 'warn', ...OUR_BENCH_SETTINGS, ...env }, /Chat is running at (http:\/\/\S+?)\/?\s/, WS_PATH);
}

export function startPeerJsServer(): Promise<ServerUnderTest> {
  return startNodeServer('bench/peerjs-server.ts', {}, /PeerJS server at (http:\/\/\S+?)\/?\s/, '/peerjs');
}

/** `SERVER_CPU_PROF_DIR`: each server under test writes a V8 CPU profile there when it stops (`--cpu-prof`). */
const profiling = process.env.SERVER_CPU_PROF_DIR ? ['--cpu-prof', '--cpu-prof-dir', process.env.SERVER_CPU_PROF_DIR] : [];

async function startNodeServer(entry: string, env: Record<string, string>, ready: RegExp, wsPath: string): Promise<ServerUnderTest> {
  const child = spawn(process.execPath, [...profiling, '--expose-gc', '--import', 'tsx', '--import', './bench/memory-probe.ts', entry], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await waitForLine(child, ready, entry);
  const pid = child.pid!;
  return {
    pid,
    endpoint: `${url.replace('http', 'ws')}${wsPath}`,
    memory: () => probeMemory(child),
    files: () => ({ open: readdirSync(`/proc/${pid}/fd`).length, limit: openFileLimit(pid) }),
    stop: () => stop(child),
    kill: () => stop(child, 'SIGKILL'),
  };
}

export interface RedisServer {
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<RedisServer> {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await waitForLine(child, /Ready to accept connections/, 'redis-server');
  return { url: `redis://127.0.0.1:${port}`, stop: () => stop(child) };
}

/** Resolves with the first capture of `pattern` in the child's output; rejects on exit or timeout. */
function waitForLine(child: ChildProcess, pattern: RegExp, what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`${what} did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const onExit = (code: number | null) => fail(new Error(`${what} exited (${code}) before it was ready`));
    child.once('exit', onExit);
    child.once('error', fail);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout!.resume();
      resolve(match[1] ?? match[0]);
    });
  });
}

function probeMemory(child: ChildProcess): Promise<{ rss: number; heapUsed: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.off('message', onMessage);
      reject(new Error('memory probe did not answer'));
    }, PROBE_TIMEOUT_MS);
    const onMessage = (message: MemoryReport) => {
      if (message?.probe !== 'memory') return;
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve({ rss: message.rss, heapUsed: message.heapUsed });
    };
    child.on('message', onMessage);
    child.send({ probe: 'memory' });
  });
}

function openFileLimit(pid: number): number {
  const line = readFileSync(`/proc/${pid}/limits`, 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  return Number(line?.split(/\s+/)[3]);
}

/** `signal` (SIGTERM), then SIGKILL if it is still there after a while. */
function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}
