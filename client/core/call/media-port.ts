import type { CallMedia } from '../../../common/protocol.ts';
import type { MediaStreamLike, MediaTrack } from '../peers/webrtc-types.ts';

/** Why the camera or microphone could not be opened, as a call's end state. */
export type MediaFailure = 'no-permission' | 'no-device';

export class MediaUnavailable extends Error {
  constructor(readonly reason: MediaFailure, cause?: unknown) {
    // The words for the user come from the call's end state; this is for logs.
    super(`camera/microphone unavailable: ${reason}`, { cause });
  }
}

/** The platform's camera, microphone and screen, as the call service needs them. */
export interface MediaPort {
  /** Opens the microphone (and the camera for a video call); rejects with `MediaUnavailable` saying why. */
  open(media: CallMedia): Promise<MediaStreamLike>;
  /** Asks the user for a screen, window or tab to share: its video track, or null if they said no. */
  openScreen(): Promise<MediaTrack | null>;
}

/** A platform without camera or microphone (the Node peer): every call it answers ends as `no-device`. */
export const NO_MEDIA: MediaPort = {
  open: () => Promise.reject(new MediaUnavailable('no-device')),
  openScreen: () => Promise.resolve(null),
};
