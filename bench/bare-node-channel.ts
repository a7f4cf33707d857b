/**
 * The ceiling the command-line peer is measured against: two Node processes joined by a bare
 * `@roamhq/wrtc` data channel (see `bare-node-side.ts`), signals relayed over IPC, no server.
 */
import { fork, spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export interface BareRun {
  /** From the parent starting both processes to the receiver's digest: start-up and link included. */
  endToEndSeconds: number;
  /** From the first chunk the receiver took to the last one written. */
  dataSeconds: number;
  sha256: string;
}

/** Built as the command-line peer is (`npm run build:cli`), so both start alike: plain node, no TypeScript to compile. */
const SIDE_BUILD = 'build/bench/bare-node-side.js';
let built = false;

function buildSide(): void {
  if (built) return;
  const vite = ['node_modules/vite/bin/vite.js', 'build', '--ssr', 'bench/bare-node-side.ts', '--outDir', 'build/bench', '--emptyOutDir', '--logLevel', 'warn'];
  if (spawnSync(process.execPath, vite, { stdio: 'inherit' }).status !== 0) throw new Error('could not build bench/bare-node-side.ts');
  built = true;
}

export async function bareNodeChannel(payload: string, into: string): Promise<BareRun> {
  buildSide();
  const started = performance.now();
  const side = (role: string, path: string) => fork(SIDE_BUILD, [role, path], { stdio: 'inherit' });
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
