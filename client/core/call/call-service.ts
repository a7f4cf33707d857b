/**
 * One piece on purpose, though long: the call is one state machine (ringing, crossed rings, accept,
 * media, link proof, mute and camera states, every ending) over one current call and one timer, and
 * each `call` frame, signal and link event is judged against that same state. Split, every part
 * would need the whole call. The call's value type is in call.ts, the media seam in media-port.ts.
 */
import { encodeSignalEnvelope, type LinkSignal, type PeerFrame } from '../../../common/peer-wire.ts';
import type { CallAction, CallMedia, ServerMessageOf } from '../../../common/protocol.ts';
import { sameUser, type Username } from '../../../common/username.ts';
import type { PeerIdentities } from '../identity/peer-identities.ts';
import { FrameBudget } from '../peers/frame-budget.ts';
import type { PeerLink, PeerLinkFactory } from '../peers/peer-link.ts';
import { exchangeProofs } from '../peers/proof-exchange.ts';
import type { MediaStreamLike, MediaTrack } from '../peers/webrtc-types.ts';
import type { SignalingClient } from '../signaling/signaling-client.ts';
import { Emitter } from '../util/emitter.ts';
import { randomId } from '../util/random-id.ts';
import { newCall, type Call, type CallEnding } from './call.ts';
import { MediaUnavailable, type MediaPort } from './media-port.ts';

type CallEvents = {
  /** The call changed (or is gone: `null`). Calls are immutable values; every change is a new one. */
  change: (call: Call | null) => void;
};

/** A call whose media link has not opened after this long is lost. */
const CONNECT_TIMEOUT_MS = 20_000;

/** How long a closed call link waits for the server's `hangup` before the call counts as lost. */
const WORD_AFTER_CLOSE_MS = 2000;

/** How long a running call's path may stay unreachable (it can recover by itself) before the call is lost. */
const UNREACHABLE_MS = 8000;

const ENDED_ACTIONS: Partial<Record<CallAction, CallEnding>> = {
  decline: 'declined',
  busy: 'busy',
  cancel: 'cancelled',
  timeout: 'no-answer',
  'no-media': 'no-permission',
  hangup: 'hung-up',
};

/**
 * One call at a time, from ringing to hang-up. Ringing and every end state travel through the
 * server as `call` frames; media flow peer-to-peer on a link of their own (not the chat link, so a
 * call never disturbs a file transfer and ends without touching the chat). The link's negotiation
 * rides on `signal` frames tagged with the call id; the caller makes the offer once accepted.
 *
 * The server relays that negotiation, so before anything of the call is shown or sent, the call's
 * own connection is proven like a chat link (`proof-exchange.ts`): until then our tracks are
 * disabled (they send black frames and silence) and the other side's stream is held back.
 */
export class CallService extends Emitter<CallEvents> {
  #call: Call | null = null;
  #link: PeerLink | null = null;
  #screen: MediaTrack | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Whether the current call's connection has been proven. */
  #proven = false;

