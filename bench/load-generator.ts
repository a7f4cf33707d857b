/**
 * A load generator: a child process of `bench/load.ts` that holds thousands of WebSocket clients
 * of one server protocol (argv[2], see `dialects.ts`), and does what the orchestrator asks over
 * IPC (`load-ipc.ts`). Several run at once, since one process may open only so many files.
 * It exits when the orchestrator goes away.
 */
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { backoffDelay } from '../client/core/util/backoff.ts';
import { DIALECT_BY_NAME } from './dialects.ts';
import { DIALECTS, type DialectName, type Operations, type Reply, type Request } from './load-ipc.ts';

const JOIN_TIMEOUT_MS = 15_000;
/** The frame type, read from the first bytes: every server frame starts `{"type":"…"`. */
const TYPE = /^\{"type":"([^"]+)"/;

const dialectName = process.argv[2] as DialectName;
if (!DIALECTS.includes(dialectName)) throw new Error(`unknown dialect ${process.argv[2]}`);
const dialect = DIALECT_BY_NAME[dialectName];
/** Names are unique across generators. */
const prefix = `g${process.env.GENERATOR_INDEX ?? 0}u`;

interface Client {
  socket: WebSocket;
  name: string;
  /** Which of the `connect` URLs it is on. */
  server: number;
  /** The token that reclaims its name, where the protocol has one. */
  resume?: string;
  /** Settles the join; cleared once joined. */
  pending?: { done: () => void; fail: (error: Error) => void };
  /** Its part in the relay run, if any. */
  relay?: { peer: string; pinger: boolean; sentAt: number };
}

const clients: Client[] = [];
let opened = 0;
/** How many servers the clients are spread over (the last `connect`'s URLs). */
let serverCount = 1;
let dropped = 0;
/** Broadcast latencies (ms) while a fan-out is armed. */
let fanout: number[] | null = null;
let broadcastsSent = 0;
let relayRun: RelayRun | null = null;

/** Wall-clock time in ms with sub-ms precision: comparable across processes on one machine. */
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function onFrame(client: Client, data: Buffer): void {
  // Only the head is decoded to tell the type: in a room that is not paged, a welcome lists every user.
  const type = TYPE.exec(data.toString('latin1', 0, 48))?.[1];
  if (type === dialect.joined) {
    const welcome = client.pending && dialect.welcomed?.(data);
    if (welcome?.followUp) client.socket.send(welcome.followUp);
    if (welcome?.resume) client.resume = welcome.resume;
    client.pending?.done();
  }
  else if (type !== undefined && dialect.refused.includes(type)) client.pending?.fail(new Error(data.toString('utf8', 0, 200)));
  else if (type === 'broadcast' && fanout) fanout.push(now() - Number(JSON.parse(data.toString()).text));
  else if (type === dialect.relayType && relayRun) relayRun.onSignal(client, JSON.parse(data.toString()));
  // Presence, acks and the rest are not measured: the type sniff above is all they cost here.
}

function join(urls: string[]): Promise<Client> {
  const index = opened++;
  return connectClient(`${prefix}${index}`, index % urls.length, urls);
}

/** Opens a socket for `name` on `urls[server]` and says hello (with `resume`, if given); resolves once in, or fails after `timeoutMs`. */
function connectClient(name: string, server: number, urls: string[], resume?: string, timeoutMs = JOIN_TIMEOUT_MS): Promise<Client> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(dialect.url(urls[server]!, name), { perMessageDeflate: false });
    const client: Client = { socket, name, server };
    const timer = setTimeout(() => client.pending?.fail(new Error('join timed out')), timeoutMs);
    client.pending = {
      done: () => {
        clearTimeout(timer);
        client.pending = undefined;
        clients.push(client);
        resolve(client);
      },
      fail: (error) => {
        clearTimeout(timer);
        client.pending = undefined;
        socket.terminate();
        reject(error);
      },
    };
    socket.on('error', (error) => client.pending?.fail(error));
    socket.on('open', () => {
      const hello = dialect.hello(name, resume);
      if (hello) socket.send(hello);
    });
    // Text frames arrive as one Buffer (no fragments, no binaryType change).
    socket.on('message', (data) => onFrame(client, data as Buffer));
    socket.on('close', () => {
      if (client.pending) client.pending.fail(new Error('closed before joining'));
      else dropped++;
    });
  });
}

