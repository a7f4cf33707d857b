import type { Logger } from 'pino';
import type { Config } from './config.ts';
import type { Hub } from './hub.ts';
import { MemoryHub } from './memory-hub.ts';
import { RedisHub } from './redis/redis-hub.ts';

/** The hub the configuration asks for: shared through Redis when `REDIS_URL` is set, else in memory. */
export async function hubFromConfig(config: Config, log: Logger): Promise<Hub> {
  const fullListMax = config.presenceFullListMax;
  if (!config.redisUrl) return new MemoryHub({ graceMs: config.resumeGraceMs, fullListMax });
  return RedisHub.connect({ url: config.redisUrl, graceMs: config.resumeGraceMs, claimTtlMs: config.claimTtlMs, log, fullListMax });
}
