/**
 * Where the transfer engine reads files from and writes them to. It knows nothing of WebRTC, the
 * DOM or the file system: the browser, Node and the tests each plug their own implementations in
 * here (and its bytes travel on a peer link's `BulkChannel`).
 */

/** Where an outgoing file's bytes come from, read in order into the caller's buffer (never the whole file at once). */
export interface ByteSource {
  readonly size: number;
  /** A reader of the bytes from `offset` to the end. */
  open(offset: number): ByteReader;
}

export interface ByteReader {
  /**
   * Reads the next bytes (as many as the source has at hand, at most `into.byteLength`) into
   * `into`, and returns the part filled: empty at the end. The result views the same memory, but
   * possibly through a new `ArrayBuffer` (a browser stream moves the buffer it fills), so the
   * caller goes on with the result's buffer, not its own.
   */
  read(into: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>>;
  /** Stops reading and lets go of the file. */
  close(): void;
}

/** Where an incoming file's bytes go, written as they arrive. */
export interface ByteSink {
  write(offset: number, data: Uint8Array): Promise<void>;
  /**
   * Makes everything written so far durable, so that a checkpoint can rely on it, and resolves true;
   * or resolves false where a flush costs more than a checkpoint is worth just now (no checkpoint).
   */
  flush(): Promise<boolean>;
  /** Cuts the file back to `length` bytes (to resume from a checkpoint). */
  truncate(length: number): Promise<void>;
  /** The file is complete and verified. */
  finish(): Promise<void>;
  /** The transfer failed or was cancelled: delete what was written. */
  discard(): Promise<void>;
}

/** An incremental SHA-256 of a file's bytes, fed in order. */
export interface FileHash {
  update(data: Uint8Array): void;
  /** The digest in hex: once, after the last update. */
  hex(): string;
  /**
   * The state so far, to resume from after a reload; null where the implementation cannot give
   * one, and the receiver then makes no checkpoints.
   */
  save(): Uint8Array | null;
}

/** How this platform hashes files. */
export interface Hashing {
  create(): Promise<FileHash>;
  /** A hash that goes on from a state `save` gave. */
  resume(state: Uint8Array): Promise<FileHash>;
  /** A file was offered: get ready, so the first update does not stall the transfer. */
  warmUp(): void;
}