/** Closed-loop ping-pong between pairs: each pinger sends again as soon as its answer is back. */
class RelayRun {
  roundTrips = 0;
  readonly latencies: number[] = [];
  #running = 0;
  #finished!: () => void;
  readonly finished = new Promise<void>((resolve) => (this.#finished = resolve));

  constructor(
    pairs: Array<[Client, Client]>,
    private readonly payload: object,
    private readonly measureFrom: number,
    private readonly end: number,
  ) {
    for (const [pinger, responder] of pairs) {
      pinger.relay = { peer: responder.name, pinger: true, sentAt: 0 };
      responder.relay = { peer: pinger.name, pinger: false, sentAt: 0 };
    }
    this.#running = pairs.length;
    if (pairs.length === 0) this.#finished();
    for (const [pinger] of pairs) this.#ping(pinger);
  }

  onSignal(client: Client, frame: Record<string, unknown>): void {
    const role = client.relay;
    if (!role) return;
    if (!role.pinger) {
      client.socket.send(dialect.relay(dialect.relaySource(frame), this.payload));
      return;
    }
    const at = performance.now();
    if (at >= this.measureFrom && at < this.end) {
      this.roundTrips++;
      this.latencies.push(at - role.sentAt);
    }
    if (at < this.end) this.#ping(client);
    else if (--this.#running === 0) this.#finished();
  }

  #ping(pinger: Client): void {
    pinger.relay!.sentAt = performance.now();
    pinger.socket.send(dialect.relay(pinger.relay!.peer, this.payload));
  }
}

/**
 * Pairs of open clients, skipping the first (the broadcast sender). With several servers, members
 * are on different ones: always from the two fullest servers, so as many as possible pair up.
 */
function pickPairs(count: number): Array<[Client, Client]> {
  const byServer: Client[][] = Array.from({ length: serverCount }, () => []);
  for (const client of clients.slice(1)) {
    if (client.socket.readyState === WebSocket.OPEN) byServer[client.server]!.push(client);
  }
  const pairs: Array<[Client, Client]> = [];
  while (pairs.length < count) {
    byServer.sort((a, b) => b.length - a.length);
    const [first, second] = serverCount === 1 ? [byServer[0]!, byServer[0]!] : [byServer[0]!, byServer[1]!];
    if (first.length === 0 || second.length === 0) break;
    const a = first.shift()!;
    const b = second.shift();
    if (!b) break;
    pairs.push([a, b]);
  }
  return pairs;
}

const handlers: { [K in keyof Operations]: (args: Operations[K]['args']) => Promise<Operations[K]['result']> } = {
  async connect({ urls, count, inFlight, deadlineMs }) {
    serverCount = urls.length;
    const started = performance.now();
    let joined = 0;
    let failed = 0;
    let firstError: string | undefined;
    let left = count;
    const worker = async () => {
      while (left > 0 && performance.now() - started < deadlineMs) {
        left--;
        try {
          await join(urls);
          joined++;
        } catch (error) {
          failed++;
          firstError ??= (error as Error).message;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(inFlight, count) }, worker));
    return { joined, failed, firstError, seconds: (performance.now() - started) / 1000 };
  },

  async rejoin({ urls, withinMs, deadlineMs }) {
    const gone = clients.filter((client) => client.socket.readyState !== WebSocket.OPEN);
    for (const client of gone) clients.splice(clients.indexOf(client), 1);
    const started = performance.now();
    const left = () => deadlineMs - (performance.now() - started);
    let rejoined = 0;
    let resumed = 0;
    let failed = 0;
    let retries = 0;
    let firstError: string | undefined;
    await Promise.all(gone.map(async (client, index) => {
      await sleep((index / gone.length) * withinMs);
      // As the app does: it waits for its welcome however long the server takes, and a refused or
      // dropped attempt is tried again after its backoff, until the deadline.
      for (let attempt = 0; left() > 0; attempt++) {
        try {
          const back = await connectClient(client.name, client.server % urls.length, urls, client.resume, left());
          rejoined++;
          if (back.resume !== undefined && back.resume === client.resume) resumed++;
          return;
        } catch (error) {
          firstError ??= (error as Error).message;
          retries++;
          await sleep(backoffDelay(attempt));
        }
      }
      failed++;
    }));
    return { tried: gone.length, rejoined, resumed, retries, failed, firstError, seconds: (performance.now() - started) / 1000 };
  },

  async status() {
    const open = clients.filter((client) => client.socket.readyState === WebSocket.OPEN).length;
    return { open, dropped };
  },

  async fanoutArm() {
    fanout = [];
    return {};
  },

  async fanoutSend({ count, intervalMs }) {
    const sender = clients[0];
    if (!sender || !dialect.broadcast) return { sent: 0 };
    for (let i = 0; i < count; i++) {
      sender.socket.send(dialect.broadcast(String(now())));
      broadcastsSent++;
      await sleep(intervalMs);
    }
    return { sent: count };
  },

  async fanoutCollect({ count, timeoutMs }) {
    const receivers = clients.filter((client) => client.socket.readyState === WebSocket.OPEN).length - (broadcastsSent > 0 ? 1 : 0);
    const expected = count * receivers;
    const deadline = performance.now() + timeoutMs;
    while ((fanout?.length ?? 0) < expected && performance.now() < deadline) await sleep(50);
    const latencies = fanout ?? [];
    fanout = null;
    return { latencies, expected };
  },

  async relay({ pairs, warmupMs, measureMs, payloadChars }) {
    const chosen = pickPairs(pairs);
    const start = performance.now();
    const run = new RelayRun(chosen, { candidate: 'x'.repeat(payloadChars) }, start + warmupMs, start + warmupMs + measureMs);
    relayRun = run;
    // A pair whose answer never comes back must not hold the run.
    await Promise.race([run.finished, sleep(warmupMs + measureMs + 10_000)]);
    relayRun = null;
    for (const [a, b] of chosen) a.relay = b.relay = undefined;
    return { pairs: chosen.length, roundTrips: run.roundTrips, latencies: run.latencies };
  },
};

// Idle clients keep alive the way real ones of this protocol do, spread evenly over the interval.
if (dialect.keepalive) {
  const { frame, everyMs } = dialect.keepalive;
  const TICKS = 20;
  let tick = 0;
  setInterval(() => {
    for (let i = tick; i < clients.length; i += TICKS) {
      if (clients[i]!.socket.readyState === WebSocket.OPEN && !clients[i]!.relay) clients[i]!.socket.send(frame);
    }
    tick = (tick + 1) % TICKS;
  }, everyMs / TICKS).unref();
}

process.on('message', (request: Request) => {
  const handler = handlers[request.op] as (args: unknown) => Promise<unknown>;
  handler(request.args).then(
    (result) => process.send!({ seq: request.seq, result } satisfies Reply),
    (error: unknown) => process.send!({ seq: request.seq, error: String(error) } satisfies Reply),
  );
});
process.on('disconnect', () => process.exit(0));
