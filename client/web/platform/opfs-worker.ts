/// <reference lib="webworker" />
/**
 * Writes incoming files into the origin-private file system. Synchronous access handles (the
 * fast path, ~350 MiB/s) exist only in workers, hence this worker. One request at a time per
 * file, answered with `{ id, ok, error? }`.
 */
import { OPFS_DIRECTORY, type OpfsRequest, type OpfsResponse } from './opfs-protocol.ts';

interface SyncHandle {
  write(data: Uint8Array, options: { at: number }): number;
  truncate(length: number): void;
  flush(): void;
  close(): void;
}

const handles = new Map<string, SyncHandle>();

async function directory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(OPFS_DIRECTORY, { create: true });
}

async function handle(request: OpfsRequest): Promise<void> {
  switch (request.op) {
    case 'open': {
      if (handles.has(request.file)) return;
      const fileHandle = await (await directory()).getFileHandle(request.file, { create: true });
      const access = await (fileHandle as unknown as { createSyncAccessHandle(): Promise<SyncHandle> }).createSyncAccessHandle();
      handles.set(request.file, access);
      return;
    }
    case 'write': {
      const access = opened(request.file);
      let at = request.offset;
      for (const part of request.parts) {
        for (let written = 0; written < part.byteLength; ) written += access.write(part.subarray(written), { at: at + written });
        at += part.byteLength;
      }
      return;
    }
    case 'flush':
      return opened(request.file).flush();
    case 'truncate':
      return opened(request.file).truncate(request.length);
    case 'close':
      handles.get(request.file)?.close();
      handles.delete(request.file);
      return;
    case 'delete':
      handles.get(request.file)?.close();
      handles.delete(request.file);
      await (await directory()).removeEntry(request.file).catch(() => {});
      return;
  }
}

function opened(file: string): SyncHandle {
  const access = handles.get(file);
  if (!access) throw new Error(`${file} is not open`);
  return access;
}

let queue: Promise<void> = Promise.resolve();
self.onmessage = (event: MessageEvent<OpfsRequest>) => {
  const request = event.data;
  queue = queue.then(async () => {
    let response: OpfsResponse;
    try {
      await handle(request);
      response = { id: request.id, ok: true };
    } catch (error) {
      response = { id: request.id, ok: false, error: (error as Error).message };
    }
    self.postMessage(response);
  });
};
