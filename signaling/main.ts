/** Entry point: `npm start` builds the client and runs this. */
import { pino } from 'pino';
import { loadConfig } from './config.ts';
import { startServer, type RunningServer } from './server.ts';

let config;
try {
  config = loadConfig(process.env, process.argv.slice(2));
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const log = pino({ level: config.logLevel, base: undefined });

// Handlers first: a signal that arrives before them would kill the process without a clean close.
let stopping: Promise<void> | null = null;
let server: RunningServer | null = null;
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    log.info({ signal }, 'shutting down');
    stopping = (server?.close() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  });
}

server = await startServer(config, log);
log.info({ url: server.url, ice: config.iceServers.length }, 'listening');
const lanHint = config.host === '0.0.0.0' ? ' (on every interface: use this machine\'s LAN address)' : '';
process.stdout.write(`\nChat is running at ${server.url}/${lanHint}\n\n`);
