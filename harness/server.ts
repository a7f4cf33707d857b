/** The real signaling server, in this process, on an ephemeral loopback port: for the tests and the benchmarks. */
import { pino } from 'pino';
import { loadConfig, type Config } from '../signaling/config.ts';
import type { Hub } from '../signaling/hub.ts';
import { startServer, WS_PATH, type RunningServer } from '../signaling/server.ts';

export const silentLog = pino({ level: 'silent' });

export interface TestServer extends RunningServer {
  wsUrl: string;
  config: Config;
}

export async function startTestServer(overrides: Partial<Config> = {}, hub?: Hub): Promise<TestServer> {
  // Every test client comes from 127.0.0.1: the per-address cap is lifted unless a test sets it.
  const config = { ...loadConfig({ PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'silent', MAX_CONNECTIONS_PER_IP: '10000' }), ...overrides };
  const server = await startServer(config, silentLog, hub);
  return { ...server, config, wsUrl: `${server.url.replace('http', 'ws')}${WS_PATH}` };
}
