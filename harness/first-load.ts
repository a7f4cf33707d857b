/**
 * The JavaScript a first visit loads before it can show anything: the entry chunk and everything it
 * imports statically, gzipped as the server would send it, read from a build's manifest
 * (`dist/.vite/manifest.json`). Chunks imported on demand (the chat behind the join screen, a
 * language, the hashing) are not counted, and are listed apart.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

type Manifest = Record<string, { file: string; isEntry?: boolean; imports?: string[] }>;

export interface FirstLoad {
  /** Gzipped bytes of the first load. */
  bytes: number;
  files: string[];
  /** Every other JavaScript chunk, with its gzipped bytes. */
  later: Array<{ file: string; bytes: number }>;
}

export function firstLoad(dist = 'dist'): FirstLoad {
  const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Manifest;
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const imported of manifest[key]?.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  const gzipped = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
  const files = [...seen].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
  const later = Object.values(manifest)
    .map((chunk) => chunk.file)
    .filter((file) => file.endsWith('.js') && !files.includes(file))
    .map((file) => ({ file, bytes: gzipped(file) }));
  return { bytes: files.reduce((sum, file) => sum + gzipped(file), 0), files, later };
}
