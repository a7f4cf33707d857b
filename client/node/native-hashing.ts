import { createHash } from 'node:crypto';
import type { Hashing } from '../core/transfer/ports.ts';

/**
 * SHA-256 in Node's OpenSSL, which uses the CPU's SHA instructions where it has them: several
 * times the speed of the WebAssembly hash on the same core. Its state cannot be saved, so a receiver here makes no checkpoints: the command-line peer resumes a
 * dropped link from what it has written, within the process, and keeps nothing across runs.
 */
export const nativeHashing: Hashing = {
  warmUp() {},
  async create() {
    const hash = createHash('sha256');
    return {
      update: (data) => void hash.update(data),
      hex: () => hash.digest('hex'),
      save: () => null,
    };
  },
  resume() {
    return Promise.reject(new Error('a hash made by node:crypto cannot be resumed from a saved state'));
  },
};
