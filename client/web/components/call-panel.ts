/**
 * One piece on purpose, though long: one panel, its markup and its styles (half the file). The stage,
 * the status and the controls all read the same call and the same minimised and full-screen state;
 * the words are in ui/call-text.ts and moving the panel is movable.ts.
 */
import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing, type PropertyValues } from 'lit';
import { live } from 'lit/directives/live.js';
import type { Call } from '../../core/call/call.ts';
import { callKind, describeCall } from '../ui/call-text.ts';
import { fire } from '../ui/fire.ts';
import { theme } from '../ui/theme.ts';
import { Movable } from './movable.ts';
import './user-avatar.ts';

/**
 * The call in progress (or how it just ended): the other side's video, or their name and a timer
 * for a voice call, a small preview of our camera, and the in-call buttons.
 *
 * @fires hang-up - cancel a ringing call, or end a running one
 * @fires set-muted - `detail: boolean`
 * @fires set-camera-off - `detail: boolean`
 * @fires share-screen
 * @fires stop-sharing
 * @fires dismiss - close the summary of an ended call
 */
export class CallPanel extends LitElement {
  static override properties = {
    call: { attribute: false },
    canShareScreen: { type: Boolean },
    playRefused: { state: true },
    minimised: { state: true },
  };
  declare call: Call;
  declare canShareScreen: boolean;
  /** The browser would not start the other side's sound without a tap: `Play call` asks for one. */
  declare playRefused: boolean;
  /** Only the name, the status and the buttons: the conversation behind stays readable. */
  declare minimised: boolean;
  #clock: ReturnType<typeof setInterval> | undefined;
  readonly #movable = new Movable(this);

  constructor() {
    super();
    this.canShareScreen = false;
    this.playRefused = false;
    this.minimised = false;
  }

