import { parseArgs } from 'node:util';
import * as z from 'zod';
import { iceServerSchema, type IceServer } from '../common/protocol.ts';

/** Everything the server can be told, with its defaults. Environment first, flags override. */
export interface Config {
  /** TCP port for HTTP and WebSocket. `PORT` / `--port`; default 8080; 0 picks a free one. */
  port: number;
  /** Interface to listen on. `HOST` / `--host`; default 127.0.0.1 (use 0.0.0.0 for a LAN). */
  host: string;
  /**
   * ICE servers handed to clients. `ICE_SERVERS` / `--ice-servers`: a JSON array of
   * RTCIceServer objects, or a comma-separated list of URLs. Default none (host candidates only).
   */
  iceServers: IceServer[];
  /** How long a dropped user's name stays reserved for its resume token. `RESUME_GRACE_MS`; default 20000. */
  resumeGraceMs: number;
  /** Ping interval; a socket missing one pong is dropped. `HEARTBEAT_MS`; default 10000. */
  heartbeatMs: number;
  /** Folder of the built client. `STATIC_DIR`; default `dist`. */
  staticDir: string;
  /** pino level. `LOG_LEVEL`; default `info`. */
  logLevel: string;
}

const FLAGS = {
  port: 'PORT',
  host: 'HOST',
  'ice-servers': 'ICE_SERVERS',
  'resume-grace-ms': 'RESUME_GRACE_MS',
  'heartbeat-ms': 'HEARTBEAT_MS',
  'static-dir': 'STATIC_DIR',
  'log-level': 'LOG_LEVEL',
} as const;

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

const configSchema = z.object({
  PORT: count(8080).pipe(z.number().max(65535)),
  HOST: z.string().min(1).default('127.0.0.1'),
  ICE_SERVERS: z.string().default('').transform(parseIceServers).pipe(z.array(iceServerSchema)),
  RESUME_GRACE_MS: count(20_000),
  HEARTBEAT_MS: count(10_000).pipe(z.number().min(100)),
  STATIC_DIR: z.string().default('dist'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** Reads the configuration; throws one readable error listing every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): Config {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(FLAGS).map((flag) => [flag, { type: 'string' as const }])),
  });
  const merged: Record<string, string | undefined> = {};
  for (const [flag, variable] of Object.entries(FLAGS)) {
    const value = values[flag] ?? env[variable];
    if (value !== undefined && value !== '') merged[variable] = String(value);
  }
  const result = configSchema.safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const c = result.data;
  return {
    port: c.PORT,
    host: c.HOST,
    iceServers: c.ICE_SERVERS,
    resumeGraceMs: c.RESUME_GRACE_MS,
    heartbeatMs: c.HEARTBEAT_MS,
    staticDir: c.STATIC_DIR,
    logLevel: c.LOG_LEVEL,
  };
}

function parseIceServers(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    try {
      return JSON.parse(trimmed);
    } catch {
      return 'not valid JSON';
    }
  }
  return trimmed.split(',').map((url) => ({ urls: url.trim() }));
}
