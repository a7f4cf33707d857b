import type { CallMedia } from '../../../common/protocol.ts';
import type { Call, CallEnding } from '../../core/call/call.ts';
import type { CallRecord } from '../chat/stored-message.ts';

const ENDING_TEXT: Record<CallEnding, (peer: string, byMe: boolean) => string> = {
  declined: (peer, byMe) => (byMe ? 'You declined the call' : `${peer} declined the call`),
  busy: (peer) => `${peer} is busy in another call`,
  'no-answer': (peer, byMe) => (byMe ? `No answer from ${peer}` : `Missed call from ${peer} (no answer)`),
  cancelled: (peer, byMe) => (byMe ? 'Call cancelled' : `${peer} cancelled the call`),
  'hung-up': (peer, byMe) => (byMe ? 'You hung up' : `${peer} hung up`),
  'connection-lost': () => 'Connection lost',
  'no-permission': (peer, byMe) => (byMe ? 'No microphone/camera permission' : `${peer} has no microphone/camera permission`),
  'no-device': (peer, byMe) => (byMe ? 'No microphone/camera found' : `${peer} has no microphone/camera`),
  offline: (peer) => `${peer} is offline`,
  'not-proven': (peer) => `Call stopped: the connection is not one ${peer}'s identity key vouches for (someone in the middle, or a changed key)`,
};

/** `Voice call` / `Video call`. */
export function callKind(call: { media: CallMedia }): string {
  return call.media === 'video' ? 'Video call' : 'Voice call';
}

/** Where the call stands, in words, for its `role="status"` line. */
export function describeCall(call: Call, now = Date.now()): string {
  const peer = call.peer.display;
  switch (call.phase) {
    case 'outgoing':
      return `Ringing ${peer}…`;
    case 'incoming':
      return `${peer} is calling`;
    case 'connecting':
      return 'Connecting…';
    case 'active':
      return `In call · ${formatElapsed(now - (call.startedAt ?? now))}${call.route ? (call.route === 'relay' ? ' · relayed via TURN' : ' · direct') : ''}`;
    case 'ended':
      return ENDING_TEXT[call.ending!.reason](peer, call.ending!.byMe);
  }
}

/** One line for the conversation's history: `Video call · 2:13`, `Missed voice call`, `Voice call · declined`. */
export function summarizeCall(call: CallRecord): string {
  const kind = callKind(call);
  const reason = call.ending;
  if (call.durationMs !== undefined) return `${kind} · ${formatElapsed(call.durationMs)}`;
  if (call.direction === 'incoming' && (reason === 'no-answer' || reason === 'cancelled' || reason === 'connection-lost')) {
    return `Missed ${kind.toLowerCase()}`;
  }
  const outcome: Partial<Record<CallEnding, string>> = {
    declined: 'declined', busy: 'busy', 'no-answer': 'no answer', cancelled: 'cancelled',
    'no-permission': 'no microphone/camera permission', 'no-device': 'no microphone/camera', offline: 'offline',
    'not-proven': 'stopped: identity not proven',
  };
  return `${kind} · ${(reason && outcome[reason]) ?? 'ended'}`;
}

/** `m:ss`, or `h:mm:ss` past the hour. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
