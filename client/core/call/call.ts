import type { CallMedia } from '../../../common/protocol.ts';
import type { Username } from '../../../common/username.ts';
import type { Route } from '../peers/peer-link.ts';
import type { MediaStreamLike } from '../peers/webrtc-types.ts';

export const CALL_PHASES = ['outgoing', 'incoming', 'connecting', 'active', 'ended'] as const;
export type CallPhase = (typeof CALL_PHASES)[number];

/**
 * Every way a call ends, each shown in words on both sides. `not-proven`: the call's connection is
 * not one the other side's identity key vouches for, or the key is not the one known for them.
 */
export const CALL_ENDINGS = [
  'declined', 'busy', 'no-answer', 'cancelled', 'hung-up', 'connection-lost', 'no-permission', 'no-device', 'offline', 'not-proven',
] as const;
export type CallEnding = (typeof CALL_ENDINGS)[number];

/** One call, from ringing to its end. An immutable value: every change makes a new one. */
export interface Call {
  id: string;
  /** The other person. */
  peer: Username;
  media: CallMedia;
  direction: 'outgoing' | 'incoming';
  phase: CallPhase;
  /** Set once ended: why, and whether this side did it. */
  ending?: { reason: CallEnding; byMe: boolean };
  /** When media started flowing (`active`). */
  startedAt?: number;
  local?: MediaStreamLike;
  remote?: MediaStreamLike;
  route?: Route;
  muted: boolean;
  cameraOff: boolean;
  sharingScreen: boolean;
  /** What the other side last told us about its microphone and camera. */
  peerMuted: boolean;
  peerCameraOff: boolean;
}

export function newCall(id: string, peer: Username, media: CallMedia, direction: Call['direction']): Call {
  return {
    id, peer, media, direction,
    phase: direction,
    muted: false, cameraOff: false, sharingScreen: false, peerMuted: false, peerCameraOff: false,
  };
}
