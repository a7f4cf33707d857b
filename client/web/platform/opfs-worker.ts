/// <reference lib="webworker" />
/**
 * Writes incoming files into the origin-private file system. Synchronous access handles (the
 * fast path) exist only in workers, hence this worker; where they are missing it writes through
 * a writable stream (`opfs-writers.ts`). One request at a time per file, answered with
 * `{ id, ok, error? }`.
 */
import { OPFS_DIRECTORY, type OpfsRequest, type OpfsResponse } from './opfs-protocol.ts';
import { openWriter, type FileWriter } from './opfs-writers.ts';

const handles = new Map<string, FileWriter>();

async function directory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(OPFS_DIRECTORY, { create: true });
}

async function handle(request: OpfsRequest): Promise<boolean | void> {
  switch (request.op) {
    case 'open': {
      if (handles.has(request.file)) return;
      handles.set(request.file, await openWriter(await (await directory()).getFileHandle(request.file, { create: true })));
      return;
    }
    case 'write': {
      const writer = opened(request.file);
      let at = request.offset;
      for (const part of request.parts) {
        await writer.write(at, part);
        at += part.byteLength;
      }
      return;
    }
    case 'flush':
      return opened(request.file).flush();
    case 'truncate':
      return opened(request.file).truncate(request.length);
    case 'close':
      await handles.get(request.file)?.close();
      handles.delete(request.file);
      return;
    case 'delete':
      await handles.get(request.file)?.close().catch(() => {});
      handles.delete(request.file);
      await (await directory()).removeEntry(request.file).catch(() => {});
      return;
  }
}

function opened(file: string): FileWriter {
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
      const flushed = await handle(request);
      response = { id: request.id, ok: true, ...(typeof flushed === 'boolean' && { flushed }) };
    } catch (error) {
      response = { id: request.id, ok: false, error: (error as Error).message };
    }
    self.postMessage(response);
  });
};
