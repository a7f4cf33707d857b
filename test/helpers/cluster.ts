/** Several real server processes (`signaling/main.ts`) sharing one real redis-server, for the cluster suites. */
import type { Test } from 'uvu';
import { suite } from './suite.ts';
import { LIFTED_PER_ADDRESS } from '../../harness/server.ts';
import { redisServerPath, startRedis, type RedisServer } from './redis.ts';
import { spawnServer, type SpawnedServer } from './server-process.ts';
import { within } from './timing.ts';
import { TestClient } from './ws-client.ts';

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
      ...LIFTED_PER_ADDRESS,
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
