/** Files of random bytes for the transfer suites, written in blocks so a large one never sits in memory. */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';

const BLOCK = 4 * 1024 * 1024;

/**
 * Writes `size` random bytes to `dir/name` and returns the path. Each block is drawn afresh, so
 * bytes written at the wrong offset (a resume off by a block, say) change the file's hash.
 */
export function randomFile(dir: string, name: string, size: number): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    for (let at = 0; at < size; at += BLOCK) writeSync(fd, randomBytes(Math.min(BLOCK, size - at)));
  } finally {
    closeSync(fd);
  }
  return path;
}
