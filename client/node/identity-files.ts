/**
 * The CLI's identity and the keys it has met, as files in one directory (default
 * `~/.config/p2p-chat`): `identity.key`, the private key in PKCS #8, and `known-keys.json`, both
 * readable by their owner only (0600). The key is written once, when first made, and read back as
 * a WebCrypto key that cannot be exported again.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { createPublicKey, createPrivateKey } from 'node:crypto';
import { generateIdentityKeyPair, identityOf, importPrivateKey, KEY_ALGORITHM, type Identity, type LoadIdentity } from '../core/identity/identity-key.ts';
import type { KnownKey, KnownKeys } from '../core/identity/known-keys.ts';

const OWNER_ONLY = 0o600;

/** Where the CLI keeps its identity unless told otherwise. */
export function defaultIdentityDir(): string {
  return join(process.env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'p2p-chat');
}

/** The identity kept in `dir`, made (and written) the first time. */
export function fileIdentity(dir: string): LoadIdentity {
  const path = join(dir, 'identity.key');
  return async (): Promise<Identity> => {
    let pkcs8 = await readFile(path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (!pkcs8) {
      const made = await generateIdentityKeyPair(true);
      pkcs8 = Buffer.from(await crypto.subtle.exportKey('pkcs8', made.privateKey));
      await mkdir(dir, { recursive: true, mode: 0o700 });
      // 'wx': never over a key another run made meanwhile; that one wins.
      await writeFile(path, pkcs8, { mode: OWNER_ONLY, flag: 'wx' }).catch(() => {});
      pkcs8 = await readFile(path);
    }
    const raw = new Uint8Array(pkcs8);
    // The public half, from the private key file itself (PKCS #8 need not carry it, so Node derives it).
    const publicJwk = createPublicKey(createPrivateKey({ key: Buffer.from(raw), format: 'der', type: 'pkcs8' })).export({ format: 'jwk' });
    const publicKey = await crypto.subtle.importKey('jwk', publicJwk, KEY_ALGORITHM, true, ['verify']);
    return identityOf({ privateKey: await importPrivateKey(raw), publicKey });
  };
}

/** Known keys in `dir/known-keys.json`, by the peer's name key: read once, written after each change, one write at a time. */
export function fileKnownKeys(dir: string): KnownKeys {
  const path = join(dir, 'known-keys.json');
  let all: Promise<Record<string, KnownKey>> | undefined;
  let writing = Promise.resolve();
  const read = () =>
    (all ??= readFile(path, 'utf8').then(
      (text) => JSON.parse(text) as Record<string, KnownKey>,
      (error: NodeJS.ErrnoException): Record<string, KnownKey> => {
        if (error.code === 'ENOENT') return {};
        throw error;
      },
    ));
  return {
    get: async (nameKey) => (await read())[nameKey],
    async put(nameKey, known) {
      const keys = await read();
      keys[nameKey] = { ...known };
      const text = JSON.stringify(keys, null, 2);
      // Written whole, then renamed over: a crash mid-write never leaves half a file.
      writing = writing.then(async () => {
        await mkdir(dir, { recursive: true, mode: 0o700 });
        await writeFile(`${path}.tmp`, text, { mode: OWNER_ONLY });
        await rename(`${path}.tmp`, path);
      });
      await writing;
    },
  };
}
