/** A camera and microphone without devices: fake streams whose tracks record what the call service does to them. */
import type { CallMedia } from '../../common/protocol.ts';
import { MediaUnavailable, type MediaFailure, type MediaPort } from '../../client/core/call/media-port.ts';
import type { MediaStreamLike, MediaTrack } from '../../client/core/peers/webrtc-types.ts';

export class FakeTrack implements MediaTrack {
  enabled = true;
  stopped = false;

  constructor(readonly kind: 'audio' | 'video') {}

  stop(): void {
    this.stopped = true;
  }

  addEventListener(): void {}
}

export class FakeStream implements MediaStreamLike {
  readonly tracks: FakeTrack[];

  constructor(media: CallMedia) {
    this.tracks = media === 'video' ? [new FakeTrack('audio'), new FakeTrack('video')] : [new FakeTrack('audio')];
  }

  getTracks(): FakeTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeTrack[] {
    return this.tracks.filter((track) => track.kind === 'audio');
  }
  getVideoTracks(): FakeTrack[] {
    return this.tracks.filter((track) => track.kind === 'video');
  }
}

export interface FakeMedia extends MediaPort {
  /** Every stream `open` handed out, in order. */
  readonly opened: FakeStream[];
}

/** Opens a fresh fake stream on every call; with `refuse`, rejects instead, saying why. */
export function fakeMedia(refuse?: MediaFailure): FakeMedia {
  const opened: FakeStream[] = [];
  return {
    opened,
    open(media) {
      if (refuse) return Promise.reject(new MediaUnavailable(refuse));
      const stream = new FakeStream(media);
      opened.push(stream);
      return Promise.resolve(stream);
    },
    openScreen: () => Promise.resolve(null),
  };
}
