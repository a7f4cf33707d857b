import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Test } from 'uvu';

/** A temporary folder for one suite, deleted after its last test (file tests write hundreds of MiB). */
export function scratchDir(suite: Test, prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  suite.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
