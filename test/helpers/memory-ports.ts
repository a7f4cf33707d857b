/** The chat model's platform ports in memory: a history, and a file store whose files are memory sinks by name (as OPFS keeps files by name). */
import type { ChatHistory, FileStore, OpenHistory } from '../../client/web/chat/ports.ts';
import type { StoredCheckpoint, StoredMessage } from '../../client/web/chat/stored-message.ts';
import { MemorySink, memorySource } from './memory-link.ts';

export class MemoryHistory implements ChatHistory {
  readonly messages = new Map<string, StoredMessage>();
  readonly kept = new Map<string, StoredCheckpoint>();

  async recent(): Promise<StoredMessage[]> {
    return [...this.messages.values()].sort((a, b) => a.at - b.at);
  }
  async put(message: StoredMessage): Promise<void> {
    this.messages.set(`${message.conversation}\u0000${message.id}`, structuredClone(message));
  }
  async clear(): Promise<void> {
    this.messages.clear();
  }
  async putCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    this.kept.set(checkpoint.id, structuredClone(checkpoint));
  }
  async deleteCheckpoint(id: string): Promise<void> {
    this.kept.delete(id);
  }
  async checkpoints(): Promise<StoredCheckpoint[]> {
    return [...this.kept.values()];
  }
  close(): void {}
}

export function memoryHistory(history = new MemoryHistory()): OpenHistory {
  return async () => history;
}

export class MemoryFiles implements FileStore {
  /** Every file ever opened for writing, by the name it was stored under. */
  readonly stored = new Map<string, MemorySink>();

  source(file: Blob): ReturnType<FileStore['source']> {
    // Tests hand in Blobs made from bytes they hold: read them back synchronously through their bytes.
    return memorySource((file as Blob & { bytes: Uint8Array }).bytes);
  }
  prepare(): void {}
  async sink(name: string): Promise<MemorySink> {
    let sink = this.stored.get(name);
    if (!sink) this.stored.set(name, (sink = new MemorySink()));
    return sink;
  }
  async file(name: string): Promise<File> {
    const sink = this.stored.get(name);
    if (!sink) throw new Error(`no file ${name}`);
    return new File([sink.content() as Uint8Array<ArrayBuffer>], name);
  }
}

/** A `File` whose bytes the memory file store can read back. */
export function memoryFile(name: string, bytes: Uint8Array): File {
  return Object.assign(new File([bytes as Uint8Array<ArrayBuffer>], name), { bytes });
}
