import { createSHA256, type IHasher } from 'hash-wasm';

/**
 * hash-wasm's first large update took ~30 ms in Chromium here (its code compiling on first use), a
 * stall on both pages just as a transfer starts; later 256 KiB updates take 0.7 ms. One small
 * update on a throwaway hasher, once, when the first file is offered, takes that cost out of the
 * transfer. Only that one: each hasher holds WebAssembly memory of its own, so a receiver makes one
 * per file it accepts, never per offer (anyone can offer).
 */
let warm: Promise<void> | null = null;

/** Warms hash-wasm up (once per page or process), ahead of the first hasher. */
export function warmUpHashing(): Promise<void> {
  warm ??= createSHA256().then((hasher) => void hasher.init().update(new Uint8Array(64 * 1024)));
  return warm;
}

/** A fresh SHA-256 hasher. */
export async function newHasher(): Promise<IHasher> {
  await warmUpHashing();
  const hasher = await createSHA256();
  hasher.init();
  return hasher;
}
