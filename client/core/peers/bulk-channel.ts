/** The bulk lane of a peer link: binary frames, with a send queue whose size can be watched. */
export interface BulkChannel {
  /** Largest frame `send` accepts, in bytes. */
  readonly maxMessageSize: number;
  /** Bytes queued for sending and not yet handed to the network. */
  readonly bufferedAmount: number;
  /** Queues a copy of one frame (the caller may reuse its buffer at once); throws when the channel is closed. */
  send(frame: Uint8Array): void;
  /** Resolves once `bufferedAmount` is at most `threshold`; rejects if the channel closes first. */
  waitForLow(threshold: number): Promise<void>;
  /** Delivers every frame received, each in memory of its own that the listener may keep; returns the function that stops delivery. */
  onMessage(listener: (frame: Uint8Array) => void): () => void;
}
