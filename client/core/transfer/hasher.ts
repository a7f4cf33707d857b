import { createSHA256, type IHasher } from 'hash-wasm';

/**
 * hash-wasm's first large update took ~30 ms in Chromium here (its code compiling on first use), a
 * stall on both pages just as a transfer starts; later 256 KiB updates take 0.7 ms. A small update
 * when the first hasher is made, at offer time, takes that cost out of the transfer.
 */
let warmedUp = false;

/** A fresh SHA-256 hasher; the first one made also warms hash-wasm up. */
export async function newHasher(): Promise<IHasher> {
  const hasher = await createSHA256();
  if (!warmedUp) {
    warmedUp = true;
    hasher.init().update(new Uint8Array(64 * 1024));
  }
  hasher.init();
  return hasher;
}