  override render() {
    const call = this.call;
    const video = call.media === 'video';
    const live = call.phase === 'connecting' || call.phase === 'active';
    return html`
      <section class=${video ? 'video' : 'voice'} aria-label=${msg(str`${callKind(call)} with ${call.peer.display}`, { id: 'call-panel.label' })}>
        <button
          class="grip"
          aria-label=${msg('Move', { id: 'call-panel.move' })}
          title=${msg('Drag to move, or use the arrow keys', { id: 'call-panel.move-how' })}
          @pointerdown=${this.#movable.onPointerDown}
          @pointermove=${this.#movable.onPointerMove}
          @pointerup=${this.#movable.onPointerUp}
          @pointercancel=${this.#movable.onPointerUp}
          @keydown=${this.#movable.onKeyDown}
        ></button>
        ${call.phase === 'ended' ? nothing : video ? this.#videoStage(call) : this.#voiceStage(call)}
        <p class="status ${call.phase}" role="status">${describeCall(call)}</p>
        <p class="peer-state" aria-live="polite">${peerState(call)}</p>
        <div class="controls">
          ${this.playRefused && live ? html`<button @click=${() => this.#playRemote()}>${msg('Play call', { id: 'call-panel.play' })}</button>` : nothing}
          ${call.phase === 'outgoing' ? html`<button class="end" @click=${() => fire(this, 'hang-up')}>${msg('Cancel', { id: 'call-panel.cancel' })}</button>` : nothing}
          ${live
            ? html`
                <button aria-pressed=${call.muted} @click=${() => fire(this, 'set-muted', !call.muted)}>${call.muted ? msg('Unmute', { id: 'call-panel.unmute' }) : msg('Mute', { id: 'call-panel.mute' })}</button>
                ${video
                  ? html`<button aria-pressed=${call.cameraOff} @click=${() => fire(this, 'set-camera-off', !call.cameraOff)}>${call.cameraOff ? msg('Camera on', { id: 'call-panel.camera-on' }) : msg('Camera off', { id: 'call-panel.camera-off' })}</button>`
                  : nothing}
                ${video && this.canShareScreen && call.phase === 'active'
                  ? call.sharingScreen
                    ? html`<button aria-pressed="true" @click=${() => fire(this, 'stop-sharing')}>${msg('Stop sharing', { id: 'call-panel.stop-sharing' })}</button>`
                    : html`<button @click=${() => fire(this, 'share-screen')}>${msg('Share screen', { id: 'call-panel.share-screen' })}</button>`
                  : nothing}
                <button aria-pressed=${this.minimised} @click=${() => (this.minimised = !this.minimised)}>${msg('Minimise', { id: 'call-panel.minimise' })}</button>
                ${video && document.fullscreenEnabled
                  ? html`<button @click=${this.#toggleFullScreen}>${document.fullscreenElement ? msg('Exit full screen', { id: 'call-panel.exit-full-screen' }) : msg('Full screen', { id: 'call-panel.full-screen' })}</button>`
                  : nothing}
                <button class="end" @click=${() => fire(this, 'hang-up')}>${msg('Hang up', { id: 'call-panel.hang-up' })}</button>
              `
            : nothing}
          ${call.phase === 'ended' ? html`<button @click=${() => fire(this, 'dismiss')}>${msg('Close', { id: 'call-panel.close' })}</button>` : nothing}
        </div>
      </section>
    `;
  }

  // Streams are bound through `live`: lit commits an object to a property binding on every render,
  // and a media element given its `srcObject` again, even the same stream, reloads and starts over.
  // The timer renders every second; `live` assigns only when the element holds a different stream.
  #videoStage(call: Call) {
    return html`
      <div class="stage" ?hidden=${this.minimised}>
        <p class="caption">${call.peer.display}</p>
        <video class="remote" aria-label=${msg('Remote video', { id: 'call-panel.remote-video' })} autoplay playsinline .srcObject=${live(call.remote ?? null)}></video>
        ${call.peerCameraOff ? html`<p class="camera-off" aria-hidden="true">${peerCameraOff(call)}</p>` : nothing}
        ${call.local && call.phase !== 'ended'
          ? html`<video class="local" aria-label=${msg('Your camera', { id: 'call-panel.your-camera' })} autoplay playsinline muted .srcObject=${live(call.local)} ?hidden=${call.cameraOff && !call.sharingScreen}></video>`
          : nothing}
      </div>
    `;
  }

  #voiceStage(call: Call) {
    return html`
      <div class="stage" ?hidden=${this.minimised}>
        <user-avatar .name=${call.peer.display}></user-avatar>
        <h2>${call.peer.display}</h2>
        <audio autoplay .srcObject=${live(call.remote ?? null)}></audio>
      </div>
    `;
  }

