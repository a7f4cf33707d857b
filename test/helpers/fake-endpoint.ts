/** A hub endpoint with no socket behind it: keeps what it is sent, and lets a test await it. */
import { randomUUID } from 'node:crypto';
import { PROTOCOL_VERSION, type ServerMessage, type ServerMessageOf } from '../../common/protocol.ts';
import type { Endpoint, Frame } from '../../signaling/hub.ts';
import { within } from './timing.ts';

export class FakeEndpoint implements Endpoint {
  readonly id = randomUUID();
  constructor(readonly protocol = PROTOCOL_VERSION) {}
  readonly frames: ServerMessage[] = [];
  closed: { code: number; reason: string } | null = null;
  #waiters = new Set<() => void>();

  /** What each frame was handed over as (text, or bytes encoded once for everyone). */
  readonly rawFrames: Frame[] = [];

  send(frame: Frame): void {
    this.rawFrames.push(frame);
    this.frames.push(JSON.parse(frame.toString()) as ServerMessage);
    for (const wake of [...this.#waiters]) wake();
  }

  sendBroadcast(frame: Frame): void {
    this.send(frame);
  }

  close(code: number, reason: string): void {
    this.closed = { code, reason };
    for (const wake of [...this.#waiters]) wake();
  }

  /** Resolves with the first value `check` returns that is not undefined, re-checked on every frame and close. */
  until<T>(what: string, check: () => T | undefined, ms = 3000): Promise<T> {
    let wake!: () => void;
    const reached = new Promise<T>((resolve) => {
      wake = () => {
        const value = check();
        if (value !== undefined) resolve(value);
      };
    });
    this.#waiters.add(wake);
    wake();
    return within(ms, what, reached).finally(() => this.#waiters.delete(wake));
  }

  /** Every frame of `type` received so far. */
  all<T extends ServerMessage['type']>(type: T): ServerMessageOf<T>[] {
    return this.frames.filter((frame): frame is ServerMessageOf<T> => frame.type === type);
  }

  /** How many presence frames so far announced `name` as `kind`. */
  announcements(kind: 'joined' | 'left', name: string): number {
    return this.all('presence').filter((p) => (kind === 'joined' ? p.joined.some((u) => u.name === name) : p.left.includes(name))).length;
  }

  /** Waits until `name` has been announced as `kind` at least `times` times. */
  heard(kind: 'joined' | 'left', name: string, ms = 3000, times = 1): Promise<true> {
    return this.until(`${name} ${kind}`, () => (this.announcements(kind, name) >= times ? true : undefined), ms);
  }
}
