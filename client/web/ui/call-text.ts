import { msg, str } from '@lit/localize';
import type { CallMedia } from '../../../common/protocol.ts';
import type { Call, CallEnding } from '../../core/call/call.ts';
import type { CallRecord } from '../chat/stored-message.ts';

const ENDING_TEXT: Record<CallEnding, (peer: string, byMe: boolean) => string> = {
  declined: (peer, byMe) => (byMe ? msg('You declined the call', { id: 'call-text.declined-by-me' }) : msg(str`${peer} declined the call`, { id: 'call-text.declined' })),
  busy: (peer) => msg(str`${peer} is busy in another call`, { id: 'call-text.busy' }),
  'no-answer': (peer, byMe) => (byMe ? msg(str`No answer from ${peer}`, { id: 'call-text.no-answer-by-me' }) : msg(str`Missed call from ${peer} (no answer)`, { id: 'call-text.no-answer' })),
  cancelled: (peer, byMe) => (byMe ? msg('Call cancelled', { id: 'call-text.cancelled-by-me' }) : msg(str`${peer} cancelled the call`, { id: 'call-text.cancelled' })),
  'hung-up': (peer, byMe) => (byMe ? msg('You hung up', { id: 'call-text.hung-up-by-me' }) : msg(str`${peer} hung up`, { id: 'call-text.hung-up' })),
  'connection-lost': () => msg('Connection lost', { id: 'call-text.connection-lost' }),
  'no-permission': (peer, byMe) => (byMe ? msg('No microphone/camera permission', { id: 'call-text.no-permission-by-me' }) : msg(str`${peer} has no microphone/camera permission`, { id: 'call-text.no-permission' })),
  'no-device': (peer, byMe) => (byMe ? msg('No microphone/camera found', { id: 'call-text.no-device-by-me' }) : msg(str`${peer} has no microphone/camera`, { id: 'call-text.no-device' })),
  offline: (peer) => msg(str`${peer} is offline`, { id: 'call-text.offline' }),
  'not-proven': (peer) => msg(str`Call stopped: the connection is not one ${peer}'s identity key vouches for (someone in the middle, or a changed key)`, { id: 'call-text.not-proven' }),
};

/** `Voice call` / `Video call`. */
export function callKind(call: { media: CallMedia }): string {
  return call.media === 'video' ? msg('Video call', { id: 'call-text.video-call' }) : msg('Voice call', { id: 'call-text.voice-call' });
}

/** Where the call stands, in words, for its `role="status"` line. */
export function describeCall(call: Call, now = Date.now()): string {
  const peer = call.peer.display;
  switch (call.phase) {
    case 'outgoing':
      return msg(str`Ringing ${peer}…`, { id: 'call-text.ringing' });
    case 'incoming':
      return msg(str`${peer} is calling`, { id: 'call-text.calling' });
    case 'connecting':
      return msg('Connecting…', { id: 'call-text.connecting' });
    case 'active': {
      const inCall = msg(str`In call · ${formatElapsed(now - (call.startedAt ?? now))}`, { id: 'call-text.in-call' });
      if (!call.route) return inCall;
      return `${inCall} · ${call.route === 'relay' ? msg('relayed via TURN', { id: 'call-text.relayed' }) : msg('direct', { id: 'call-text.direct' })}`;
    }
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
    // Whole phrases: German nouns keep their capital, so `kind` cannot be lower-cased into one.
    return call.media === 'video' ? msg('Missed video call', { id: 'call-text.missed-video' }) : msg('Missed voice call', { id: 'call-text.missed-voice' });
  }
  const outcome: Partial<Record<CallEnding, string>> = {
    declined: msg('declined', { id: 'call-text.outcome-declined' }),
    busy: msg('busy', { id: 'call-text.outcome-busy' }),
    'no-answer': msg('no answer', { id: 'call-text.outcome-no-answer' }),
    cancelled: msg('cancelled', { id: 'call-text.outcome-cancelled' }),
    'no-permission': msg('no microphone/camera permission', { id: 'call-text.outcome-no-permission' }),
    'no-device': msg('no microphone/camera', { id: 'call-text.outcome-no-device' }),
    offline: msg('offline', { id: 'call-text.outcome-offline' }),
    'not-proven': msg('stopped: identity not proven', { id: 'call-text.outcome-not-proven' }),
  };
  return `${kind} · ${(reason && outcome[reason]) ?? msg('ended', { id: 'call-text.outcome-ended' })}`;
}

/** `m:ss`, or `h:mm:ss` past the hour. */
export function formatElapsed(ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  const [h, m, s] = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60];
  const pad = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${pad(m)}:${pad(s)}` : `${m}:${pad(s)}`;
}
