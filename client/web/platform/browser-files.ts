/** The browser's files: picked ones read as byte streams, received ones written to OPFS by a worker (or kept in memory). */
import type { ByteSink } from '../../core/transfer/ports.ts';
import type { FileStore } from '../chat/ports.ts';
import { capabilities } from './capabilities.ts';
import { fileSource } from './file-source.ts';
import { memoryFile, memorySink } from './memory-files.ts';
import { OPFS_DIRECTORY, type OpfsRequest, type OpfsResponse } from './opfs-protocol.ts';

/**
 * Files picked by the user, and received ones kept in the origin-private file system, or in memory
 * in a browser without one.
 */
export const browserFiles: FileStore =
  capabilities.receivedFiles === 'disk'
    ? { source: fileSource, prepare: () => void prepareStorage(), sink: opfsSink, file: opfsFile, survivesReload: true }
    : { source: fileSource, prepare: () => {}, sink: memorySink, file: memoryFile, survivesReload: false };

type Pending = { resolve: (answer: { flushed?: boolean }) => void; reject: (error: Error) => void };
let worker: Worker | null = null;
const pending = new Map<number, Pending>();
let nextId = 0;

type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/**
 * Starts the disk worker ahead of need (when a file is offered), so that Accept does not wait for
 * it to load, and chat arriving meanwhile does not wait behind that.
 */
function prepareStorage(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./opfs-worker.ts', import.meta.url), { type: 'module' });
    worker.onmessage = (event: MessageEvent<OpfsResponse>) => {
      const response = event.data;
      const waiter = pending.get(response.id);
      pending.delete(response.id);
      if (response.ok) waiter?.resolve(response);
      else waiter?.reject(new Error(response.error));
    };
  }
  return worker;
}

function call(request: WithoutId<OpfsRequest>, transfer: Transferable[] = []): Promise<{ flushed?: boolean }> {
  const worker = prepareStorage();
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ ...request, id }, transfer);
  });
}

/**
 * Bytes handed to the worker per message. One postMessage per 256 KiB chunk cost the receiving
 * page ~2 ms each, a tenth of its main thread at full speed; a few chunks per message share it.
 */
const WRITE_BATCH_BYTES = 1024 * 1024;

/**
 * A disk-backed sink in the origin-private file system, under the name the chat model chose for the
 * file (its own, never the sender's transfer id: see `StoredMessage.storedAs`). Writes are batched:
 * one that does not fill a batch resolves at once, and a full batch goes to the worker while the
 * next one fills. A write waits only when two batches would be at the worker, so memory stays
 * bounded without the page stalling on every disk write; a failed write surfaces in the next write
 * or flush. Any other operation first sends the pending batch and waits for the worker's answers,
 * so a flush still covers every byte written before it.
 */
async function opfsSink(name: string): Promise<ByteSink> {
  const file = `${name}.part`;
  await call({ op: 'open', file });
  let batch: { offset: number; parts: Uint8Array[]; bytes: number } | null = null;
  let atWorker: Promise<unknown> = Promise.resolve();
  /** Sends the pending batch; resolves once the one before it is written. */
  const post = async () => {
    const before = atWorker;
    if (batch) {
      const { offset, parts } = batch;
      batch = null;
      atWorker = call({ op: 'write', file, offset, parts }, [...new Set(parts.map((part) => part.buffer))]);
      atWorker.catch(() => {}); // reported to whoever waits on it next
    }
    await before;
  };
  const settled = () => post().then(() => atWorker);
  const done = () => {};
  return {
    async write(offset, data) {
      if (batch && batch.offset + batch.bytes !== offset) await post();
      batch ??= { offset, parts: [], bytes: 0 };
      batch.parts.push(data);
      batch.bytes += data.byteLength;
      if (batch.bytes >= WRITE_BATCH_BYTES) await post();
    },
    flush: () => settled().then(() => call({ op: 'flush', file })).then((answer) => answer.flushed === true),
    truncate: (length) => settled().then(() => call({ op: 'truncate', file, length })).then(done),
    finish: () => settled().then(() => call({ op: 'close', file })).then(done),
    discard: () => {
      batch = null;
      return atWorker.catch(() => {}).then(() => call({ op: 'delete', file })).then(done);
    },
  };
}

/** A received file as a disk-backed `File`, ready to hand to the user as a download. */
async function opfsFile(name: string): Promise<File> {
  const root = await navigator.storage.getDirectory();
  const directory = await root.getDirectoryHandle(OPFS_DIRECTORY);
  return (await directory.getFileHandle(`${name}.part`)).getFile();
}
