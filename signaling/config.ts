import { parseArgs } from 'node:util';
import * as z from 'zod';
import { iceServerSchema } from '../common/protocol.ts';

const count = (fallback: number) => z.coerce.number().int().min(0).default(fallback);
const positive = (fallback: number) => z.coerce.number().positive().default(fallback);
const list = z.string().default('').transform((text) => text.split(',').map((item) => item.trim()).filter(Boolean));

/**
 * Every setting: its environment variable, and how it is read (with its default). Each also has a
 * flag, the key in kebab-case (`maxConnectionsPerIp` → `--max-connections-per-ip`); flags win.
 * The README's configuration table describes each one.
 */
const SETTINGS = {
  port: { env: 'PORT', schema: count(8080).pipe(z.number().max(65535)) },
  host: { env: 'HOST', schema: z.string().min(1).default('127.0.0.1') },
  iceServers: { env: 'ICE_SERVERS', schema: z.string().default('').transform(parseIceServers).pipe(z.array(iceServerSchema)) },
  iceTransportPolicy: { env: 'ICE_TRANSPORT_POLICY', schema: z.enum(['all', 'relay']).default('all') },
  turnUrls: { env: 'TURN_URLS', schema: list },
  turnSecret: { env: 'TURN_SECRET', schema: z.string().optional() },
  turnTtlSeconds: { env: 'TURN_TTL_SECONDS', schema: count(3600).pipe(z.number().min(60)) },
  callTimeoutMs: { env: 'CALL_TIMEOUT_MS', schema: count(30_000).pipe(z.number().min(1000)) },
  resumeGraceMs: { env: 'RESUME_GRACE_MS', schema: count(20_000) },
  /** How long a session must have lasted for its name to be held for a resume after a drop; a shorter one leaves at once. Default 5 s. */
  resumeMinSessionMs: { env: 'RESUME_MIN_SESSION_MS', schema: count(5000) },
  /** Names held for a resume at once per address (an IPv6 /64); a drop past it leaves at once. Default 50. */
  resumeMaxPerIp: { env: 'RESUME_MAX_PER_IP', schema: count(50) },
  heartbeatMs: { env: 'HEARTBEAT_MS', schema: count(10_000).pipe(z.number().min(100)) },
  staticDir: { env: 'STATIC_DIR', schema: z.string().default('dist') },
  logLevel: { env: 'LOG_LEVEL', schema: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info') },
  maxConnections: { env: 'MAX_CONNECTIONS', schema: count(10_000) },
  maxConnectionsPerIp: { env: 'MAX_CONNECTIONS_PER_IP', schema: count(100) },
  /**
   * Open TCP connections per address, counted as they are accepted: WebSockets, page loads and
   * requests still arriving alike; past it a new one is closed at once. Default 500, room for
   * `maxConnectionsPerIp` WebSockets and their page loads.
   */
  maxSocketsPerIp: { env: 'MAX_SOCKETS_PER_IP', schema: count(500) },
  /** How long an HTTP request (a WebSocket's upgrade included) may take to arrive whole; a slower one gets 408. Default 10 s. */
  httpRequestTimeoutMs: { env: 'HTTP_REQUEST_TIMEOUT_MS', schema: count(10_000).pipe(z.number().min(100)) },
  /** How long a new WebSocket may take to send its first `hello`; then it is closed with 4003. Default 10 s. */
  helloTimeoutMs: { env: 'HELLO_TIMEOUT_MS', schema: count(10_000).pipe(z.number().min(100)) },
  /** Join attempts per second per address (token bucket, shared by every socket from it). Default 5. */
  joinsPerSecondPerIp: { env: 'RATE_JOINS_PER_SEC_PER_IP', schema: positive(5) },
  /** The burst of join attempts one address may make at once: an office behind one NAT arriving (or reconnecting) together. Default 100. */
  joinBurstPerIp: { env: 'RATE_JOIN_BURST_PER_IP', schema: positive(100) },
  messagesPerSecond: { env: 'RATE_MESSAGES_PER_SEC', schema: positive(20) },
  messageBurst: { env: 'RATE_MESSAGE_BURST', schema: positive(60) },
  bytesPerSecond: { env: 'RATE_BYTES_PER_SEC', schema: positive(64 * 1024) },
  byteBurst: { env: 'RATE_BYTE_BURST', schema: positive(256 * 1024) },
  broadcastsPerSecond: { env: 'RATE_BROADCASTS_PER_SEC', schema: positive(5) },
  broadcastBurst: { env: 'RATE_BROADCAST_BURST', schema: positive(20) },
  /** Broadcasts from one remote address, all its connections together (token bucket). Default 10 a second, bursts of 30. */
  ipBroadcastsPerSecond: { env: 'RATE_IP_BROADCASTS_PER_SEC', schema: positive(10) },
  ipBroadcastBurst: { env: 'RATE_IP_BROADCAST_BURST', schema: positive(30) },
  /** Broadcasts this process relays from everyone together: what each reader must keep up with. Default 20 a second, bursts of 60. */
  serverBroadcastsPerSecond: { env: 'RATE_SERVER_BROADCASTS_PER_SEC', schema: positive(20) },
  serverBroadcastBurst: { env: 'RATE_SERVER_BROADCAST_BURST', schema: positive(60) },
  rateStrikes: { env: 'RATE_STRIKES', schema: count(30) },
  /**
   * Up to this many online, a joiner's welcome lists everyone and every change is pushed to it.
   * Past it the room is paged: the welcome has the count and a first page, the client asks for
   * pages and searches, and hears only of the names it watches. Default 300.
   */
  presenceFullListMax: { env: 'PRESENCE_FULL_LIST_MAX', schema: count(300) },
  /**
   * A reader whose unsent backlog passes this many bytes is skipped by broadcasts until it catches
   * up, then told how many it missed. Default 256 KiB.
   */
  skipBufferedBytes: { env: 'SKIP_BUFFERED_BYTES', schema: count(256 * 1024) },
  /** A reader whose unsent backlog passes this many bytes anyway (frames that are never skipped) is dropped. Default 1 MiB. */
  maxBufferedBytes: { env: 'MAX_BUFFERED_BYTES', schema: count(1024 * 1024) },
  /**
   * `Origin`s allowed to open the WebSocket. Empty (the default): only pages of the server's own
   * origin, as the request's `Host` or `X-Forwarded-Host` names it, and programs that send no Origin.
   */
  allowedOrigins: { env: 'ALLOWED_ORIGINS', schema: list },
  /** Bearer token that opens `/metrics` to any address. Unset (the default): `/metrics` answers loopback only. */
  metricsToken: { env: 'METRICS_TOKEN', schema: z.string().min(16, 'use at least 16 characters').optional() },
  /** `redis://…` or `rediss://…`: several processes share names, presence and routing through it. Unset: one process, in memory. */
  redisUrl: { env: 'REDIS_URL', schema: z.string().regex(/^rediss?:\/\//, 'expected a redis:// or rediss:// URL').optional() },
  /** How long a name claim in Redis outlives its process's last heartbeat: a crashed process's users are gone within it. Default 15 s. */
  claimTtlMs: { env: 'CLAIM_TTL_MS', schema: count(15_000).pipe(z.number().min(300).max(30_000)) },
} as const;

type Settings = typeof SETTINGS;
export type Config = { [K in keyof Settings]: z.output<Settings[K]['schema']> };

const kebab = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** Reads the configuration; throws one readable error listing every bad setting. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, argv: string[] = []): Config {
  const keys = Object.keys(SETTINGS) as Array<keyof Settings>;
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(keys.map((key) => [kebab(key), { type: 'string' as const }])),
  });
  const problems: string[] = [];
  const config: Record<string, unknown> = {};
  for (const key of keys) {
    const { env: variable, schema } = SETTINGS[key];
    const raw = values[kebab(key)] ?? env[variable];
    const result = (schema as z.ZodType).safeParse(raw === '' ? undefined : raw);
    if (result.success) config[key] = result.data;
    else problems.push(`${variable} (--${kebab(key)}): ${result.error.issues[0]?.message}`);
  }
  if (config.turnSecret && (config.turnUrls as string[]).length === 0) problems.push('TURN_SECRET (--turn-secret): set TURN_URLS too');
  if (problems.length > 0) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  return config as Config;
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
