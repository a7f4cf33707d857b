/**
 * The ceiling the command-line peer is measured against: two Node processes joined by a bare
 * `@roamhq/wrtc` data channel (see `bare-node-side.ts`), signals relayed over IPC, no server.
 */
import { fork } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface BareRun {
  /** From the parent starting both processes to the receiver's digest: start-up and link included. */
  endToEndSeconds: number;
  /** From the first chunk the receiver took to the last one written. */
  dataSeconds: number;
  sha256: string;
}

export async function bareNodeChannel(payload: string, into: string): Promise<BareRun> {
  const started = performance.now();
  const side = (role: string, path: string) => fork('bench/bare-node-side.ts', [role, path], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  const sender = side('sender', payload);
  const receiver = side('receiver', into);
  sender.on('message', (message) => receiver.send(message as object));
  const done = new Promise<{ seconds: number; sha256: string }>((resolve, reject) => {
    receiver.on('message', (message: { done?: { seconds: number; sha256: string } }) => (message.done ? resolve(message.done) : sender.send(message)));
    receiver.on('exit', (code) => reject(new Error(`the bare receiver exited (${code}) before the end`)));
  });
  try {
    const { seconds, sha256 } = await done;
    return { endToEndSeconds: (performance.now() - started) / 1000, dataSeconds: seconds, sha256 };
  } finally {
    sender.kill();
    receiver.kill();
  }
}
