/**
 * The parts of the WebRTC and media APIs the core touches, as structural types. The browser's
 * objects and Node's (`@roamhq/wrtc`) both fit them, and the core compiles without the DOM.
 */

export interface MediaTrack {
  enabled: boolean;
  stop(): void;
  addEventListener(type: 'ended', listener: () => void, options?: { once?: boolean }): void;
}

/** A camera/microphone stream (or the other side's). */
export interface MediaStreamLike {
  getTracks(): MediaTrack[];
  getAudioTracks(): MediaTrack[];
  getVideoTracks(): MediaTrack[];
}

export interface DataChannelLike {
  binaryType: string;
  readonly readyState: string;
  readonly bufferedAmount: number;
  bufferedAmountLowThreshold: number;
  send(data: Uint8Array<ArrayBuffer>): void;
  addEventListener(type: 'open' | 'close' | 'bufferedamountlow', listener: () => void, options?: { once?: boolean }): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  removeEventListener(type: 'close' | 'bufferedamountlow', listener: () => void): void;
  removeEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}

interface StatsReport {
  readonly type: string;
  readonly id: string;
  readonly [field: string]: unknown;
}

export interface PeerConnectionLike {
  readonly localDescription: { readonly sdp: string } | null;
  readonly remoteDescription: { readonly sdp: string } | null;
  addEventListener(type: 'signalingstatechange', listener: () => void): void;
  removeEventListener(type: 'signalingstatechange', listener: () => void): void;
  readonly sctp: { readonly maxMessageSize: number } | null;
  createDataChannel(label: string, options: { negotiated: boolean; id: number; ordered: boolean }): DataChannelLike;
  getStats(): Promise<{ forEach(callback: (report: StatsReport) => void): void; get(id: string): StatsReport | undefined }>;
}
