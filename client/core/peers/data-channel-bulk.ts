import type { BulkChannel } from './bulk-channel.ts';
import type { DataChannelLike, PeerConnectionLike } from './webrtc-types.ts';

/** An RTCDataChannel as the transfer engine's `BulkChannel`. */
export class DataChannelBulk implements BulkChannel {
  constructor(
    private readonly channel: DataChannelLike,
    private readonly pc: PeerConnectionLike,
    /** Whether to poll `bufferedAmount` as well as wait for 'bufferedamountlow'. */
    private readonly pollForLow: boolean,
  ) {}

  get maxMessageSize(): number {
    // 64 KiB is what every implementation has accepted since before the SDP attribute existed.
    return this.pc.sctp?.maxMessageSize || 64 * 1024;
  }

  get bufferedAmount(): number {
    return this.channel.bufferedAmount;
  }

  send(frame: Uint8Array): void {
    if (this.channel.readyState !== 'open') throw new Error('bulk channel closed');
    this.channel.send(frame as Uint8Array<ArrayBuffer>);
  }

  waitForLow(threshold: number): Promise<void> {
    const channel = this.channel;
    if (channel.bufferedAmount <= threshold) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let poll: ReturnType<typeof setInterval> | undefined;
      const finish = (settle: () => void) => {
        clearInterval(poll);
        channel.removeEventListener('bufferedamountlow', onLow);
        channel.removeEventListener('close', onClose);
        settle();
      };
      const onLow = () => finish(resolve);
      const onClose = () => finish(() => reject(new Error('bulk channel closed')));
      channel.bufferedAmountLowThreshold = threshold;
      channel.addEventListener('bufferedamountlow', onLow);
      channel.addEventListener('close', onClose);
      if (this.pollForLow) {
        poll = setInterval(() => {
          if (channel.readyState !== 'open') onClose();
          else if (channel.bufferedAmount <= threshold) onLow();
        }, 5);
      }
    });
  }

  onMessage(listener: (frame: Uint8Array) => void): () => void {
    const handler = (event: { data: unknown }) => {
      if (event.data instanceof ArrayBuffer) listener(new Uint8Array(event.data));
    };
    this.channel.addEventListener('message', handler);
    return () => this.channel.removeEventListener('message', handler);
  }
}
