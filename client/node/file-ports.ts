/** Files on disk as the transfer engine's byte source and sink (Node). */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { sanitizeFileName } from '../../common/file-name.ts';
import type { ByteSink, ByteSource } from '../core/transfer/ports.ts';
import { randomId } from '../core/util/random-id.ts';

export async function fileSource(path: string): Promise<ByteSource & { name: string; close(): Promise<void> }> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  return {
    name: basename(path),
    size,
    open(offset) {
      let at = offset;
      return {
        async read(into) {
          const { bytesRead } = await handle.read(into, 0, Math.min(into.byteLength, size - at), at);
          if (bytesRead === 0 && at < size) throw new Error(`${basename(path)} is shorter than when it was offered`);
          at += bytesRead;
          return into.subarray(0, bytesRead);
        },
        close() {},
      };
    },
    close: () => handle.close(),
  };
}

/**
 * Writes into a partial file of its own, `<dir>/.<random id>.part`, opened exclusively so it can
 * never be a file already there (nor another transfer's, whatever the two files are called, or
 * whoever sent them). Once verified it is renamed to a free final name (`photo.jpg`, then
 * `photo (1).jpg`, …), so an unfinished file never looks finished.
 */
export async function fileSink(dir: string, offeredName: string): Promise<ByteSink & { readonly path: string }> {
  const name = sanitizeFileName(offeredName);
  const partial = join(dir, `.${randomId()}.part`);
  const handle: FileHandle = await open(partial, 'wx+');
  let finalPath = partial;
  return {
    get path() {
      return finalPath;
    },
    async write(offset, data) {
      await handle.write(data, 0, data.byteLength, offset);
    },
    flush: () => handle.datasync().then(() => true),
    truncate: (length) => handle.truncate(length),
    async finish() {
      await handle.close();
      finalPath = await claimFreePath(dir, name);
      await rename(partial, finalPath);
    },
    async discard() {
      await handle.close().catch(() => {});
      await rm(partial, { force: true });
    },
  };
}

/**
 * Claims the first free name of `name`, `name (1)`, … by creating it exclusively: two files
 * finishing at once cannot both find the same name free and have one renamed over the other.
 */
async function claimFreePath(dir: string, name: string): Promise<string> {
  const extension = extname(name);
  const stem = name.slice(0, name.length - extension.length);
  for (let n = 0; ; n++) {
    const candidate = join(dir, n === 0 ? name : `${stem} (${n})${extension}`);
    try {
      await (await open(candidate, 'wx')).close();
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
