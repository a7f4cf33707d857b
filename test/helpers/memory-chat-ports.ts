/**
 * The chat model's platform ports in memory: history in maps that outlive any one model (a reload
 * is a new model on the same `MemoryHistory`), and received files kept as bytes.
 */
import type { ByteSink, ByteSource } from '../../client/core/transfer/ports.ts';
import { fileSource } from '../../client/web/platform/file-source.ts';
import type { ChatHistory, FileStore, OpenHistory } from '../../client/web/chat/ports.ts';
import type { StoredCheckpoint, StoredMessage } from '../../client/web/chat/stored-message.ts';
import { MemorySink } from './memory-link.ts';

/** What one user name has kept. */
interface Kept {
  /** By conversation and id, as IndexedDB keys them. */
  messages: Map<string, StoredMessage>;
  checkpoints: Map<string, StoredCheckpoint>;
}

/** Every user name's history, one store per name key, as the browser keeps one database per name. */
export class MemoryHistory {
  readonly #kept = new Map<string, Kept>();
  /** Set to make opening fail, as it does where there is no storage (private mode). */
  unavailable = false;

  readonly open: OpenHistory = async (userKey) => {
    if (this.unavailable) throw new Error('no storage in private mode');
    let kept = this.#kept.get(userKey);
    if (!kept) this.#kept.set(userKey, (kept = { messages: new Map(), checkpoints: new Map() }));
    return new MemoryChatHistory(kept);
  };

  /** What is kept under `userKey`, oldest first (empty if nothing was ever opened). */
  messages(userKey: string): StoredMessage[] {
    return byTime(this.#kept.get(userKey)?.messages.values() ?? []);
  }
}

/** One open connection to a name's history; like IndexedDB's, it refuses writes once closed. */
class MemoryChatHistory implements ChatHistory {
  #closed = false;

  constructor(private readonly kept: Kept) {}

  async recent(): Promise<StoredMessage[]> {
    return byTime(this.kept.messages.values());
  }
  async put(message: StoredMessage): Promise<void> {
    this.#writable().messages.set(`${message.conversation}\n${message.id}`, structuredClone(message));
  }
  async clear(): Promise<void> {
    this.#writable().messages.clear();
  }
  async putCheckpoint(checkpoint: StoredCheckpoint): Promise<void> {
    this.#writable().checkpoints.set(checkpoint.id, structuredClone(checkpoint));
  }
  async deleteCheckpoint(id: string): Promise<void> {
    this.#writable().checkpoints.delete(id);
  }
  async checkpoints(): Promise<StoredCheckpoint[]> {
    return [...this.kept.checkpoints.values()].map((checkpoint) => structuredClone(checkpoint));
  }
  close(): void {
    this.#closed = true;
  }

  #writable(): Kept {
    if (this.#closed) throw new Error('the history is closed');
    return this.kept;
  }
}

/** Copies, oldest first: a reader never holds what the store holds. */
function byTime(messages: Iterable<StoredMessage>): StoredMessage[] {
  return [...messages].sort((a, b) => a.at - b.at).map((message) => structuredClone(message));
}

/**
 * Files to send read from a `Blob` as the browser reads them; received ones written to memory,
 * one sink per transfer id that keeps its bytes across calls (so a resume finds what was there).
 */
export class MemoryFiles implements FileStore {
  /** The file kept under each name it was opened for writing by (one discarded is replaced when opened again). */
  readonly stored = new Map<string, MemorySink>();
  /** As if on disk: the suites reload a model onto the same store. */
  readonly survivesReload = true;

  source(file: Blob): ByteSource {
    return fileSource(file);
  }

  prepare(): void {}

  async sink(fileId: string): Promise<ByteSink> {
    let sink = this.stored.get(fileId);
    if (!sink || sink.discarded) this.stored.set(fileId, (sink = new MemorySink()));
    return sink;
  }

  /** The bytes received for `fileId` so far, as a `File`; rejects if none were kept or they were discarded. */
  async file(fileId: string): Promise<File> {
    const sink = this.stored.get(fileId);
    if (!sink || sink.discarded) throw new Error(`no file kept for ${fileId}`);
    return new File([sink.content() as Uint8Array<ArrayBuffer>], fileId);
  }
}
