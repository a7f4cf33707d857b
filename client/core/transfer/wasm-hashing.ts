import type { IHasher } from 'hash-wasm';
import type { FileHash, Hashing } from './ports.ts';

/**
 * hash-wasm's first large update took ~30 ms in Chromium here (its code compiling on first use), a
 * stall on both pages just as a transfer starts; later 256 KiB updates take 0.7 ms. One small
 * update on a throwaway hasher, once, when the first file is offered, takes that cost out of the
 * transfer. Only that one: each hasher holds WebAssembly memory of its own, so a receiver makes one
 * per file it accepts, never per offer (anyone can offer).
 */
let warm: Promise<void> | null = null;

/** Loaded on first use: its WebAssembly is most of the page's weight, and the first screen needs none of it. */
const createSHA256 = () => import('hash-wasm').then((hashWasm) => hashWasm.createSHA256());

function warmUp(): Promise<void> {
  warm ??= createSHA256().then((hasher) => void hasher.init().update(new Uint8Array(64 * 1024)));
  return warm;
}

function asFileHash(hasher: IHasher): FileHash {
  return {
    update: (data) => void hasher.update(data),
    hex: () => hasher.digest('hex'),
    save: () => hasher.save(),
  };
}

/**
 * SHA-256 in WebAssembly: runs wherever the core does, and its state can be saved, so a receiver
 * can resume after a reload (WebCrypto's digest is one-shot, with no state to keep).
 */
export const wasmHashing: Hashing = {
  warmUp: () => void warmUp(),
  async create() {
    await warmUp();
    return asFileHash((await createSHA256()).init());
  },
  async resume(state) {
    await warmUp();
    const hasher = await createSHA256();
    hasher.load(state);
    return asFileHash(hasher);
  },
};
