/** The real signaling server, in this process, on an ephemeral loopback port: for the tests and the benchmarks. */
import { pino, type Logger } from 'pino';
import { loadConfig, type Config } from '../signaling/config.ts';
import type { Hub } from '../signaling/hub.ts';
import { startServer, WS_PATH, type RunningServer } from '../signaling/server.ts';

export const silentLog = pino({ level: 'silent' });

export interface TestServer extends RunningServer {
  wsUrl: string;
  config: Config;
}

/**
 * The configuration as shipped, every limit at its default, on an ephemeral loopback port: for
 * tests of the per-address limits, whose clients come from other loopback addresses.
 */
export function shippedConfig(): Config {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
}

/** Starts the server; `log` (silent unless given) lets a test read what the server logs. */
export async function startTestServer(overrides: Partial<Config> = {}, hub?: Hub, log: Logger = silentLog): Promise<TestServer> {
  // Every test client comes from 127.0.0.1: the per-address cap is lifted unless a test sets it.
  const config = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MAX_CONNECTIONS_PER_IP: '10000' }), ...overrides };
  const server = await startServer(config, log, hub);
  return { ...server, config, wsUrl: `${server.url.replace('http', 'ws')}${WS_PATH}` };
}
