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
 * Every test client comes from 127.0.0.1 unless it says otherwise: the per-address limits are
 * lifted unless a test sets them (or starts from `shippedConfig()`).
 */
export const LIFTED_PER_ADDRESS = {
  MAX_CONNECTIONS_PER_IP: '10000',
  MAX_SOCKETS_PER_IP: '100000',
  RATE_JOINS_PER_SEC_PER_IP: '1000000',
  RATE_JOIN_BURST_PER_IP: '1000000',
  RESUME_MAX_PER_IP: '10000',
};

/**
 * The configuration as shipped, every limit at its default, on an ephemeral loopback port: for
 * tests of the per-address limits, whose clients come from other loopback addresses.
 */
export function shippedConfig(): Config {
  return loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent' });
}

/** Starts the server; `log` (silent unless given) lets a test read what the server logs. */
export async function startTestServer(overrides: Partial<Config> = {}, hub?: Hub, log: Logger = silentLog): Promise<TestServer> {
  const config = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', ...LIFTED_PER_ADDRESS }), ...overrides };
  const server = await startServer(config, log, hub);
  return { ...server, config, wsUrl: `${server.url.replace('http', 'ws')}${WS_PATH}` };
}
