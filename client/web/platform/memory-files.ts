/**
 * Received files kept in memory, for a browser with no origin-private file system. A reload loses
 * them, so they are not resumable; each is capped at `IN_MEMORY_FILE_LIMIT`.
 */
import { msg, str } from '@lit/localize';
import type { ByteSink } from '../../core/transfer/ports.ts';
import { IN_MEMORY_FILE_LIMIT, tooLargeForMemoryText } from './capabilities.ts';

/**
 * Pieces are folded into a `Blob` this often. A Blob made of Blobs refers to them rather than
 * copying, so the file is held about once (and a browser may page Blobs out to disk).
 */
const FOLD_BYTES = 8 * 1024 * 1024;

class MemoryFile {
  #blob = new Blob([]);
  #pieces: Uint8Array<ArrayBuffer>[] = [];
  #piecesBytes = 0;

  get size(): number {
    return this.#blob.size + this.#piecesBytes;
  }

  append(data: Uint8Array<ArrayBuffer>): void {
    this.#pieces.push(data);
    this.#piecesBytes += data.byteLength;
    if (this.#piecesBytes >= FOLD_BYTES) this.blob();
  }

  cut(length: number): void {
    this.#blob = this.blob().slice(0, length);
  }

  blob(): Blob {
    if (this.#pieces.length > 0) this.#blob = new Blob([this.#blob, ...this.#pieces]);
    this.#pieces = [];
    this.#piecesBytes = 0;
    return this.#blob;
  }
}

/** By the name the chat model stored each file under. */
const files = new Map<string, MemoryFile>();

/** Where the file stored as `name` is written: appended in order, from where a resume within this page left off. */
export async function memorySink(name: string): Promise<ByteSink> {
  const file = files.get(name) ?? new MemoryFile();
  files.set(name, file);
  return {
    async write(offset, data) {
      // Both end up on the file's card, after the engine's `Could not write the file: `.
      if (offset > file.size) throw new Error(msg(str`a gap before byte ${offset}`, { id: 'memory-files.gap' }));
      if (offset + data.byteLength > IN_MEMORY_FILE_LIMIT) throw new Error(tooLargeForMemoryText());
      if (offset < file.size) file.cut(offset);
      // Delivered chunks are the sink's to keep (ports.ts), and arrive from the network in ArrayBuffers.
      file.append(data as Uint8Array<ArrayBuffer>);
    },
    flush: async () => true,
    truncate: async (length) => file.cut(Math.min(length, file.size)),
    finish: async () => void file.blob(),
    discard: async () => void files.delete(name),
  };
}

/** A received file, ready to hand to the user as a download. */
export async function memoryFile(name: string): Promise<File> {
  const file = files.get(name);
  if (!file) throw new Error('The file was kept in memory and is gone (the page was reloaded).');
  return new File([file.blob()], name);
}
