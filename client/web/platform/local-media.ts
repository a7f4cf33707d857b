import type { CallMedia } from '../../../common/protocol.ts';
import { MediaUnavailable, type MediaPort } from '../../core/call/media-port.ts';

/** The browser's camera, microphone and screen (getUserMedia, getDisplayMedia). */
export const browserMedia: MediaPort = { open: openLocalMedia, openScreen };

/** Opens the microphone (and camera for a video call); fails with a `MediaUnavailable` saying why. */
async function openLocalMedia(media: CallMedia): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new MediaUnavailable('no-device', new Error('no mediaDevices'));
  try {
    return await navigator.mediaDevices.getUserMedia({ audio: true, video: media === 'video' });
  } catch (error) {
    const name = (error as DOMException).name;
    // NotAllowedError: the user or a policy said no; SecurityError: not a secure context.
    const reason = name === 'NotAllowedError' || name === 'SecurityError' ? 'no-permission' : 'no-device';
    throw new MediaUnavailable(reason, error);
  }
}

/** Asks the user for a screen, window or tab to share; its video track, or null if they said no. */
async function openScreen(): Promise<MediaStreamTrack | null> {
  try {
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    return screen.getVideoTracks()[0] ?? null;
  } catch {
    return null;
  }
}
