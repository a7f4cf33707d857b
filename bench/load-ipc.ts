/**
 * What the orchestrator (`bench/load.ts`) asks of a load generator (`bench/load-generator.ts`)
 * over IPC, and what each answers. One table, so both sides agree on every request's shape.
 */
export interface Operations {
  /**
   * Opens `count` more clients, `inFlight` joins at a time, client `i` on `urls[i % urls.length]`;
   * no join starts after `deadlineMs`, so a slow server cannot stretch the run.
   */
  connect: {
    args: { urls: string[]; count: number; inFlight: number; deadlineMs: number };
    result: { joined: number; failed: number; firstError?: string; seconds: number };
  };
  /**
   * Every client the server closed comes back, each saying hello with its resume token: spread
   * evenly over `withinMs`, as a crowd whose server restarted reconnects, each failed attempt tried
   * again after the app's backoff. `seconds` is from the first attempt until the last is in (or
   * given up at `deadlineMs`); `failed` never got back, `retries` counts failed attempts.
   */
  rejoin: {
    args: { urls: string[]; withinMs: number; deadlineMs: number };
    result: { tried: number; rejoined: number; resumed: number; retries: number; failed: number; firstError?: string; seconds: number };
  };
  /** How many of this generator's clients are still open, and how many the server closed. */
  status: { args: Record<string, never>; result: { open: number; dropped: number } };
  /** Starts recording the latency of every broadcast that arrives. */
  fanoutArm: { args: Record<string, never>; result: Record<string, never> };
  /** This generator's first client sends `count` broadcasts, `intervalMs` apart, stamped with the send time. */
  fanoutSend: { args: { count: number; intervalMs: number }; result: { sent: number } };
  /** Waits (up to `timeoutMs`) for `count` broadcasts at every receiver here; returns the latencies (ms). */
  fanoutCollect: { args: { count: number; timeoutMs: number }; result: { latencies: number[]; expected: number } };
  /**
   * `pairs` pairs of this generator's clients ping-pong a signal, one in flight per pair (members
   * on different servers when there are several). Round trips finished in the `measureMs` after
   * `warmupMs` are counted; `latencies` are their round-trip times (ms).
   */
  relay: {
    args: { pairs: number; warmupMs: number; measureMs: number; payloadChars: number };
    result: { pairs: number; roundTrips: number; latencies: number[] };
  };
}

export type Operation = keyof Operations;
export type Request = { [K in Operation]: { seq: number; op: K; args: Operations[K]['args'] } }[Operation];
export type Reply = { seq: number; result?: unknown; error?: string };

/** The server protocols a generator can speak. */
export const DIALECTS = ['ours', 'peerjs'] as const;
export type DialectName = (typeof DIALECTS)[number];