  constructor(
    private readonly signaling: SignalingClient,
    /** The camera, microphone and screen of this platform. */
    private readonly media: MediaPort,
    private readonly createLink: PeerLinkFactory,
    private readonly identities: PeerIdentities,
  ) {
    super();
    signaling.on('call', (from, message) => this.#onCallFrame(from, message));
    signaling.on('signal', (from, envelope) => {
      if (envelope.kind === 'call') this.#onSignal(from, envelope.callId, envelope.signal);
    });
    signaling.on('message', (message) => {
      if (message.type === 'error' && message.code === 'user-offline' && message.ref === this.#call?.id) this.#end('offline', false);
    });
    signaling.on('user-left', (user) => {
      if (this.#call && this.#call.phase !== 'ended' && sameUser(user, this.#call.peer)) this.#end('connection-lost', false);
    });
  }

  get current(): Call | null {
    return this.#call;
  }

  /** Whether a call is ringing or running (an ended one still shown does not count). */
  get busy(): boolean {
    return this.#call !== null && this.#call.phase !== 'ended';
  }

  /** Rings `peer`. The microphone (and camera) open first, so a refusal shows before anyone is disturbed. */
  async start(peer: Username, media: CallMedia): Promise<void> {
    if (this.busy) return;
    const call = newCall(randomId(), peer, media, 'outgoing');
    this.#set(call);
    const local = await this.#openMedia(call);
    if (!local) return;
    if (!this.#send('ring')) return this.#end('offline', true);
    // The caller owns the timeout; it tells the callee, who then shows a missed call.
    this.#arm(this.signaling.callTimeoutMs, () => this.#finish('timeout', 'no-answer'));
  }

  /** Answers the ringing call: opens our media, then lets the caller make the offer. */
  async accept(): Promise<void> {
    const call = this.#call;
    if (call?.phase !== 'incoming') return;
    this.#patch({ phase: 'connecting' });
    const local = await this.#openMedia(call);
    if (!local) return;
    this.#startLink(false);
    this.#send('accept');
  }

  decline(): void {
    if (this.#call?.phase === 'incoming') this.#finish('decline', 'declined');
  }

  /** Ends the call in whatever phase it is: cancels a ringing one, declines an incoming one. */
  hangUp(): void {
    const phase = this.#call?.phase;
    if (phase === 'outgoing') this.#finish('cancel', 'cancelled');
    else if (phase === 'incoming') this.decline();
    else if (phase === 'connecting' || phase === 'active') this.#finish('hangup', 'hung-up');
  }

  /** Forgets an ended call (the user closed its summary). */
  dismiss(): void {
    if (this.#call?.phase === 'ended') this.#set(null);
  }

  /** Mutes or unmutes the microphone; the other side is told. A muted track sends silence. */
  setMuted(muted: boolean): void {
    if (!this.busy) return;
    this.#patch({ muted });
    this.#applyTrackStates();
    this.#tellPeer();
  }

  /** Turns the camera off (black frames go out) or on again; the other side is told. */
  setCameraOff(cameraOff: boolean): void {
    if (!this.busy || this.#call!.media !== 'video') return;
    this.#patch({ cameraOff });
    this.#applyTrackStates();
    this.#tellPeer();
  }

  /** Sends a screen instead of the camera until the share ends (the browser's own "Stop sharing" too). */
  async shareScreen(): Promise<void> {
    const call = this.#call;
    const camera = call?.local?.getVideoTracks()[0];
    if (call?.phase !== 'active' || !camera || this.#screen || !this.#link) return;
    const screen = await this.media.openScreen();
    if (!screen || this.#call?.id !== call.id || !this.#link) return screen?.stop();
    this.#link.replaceTrack(camera, screen, call.local!);
    this.#screen = screen;
    this.#patch({ sharingScreen: true });
    screen.addEventListener('ended', () => this.stopSharing(), { once: true });
  }

  /** Ends a screen share, back to the camera. */
  stopSharing(): void {
    const screen = this.#screen;
    const camera = this.#call?.local?.getVideoTracks()[0];
    if (!screen) return;
    this.#screen = null;
    screen.stop();
    if (camera && this.#link) this.#link.replaceTrack(screen, camera, this.#call!.local!);
    this.#patch({ sharingScreen: false });
  }

  async #openMedia(call: Call): Promise<MediaStreamLike | null> {
    try {
      const local = await this.media.open(call.media);
      if (!this.#isLive(call)) {
        local.getTracks().forEach((track) => track.stop());
        return null;
      }
      this.#patch({ local });
      return local;
    } catch (error) {
      if (!this.#isLive(call)) return null;
      const reason = error instanceof MediaUnavailable ? error.reason : 'no-device';
      // A callee who accepted tells the caller why, instead of leaving it waiting.
      if (call.direction === 'incoming') this.#finish('no-media', reason);
      else this.#end(reason, true);
      return null;
    }
  }

  /** Whether `call` is still the current call and not over (it may have ended while we awaited). */
  #isLive(call: Call): boolean {
    return this.#call?.id === call.id && this.#call.phase !== 'ended';
  }

  #onCallFrame(from: Username, message: ServerMessageOf<'call'>): void {
    const call = this.#call;
    if (message.action === 'ring') {
      if (call?.phase === 'outgoing' && sameUser(from, call.peer)) return this.#onCrossedRing(call, from, message);
      if (this.busy) return void this.signaling.send({ type: 'call', to: from.display, callId: message.callId, action: 'busy' });
      return this.#ringing(from, message);
    }
    if (!call || call.id !== message.callId || !sameUser(from, call.peer) || call.phase === 'ended') return;
    if (message.action === 'accept' && call.phase === 'outgoing') {
      this.#patch({ phase: 'connecting' });
      this.#startLink(true);
      return;
    }
    const ending = ENDED_ACTIONS[message.action];
    if (ending) this.#end(ending, false);
  }

  /**
   * We ring them while they ring us. Answering "busy" both ways would leave two people who want to
   * talk not talking: the one whose name key sorts last drops its own call and shows theirs ringing,
   * to be answered; the other ignores their ring and waits for the answer to its own.
   */
  #onCrossedRing(call: Call, from: Username, ring: ServerMessageOf<'call'>): void {
    if ((this.signaling.me?.key ?? '') < call.peer.key) return;
    this.#send('cancel', call);
    // Theirs may be the other kind of call: `accept` opens what it needs.
    for (const track of call.local?.getTracks() ?? []) track.stop();
    this.#ringing(from, ring);
  }

  #ringing(from: Username, ring: ServerMessageOf<'call'>): void {
    this.#set(newCall(ring.callId, from, ring.media ?? 'audio', 'incoming'));
    // Should the caller vanish without a word, stop ringing a little after it would have given up.
    this.#arm(this.signaling.callTimeoutMs + 5000, () => this.#end('no-answer', false));
  }

  #onSignal(from: Username, callId: string, signal: LinkSignal): void {
    const call = this.#call;
    if (!call || callId !== call.id || !sameUser(from, call.peer)) return;
    this.#link?.signal(signal);
  }

  #startLink(initiator: boolean): void {
    const call = this.#call!;
    this.#proven = false;
    this.#applyTrackStates();
    const link = this.createLink({ initiator, ...this.signaling.rtcConfig, stream: call.local });
    this.#link = link;
    const mine = () => this.#link === link;
    link.on('signal', (signal) => {
      const data = encodeSignalEnvelope({ kind: 'call', callId: call.id, signal });
      this.signaling.send({ type: 'signal', to: call.peer.display, data });
    });
    let remote: MediaStreamLike | undefined;
    link.on('stream', (stream) => {
      remote = stream;
      if (mine() && this.#proven) this.#patch({ remote });
    });
    link.on('open', () => {
      const me = this.signaling.me;
      if (!mine() || !me) return;
      void exchangeProofs({ identities: this.identities, me, peer: call.peer, link, lane: 'call' }).then((verdict) => {
        if (!mine()) return;
        if (verdict !== 'proven' && verdict !== 'unverifiable') return this.#finish('hangup', 'not-proven');
        clearTimeout(this.#timer);
        this.#proven = true;
        this.#applyTrackStates();
        this.#patch({ phase: 'active', startedAt: Date.now(), remote });
        this.#tellPeer();
        void link.route().then((route) => mine() && route && this.#patch({ route }));
      }, () => mine() && this.#finish('hangup', 'connection-lost'));
    });
    // Each frame redraws the call: held to the link's budget like the chat's (over it, dropped).
    const budget = new FrameBudget();
    link.on('frame', (frame) => mine() && budget.judge(frame) === 'take' && this.#proven && this.#onPeerFrame(frame));
    link.on('reachable', (reachable) => {
      if (!mine() || this.#call?.phase !== 'active') return;
      if (reachable) clearTimeout(this.#timer);
      else this.#arm(UNREACHABLE_MS, () => this.#finish('hangup', 'connection-lost'));
    });
    link.on('close', () => {
      if (!mine()) return;
      // A hang-up tears the link down at once, and that can reach us before the server relays the
      // `hangup` itself: wait a moment for the word before calling it a lost connection.
      this.#link = null;
      this.#arm(WORD_AFTER_CLOSE_MS, () => this.#finish('hangup', 'connection-lost'));
    });
    this.#arm(CONNECT_TIMEOUT_MS, () => this.#finish('hangup', 'connection-lost'));
  }

  /** Our tracks send what the user chose once the call is proven, and black frames and silence before. */
  #applyTrackStates(): void {
    const call = this.#call;
    const proven = this.#proven;
    for (const track of call?.local?.getAudioTracks() ?? []) track.enabled = proven && !call!.muted;
    for (const track of call?.local?.getVideoTracks() ?? []) track.enabled = proven && !call!.cameraOff;
  }

  #onPeerFrame(frame: PeerFrame): void {
    if (frame.t === 'media') this.#patch({ peerMuted: frame.muted, peerCameraOff: frame.cameraOff });
  }

  #tellPeer(): void {
    const call = this.#call;
    if (call) this.#link?.send({ t: 'media', muted: call.muted, cameraOff: call.cameraOff });
  }

  /** Tells the other side why the call ends (through the server, which works when the link does not), then ends it here. */
  #finish(action: CallAction, reason: CallEnding): void {
    this.#send(action);
    this.#end(reason, true);
  }

  #send(action: CallAction, call = this.#call): boolean {
    if (!call) return false;
    const media = action === 'ring' ? call.media : undefined;
    // The ring carries the call id as its frame id, so a `user-offline` error can be matched to it.
    const id = action === 'ring' ? call.id : undefined;
    return this.signaling.send({ type: 'call', id, to: call.peer.display, callId: call.id, action, media });
  }

  #end(reason: CallEnding, byMe: boolean): void {
    const call = this.#call;
    if (!call || call.phase === 'ended') return;
    clearTimeout(this.#timer);
    const link = this.#link;
    this.#link = null;
    link?.destroy();
    this.#screen?.stop();
    this.#screen = null;
    for (const track of call.local?.getTracks() ?? []) track.stop();
    this.#patch({ phase: 'ended', ending: { reason, byMe }, remote: undefined });
  }

  #arm(ms: number, callback: () => void): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(callback, ms);
  }

  #patch(changes: Partial<Call>): void {
    if (this.#call) this.#set({ ...this.#call, ...changes });
  }

  #set(call: Call | null): void {
    this.#call = call;
    this.emit('change', call);
  }
}
