/** A real `redis-server` for the hub and cluster suites: on a free loopback port, no persistence. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { suite, type Test } from 'uvu';
import { findProgram, spawnServer, TestClient, within, type SpawnedServer } from './helpers.ts';

export const redisServerPath = () => findProgram('redis-server', 'REDIS_SERVER_PATH', ['/usr/bin/redis-server', '/usr/local/bin/redis-server']);

export interface RedisServer {
  url: string;
  port: number;
  /** Stops it (SIGTERM) and waits for the exit; everything it held is gone (no persistence). */
  stop(): Promise<void>;
  /** Starts it again on the same port, empty. */
  start(): Promise<void>;
}

/** A TCP port nobody listens on right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
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

export interface ClusterNode {
  process: SpawnedServer;
  /** The HTTP origin (`/readyz`, `/metrics`). */
  url: string;
  wsUrl: string;
  /** Ends the process with `signal` and waits for it to exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts `count` real server processes (`signaling/main.ts`) sharing `redis`, each on its own free port. */
export async function startCluster(redis: RedisServer, count: number, env: Record<string, string> = {}): Promise<ClusterNode[]> {
  return Promise.all(Array.from({ length: count }, async () => {
    const process = spawnServer({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      // Every test client comes from 127.0.0.1.
      MAX_CONNECTIONS_PER_IP: '10000',
      STATIC_DIR: 'no-client-needed',
      ...env,
    });
    const url = await within(20_000, 'a cluster server to start', process.ready);
    return {
      process,
      url,
      wsUrl: `${url.replace('http', 'ws')}/ws`,
      async stop(signal: NodeJS.Signals = 'SIGTERM') {
        if (process.child.exitCode !== null || process.child.signalCode !== null) return;
        process.child.kill(signal);
        await within(10_000, 'a cluster server to exit', process.exited);
      },
    };
  }));
}

/** The answer to a hello already sent: `welcome`, or the rejection's code. */
export function firstReply(client: TestClient): Promise<string> {
  return within(10_000, 'an answer to hello', new Promise<string>((resolve) => {
    const check = () => {
      const reply = client.received.find((m) => m.type === 'welcome' || m.type === 'rejected');
      if (reply) resolve(reply.type === 'rejected' ? reply.code : 'welcome');
    };
    // TestClient's own listener ran first, so `received` already holds the frame.
    client.socket.on('message', check);
    check();
  }));
}

export interface ClusterWorld {
  redis: RedisServer;
  nodes: ClusterNode[];
  /** Opens a client on process `index` (closed after the suite). */
  open(index: number): Promise<TestClient>;
}

/**
 * A uvu suite with a redis-server and `count` server processes around it (started before the
 * first test, stopped after the last). Without redis-server its tests are registered as skipped
 * (loudly; see `findProgram`).
 */
export function clusterSuite(title: string, count: number, env: Record<string, string> = {}): { test: Test; world: ClusterWorld } {
  const test = suite(title);
  const executable = redisServerPath();
  const clients: TestClient[] = [];
  const world = {
    async open(index: number) {
      const client = await TestClient.open(world.nodes[index]!.wsUrl);
      clients.push(client);
      return client;
    },
  } as ClusterWorld;
  if (!executable) return { test: Object.assign(test.skip, test) as unknown as Test, world };
  test.before(async () => {
    world.redis = await startRedis(executable);
    world.nodes = await startCluster(world.redis, count, env);
  });
  test.after(async () => {
    await Promise.allSettled(clients.map((client) => client.close()));
    await Promise.all(world.nodes.map((node) => node.stop()));
    await world.redis.stop();
  });
  return { test, world };
}
