/**
 * The orchestrator's side of the load generators: starts them as child processes and calls
 * their operations (`load-ipc.ts`), each call with a timeout.
 */
import { fork, type ChildProcess } from 'node:child_process';
import type { DialectName, Operation, Operations, Reply, Request } from './load-ipc.ts';

export class Generator {
  #seq = 0;
  readonly #waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (reply: Reply) => this.#waiting.get(reply.seq)?.(reply));
    child.on('exit', (code) => {
      for (const settle of this.#waiting.values()) settle({ seq: -1, error: `load generator exited (${code})` });
    });
  }

  static start(index: number, dialect: DialectName): Generator {
    const child = fork('bench/load-generator.ts', [dialect], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, GENERATOR_INDEX: String(index) },
      // Structured clone: latency arrays of a few hundred thousand numbers go over without JSON.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Generator(child);
  }

  call<K extends Operation>(op: K, args: Operations[K]['args'], timeoutMs: number): Promise<Operations[K]['result']> {
    const seq = ++this.#seq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle({ seq, error: `${op} timed out after ${timeoutMs} ms` }), timeoutMs);
      const settle = (reply: Reply) => {
        clearTimeout(timer);
        this.#waiting.delete(seq);
        if (reply.error !== undefined) reject(new Error(reply.error));
        else resolve(reply.result as Operations[K]['result']);
      };
      this.#waiting.set(seq, settle);
      this.child.send({ seq, op, args } as Request);
    });
  }

  /** Ends the process (its sockets go with it) and waits for it to be gone. */
  stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return Promise.resolve();
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    return exited;
  }
}

/** Calls `op` on every generator at once, each with its own arguments. */
export function callAll<K extends Operation>(
  generators: Generator[],
  op: K,
  args: (index: number) => Operations[K]['args'],
  timeoutMs: number,
): Promise<Array<Operations[K]['result']>> {
  return Promise.all(generators.map((generator, index) => generator.call(op, args(index), timeoutMs)));
}
