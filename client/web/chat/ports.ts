/**
 * What the chat model needs of the platform beyond the core's services. The browser plugs in
 * IndexedDB and the origin-private file system; the unit tests plug in memory.
 */
import type { ByteSink, ByteSource } from '../../core/transfer/ports.ts';
import type { StoredCheckpoint, StoredMessage } from './stored-message.ts';

/** The local history of one user name. */
export interface ChatHistory {
  /** The newest messages, oldest first. */
  recent(): Promise<StoredMessage[]>;
  /** Adds a message, or replaces the one with the same conversation and id. */
  put(message: StoredMessage): Promise<void>;
  clear(): Promise<void>;
  putCheckpoint(checkpoint: StoredCheckpoint): Promise<void>;
  deleteCheckpoint(id: string): Promise<void>;
  checkpoints(): Promise<StoredCheckpoint[]>;
  close(): void;
}

/** Opens the history of the user with this name key; rejects where there is no storage (private mode). */
export type OpenHistory = (userKey: string) => Promise<ChatHistory>;

/** Forgets this profile's identity key; a new one is made when the app next starts. */
export type ResetIdentity = () => Promise<void>;

/** Files to send, and where received ones are kept until the user saves them. */
export interface FileStore {
  /** A file the user picked, as the transfer engine reads it. */
  source(file: Blob): ByteSource;
  /** Gets storage ready ahead of need (an offer arrived), so Accept does not wait for it. */
  prepare(): void;
  /** Where the received file stored as `name` is written (resumable: it keeps what is there). */
  sink(name: string): Promise<ByteSink>;
  /** The received file stored as `name`, ready to hand to the user. */
  file(name: string): Promise<File>;
  /** Whether a partly received file is still there after a reload (else checkpoints are not kept). */
  readonly survivesReload: boolean;
}