  // The whole panel, so the buttons come along; the browser's own Escape leaves it too.
  async #toggleFullScreen(): Promise<void> {
    if (document.fullscreenElement) await document.exitFullscreen();
    else await this.renderRoot.querySelector('section')?.requestFullscreen();
  }

  protected override updated(changed: PropertyValues<this>): void {
    this.#playRemote();
    // The timer ticks while the call runs, and only then.
    if (!changed.has('call')) return;
    const ticking = this.call.phase === 'active';
    if (ticking && !this.#clock) this.#clock = setInterval(() => this.requestUpdate(), 1000);
    if (!ticking) this.#stopClock();
  }

  /**
   * Starts the other side's sound and picture wherever the browser left them paused: Firefox now and
   * then leaves an `autoplay` element with a live stream paused, and Safari on a phone plays sound
   * only from a tap (then `Play call` is shown, and its click calls this). Runs after every render,
   * so at least once a second while the call timer ticks.
   */
  #playRemote(): void {
    for (const element of this.renderRoot.querySelectorAll<HTMLMediaElement>('video.remote, audio')) {
      if (!element.srcObject || !element.paused) continue;
      element.play().then(
        () => (this.playRefused = false),
        (error: Error) => (this.playRefused ||= error.name === 'NotAllowedError'),
      );
    }
  }

  readonly #onFullScreen = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('fullscreenchange', this.#onFullScreen);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('fullscreenchange', this.#onFullScreen);
    this.#stopClock();
  }

  #stopClock(): void {
    clearInterval(this.#clock);
    this.#clock = undefined;
  }

  static override styles = [
    theme,
    css`
      /* Top right, under the conversation header: clear of the composer and its Send button. */
      :host {
        position: fixed;
        top: 72px;
        right: 16px;
        width: min(440px, calc(100vw - 32px));
        /* At 200 % zoom the viewport is short: the picture shrinks, the controls stay on screen. */
        max-height: calc(100dvh - 88px);
        display: flex;
        z-index: 10;
      }
      section {
        flex: 1;
        min-height: 0;
        display: flex;
        flex-direction: column;
        gap: 6px;
        padding: 12px;
        border-radius: 14px;
        background: var(--panel-raised);
        box-shadow: 0 12px 40px #000a;
      }
      .stage {
        position: relative;
        display: flex;
        flex-direction: column;
        align-items: center;
      }
      .video .stage {
        flex: 0 1 auto;
        min-height: 0;
        aspect-ratio: 4 / 3;
        background: #000;
        border-radius: 10px;
        overflow: hidden;
      }
      .remote {
        width: 100%;
        height: 100%;
        object-fit: contain;
      }
      .local {
        position: absolute;
        right: 8px;
        bottom: 8px;
        width: 28%;
        border-radius: 6px;
        border: 2px solid var(--panel-raised);
        transform: scaleX(-1);
      }
      .local[hidden],
      .stage[hidden] {
        display: none;
      }
      /* A video call names the other person: the conversation open behind may be someone else's. */
      .caption {
        position: absolute;
        left: 8px;
        top: 8px;
        z-index: 1;
        padding: 2px 8px;
        border-radius: 6px;
        background: #000a;
        color: #fff;
        font-size: 13px;
      }
      section:fullscreen {
        border-radius: 0;
      }
      section:fullscreen .stage {
        flex: 1;
        aspect-ratio: auto;
      }
      .camera-off {
        position: absolute;
        inset: 0;
        display: grid;
        place-items: center;
        margin: 0;
        color: var(--muted);
      }
      user-avatar {
        --avatar-size: 64px;
      }
      h2 {
        margin: 6px 0 0;
        font-size: 18px;
        font-weight: 500;
      }
      p {
        margin: 0;
        text-align: center;
      }
      .status {
        font-variant-numeric: tabular-nums;
      }
      .status.ended {
        color: var(--danger);
      }
      .peer-state {
        min-height: 1.2em;
        font-size: 13px;
        color: var(--muted);
      }
      .controls {
        display: flex;
        flex-wrap: wrap;
        justify-content: center;
        gap: 8px;
      }
      button {
        border: 1px solid var(--hover);
        background: var(--panel);
        border-radius: 22px;
        min-height: 44px;
        padding: 7px 14px;
      }
      button[aria-pressed='true'] {
        background: var(--hover);
      }
      /* A bar along the top to take hold of: a touch target's size, drawn as a short line. */
      .grip {
        flex: none;
        align-self: center;
        width: 96px;
        min-height: 44px;
        margin: -10px 0 -8px;
        padding: 0;
        border: 0;
        background: linear-gradient(var(--muted), var(--muted)) center / 40px 4px no-repeat;
        border-radius: 8px;
        cursor: grab;
        touch-action: none;
      }
      .grip:active {
        cursor: grabbing;
      }
      .end {
        background: var(--danger);
        border-color: var(--danger);
        color: #fff;
      }
    `,
  ];
}

/** What the other side is doing with its microphone and camera. */
function peerState(call: Call): string {
  if (call.phase !== 'active') return '';
  const parts = [call.peerMuted ? msg(str`${call.peer.display} is muted`, { id: 'call-panel.peer-muted' }) : '', call.peerCameraOff && call.media === 'video' ? peerCameraOff(call) : ''];
  return parts.filter(Boolean).join(' · ');
}

/** On the picture, and in the line assistive technology reads (the picture's copy is hidden from it). */
function peerCameraOff(call: Call): string {
  return msg(str`${call.peer.display}'s camera is off`, { id: 'call-panel.peer-camera-off' });
}

customElements.define('call-panel', CallPanel);
declare global {
  interface HTMLElementTagNameMap {
    'call-panel': CallPanel;
  }
}
