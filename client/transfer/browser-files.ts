/** Browser byte sources and sinks: a `File` read in slices, and OPFS files written by a worker. */
import type { ByteSink, ByteSource } from './ports.ts';
import { OPFS_DIRECTORY, type OpfsRequest, type OpfsResponse } from './opfs-protocol.ts';

export function fileSource(file: File): ByteSource {
  return {
    size: file.size,
    async read(offset, length) {
      return new Uint8Array(await file.slice(offset, offset + length).arrayBuffer());
    },
  };
}

type Pending = { resolve: () => void; reject: (error: Error) => void };
let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 0;

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

function call(request: WithoutId<OpfsRequest>, transfer: Transferable[] = []): Promise<void> {
  if (!worker) {
    worker = new Worker(new URL('./opfs-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<OpfsResponse>) => {
      const response = event.data;
      const waiter = pending.get(response.id);
      pending.delete(response.id);
      if (response.ok) waiter?.resolve();
      else waiter?.reject(new Error(response.error));
    };
  }
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker!.postMessage({ ...request, id }, transfer);
  });
}

/** A disk-backed sink in the origin-private file system, named by transfer id. */
export async function opfsSink(fileId: string): Promise<ByteSink> {
  const file = `${fileId}.part`;
  await call({ op: 'open', file });
  return {
    write: (offset, data) => call({ op: 'write', file, offset, data }, [data.buffer]),
    flush: () => call({ op: 'flush', file }),
    truncate: (length) => call({ op: 'truncate', file, length }),
    finish: () => call({ op: 'close', file }),
    discard: () => call({ op: 'delete', file }),
  };
}

/** A received file as a disk-backed `File`, ready to hand to the user as a download. */
export async function opfsFile(fileId: string): Promise<File> {
  const root = await navigator.storage.getDirectory();
  const directory = await root.getDirectoryHandle(OPFS_DIRECTORY);
  return (await directory.getFileHandle(`${fileId}.part`)).getFile();
}

/** Deletes a stored file (after the user cleared history, or a transfer was abandoned). */
export function deleteOpfsFile(fileId: string): Promise<void> {
  return call({ op: 'delete', file: `${fileId}.part` });
}
