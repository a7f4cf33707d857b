/**
 * The command-line peer: joins a chat server and sends files to, or receives files from, browser
 * users (or other CLI peers) peer-to-peer, with the same protocol as the web app.
 *
 *   npm run peer -- send <user> <file>... [--server URL] [--name NAME] [--identity DIR] [--expect NUMBER]
 *   npm run peer -- receive --to <dir> [--from USER] [--count N] [--server URL] [--name NAME] [--identity DIR] [--expect NUMBER]
 *
 * `--server` is the app's URL (http://host:port) or its ws endpoint; default `CHAT_SERVER`, else
 * http://127.0.0.1:8080. Receiving accepts every offer (running `receive` is the consent), from
 * anyone or only `--from`, and exits after `--count` files (default: runs until Ctrl-C).
 *
 * The CLI's identity key and the keys of peers it met live in `--identity` (default
 * `~/.config/p2p-chat`). It prints each peer's safety number, and exits with an error, having sent
 * nothing, when a link has someone in the middle, when a known peer's key changed, or when
 * the safety number is not the one given with `--expect` (which also accepts a changed key).
 */
import { mkdir } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { sameUser, toUsername } from '../../common/username.ts';
import { FINISHED, type TransferInfo } from '../core/transfer/transfer-info.ts';
import { digitsOf } from '../core/identity/safety-number.ts';
import { fileSink, fileSource } from './file-ports.ts';
import { HeadlessPeer } from './headless-peer.ts';
import { guardIdentities, type IdentityGuard } from './identity-guard.ts';
import { defaultIdentityDir, fileIdentity, fileKnownKeys } from './identity-files.ts';
import { ProgressBar } from './progress-bar.ts';

const USAGE = `usage:
  npm run peer -- send <user> <file>... [--server URL] [--name NAME] [--identity DIR] [--expect NUMBER]
  npm run peer -- receive --to <dir> [--from USER] [--count N] [--server URL] [--name NAME] [--identity DIR] [--expect NUMBER]`;

const { positionals, values } = parseOptions();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const [command, ...rest] = positionals;
const wsUrl = toWsUrl(values.server);
const name = values.name ?? `cli-${Math.random().toString(36).slice(2, 7)}`;

try {
  if (command === 'send' && rest.length >= 2) process.exit(await send(rest[0]!, rest.slice(1)));
  else if (command === 'receive' && values.to) process.exit(await receive(values.to));
  else {
    console.error(USAGE);
    process.exit(2);
  }
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  process.exit(1);
}

async function send(name: string, paths: string[]): Promise<number> {
  const user = toUsername(name);
  const sources = await Promise.all(paths.map((path) => fileSource(path)));
  const peer = await join();
  console.error(`waiting for ${name} to be online…`);
  await withTimeout(peer.waitFor(user), Number(values['wait-ms']), `${name} did not come online`);
  const offered = peer.transfers.offer(
    user,
    sources.map((source) => ({ name: source.name, type: 'application/octet-stream', source })),
  );
  console.error(`offered ${offered.length} file(s) to ${name}; waiting for them to accept…`);
  const results = await Promise.race([track(peer, new Set(offered.map((info) => info.id)), offered.length), peer.guard.refused]);
  await peer.guard.reported();
  await Promise.all(sources.map((source) => source.close()));
  await peer.close();
  return results.every((info) => info.state === 'done') ? 0 : 1;
}

async function receive(dir: string): Promise<number> {
  await mkdir(dir, { recursive: true });
  const peer = await join();
  const limit = values.count ? Number(values.count) : Infinity;
  const accepted = new Set<string>();
  const only = values.from === undefined ? null : toUsername(values.from);
  console.error(`receiving into ${dir} as ${peer.signaling.me?.display}${values.from ? ` from ${values.from}` : ''}`);
  peer.transfers.on('offer', (from, info) => {
    if (only && !sameUser(from, only)) return peer.transfers.decline(from, info.id);
    if (accepted.size >= limit) return peer.transfers.decline(from, info.id);
    accepted.add(info.id);
    console.error(`${from.display} offers ${info.name} (${info.size} bytes): accepting`);
    void fileSink(dir, info.name).then((sink) => peer.transfers.accept(from, info.id, sink));
  });
  const results = await Promise.race([track(peer, accepted, limit), peer.guard.refused]);
  await peer.guard.reported();
  await peer.close();
  return results.every((info) => info.state === 'done') ? 0 : 1;
}

/** Joins with the identity kept in `--identity`, watched over by `guard`. */
async function join(): Promise<HeadlessPeer & { guard: IdentityGuard }> {
  const dir = values.identity;
  // A terminal redraws its progress bar for next to nothing: four times a second, not the pages' one.
  const peer = await HeadlessPeer.join(wsUrl, name, { transfer: { progressEveryMs: 250 }, identity: fileIdentity(dir), knownKeys: fileKnownKeys(dir) });
  if (values.expect) peer.identities.expectSafetyNumber(digitsOf(values.expect));
  console.error(`joined ${wsUrl} as ${peer.signaling.me?.display}`);
  return Object.assign(peer, { guard: guardIdentities(peer, (line) => console.error(line)) });
}

/** Shows progress for the transfers in `ids` (which may still grow) until `count` of them have finished. */
function track(peer: HeadlessPeer, ids: ReadonlySet<string>, count: number): Promise<TransferInfo[]> {
  const bar = new ProgressBar();
  const results = new Map<string, TransferInfo>();
  return new Promise((resolve) => {
    peer.transfers.on('update', (_, info) => {
      if (!ids.has(info.id)) return;
      bar.update(info);
      if (!FINISHED.has(info.state)) return;
      if (info.error) console.error(`${info.name}: ${info.error}`);
      if (info.state === 'declined') console.error(`${info.name}: declined`);
      results.set(info.id, info);
      if (results.size >= count) resolve([...results.values()]);
    });
  });
}

/** The command line, or a one-line error and the usage (exit 2) for an option that is not ours. */
function parseOptions() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        server: { type: 'string', default: process.env.CHAT_SERVER ?? 'http://127.0.0.1:8080' },
        name: { type: 'string' },
        to: { type: 'string' },
        from: { type: 'string' },
        count: { type: 'string' },
        identity: { type: 'string', default: defaultIdentityDir() },
        expect: { type: 'string' },
        'wait-ms': { type: 'string', default: '60000' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    console.error(`error: ${(error as Error).message}\n${USAGE}`);
    process.exit(2);
  }
}

/** The ws endpoint of the app at `server`; a one-line error and the usage (exit 2) if it is no URL. */
function toWsUrl(server: string): string {
  if (!URL.canParse(server)) {
    console.error(`error: --server ${JSON.stringify(server)} is not a URL (e.g. http://127.0.0.1:8080)\n${USAGE}`);
    process.exit(2);
  }
  const url = new URL(server);
  if (url.protocol === 'http:' || url.protocol === 'https:') {
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    url.pathname = '/ws';
  }
  return url.toString();
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref())]);
}
