import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import type { Conversation } from '../chat/chat-model.ts';
import { capabilities, noCallsText, noPeerToPeerText } from '../platform/capabilities.ts';
import { fire } from '../ui/fire.ts';
import { describeLink } from '../ui/format.ts';
import { iconLabel, iconLabelStyles } from '../ui/icon-label.ts';
import { conversationTitle } from '../ui/conversation-title.ts';
import { theme } from '../ui/theme.ts';
import './identity-notice.ts';
import './message-composer.ts';
import './message-log.ts';
import './user-avatar.ts';

/**
 * One open conversation: header with the link state, the messages, the composer.
 *
 * @fires back - the user wants the conversation list (narrow screens)
 * @fires send-files - `detail: File[]`, chosen with `Send file` or dropped on the conversation
 * @fires retry-link - try the peer connection again after it failed
 * @fires start-call - `detail: 'audio' | 'video'`, with the person of this private chat
 * @fires verify - the user wants the safety number of this private chat
 * @fires accept-new-key - the user takes the person's changed identity key as theirs
 */
export class ConversationView extends LitElement {
  static override properties = {
    conversation: { attribute: false },
    onlineCount: { type: Number },
    canBroadcast: { type: Boolean },
    canCall: { type: Boolean },
    unreadElsewhere: { type: Number },
    narrow: { type: Boolean, reflect: true },
    dragging: { state: true },
  };
  declare conversation: Conversation;
  declare onlineCount: number;
  declare canBroadcast: boolean;
  /** False while another call rings or runs, or when this person is offline. */
  declare canCall: boolean;
  /** Unread messages in the other conversations: shown on Back where the list is out of sight. */
  declare unreadElsewhere: number;
  /** A phone-sized screen: the list and the chat take turns, and buttons show as icons. */
  declare narrow: boolean;
  declare dragging: boolean;

  constructor() {
    super();
    this.onlineCount = 0;
    this.canBroadcast = true;
    this.canCall = false;
    this.unreadElsewhere = 0;
    this.narrow = false;
    this.dragging = false;
    this.addEventListener('dragover', (event) => {
      if (this.conversation.kind !== 'private' || !capabilities.peerToPeer || !event.dataTransfer?.types.includes('Files')) return;
      event.preventDefault();
      this.dragging = true;
    });
    this.addEventListener('dragleave', (event) => {
      if (event.target === this) this.dragging = false;
    });
    this.addEventListener('drop', (event) => {
      this.dragging = false;
      if (this.conversation.kind !== 'private' || !capabilities.peerToPeer) return;
      event.preventDefault();
      this.#sendFiles([...(event.dataTransfer?.files ?? [])]);
    });
  }

  override render() {
    const c = this.conversation;
    const isRoom = c.kind === 'room';
    // Without WebRTC a private conversation cannot be used at all; each control says why.
    const unusable = !isRoom && !capabilities.peerToPeer;
    const why = unusable ? noPeerToPeerText() : nothing;
    const noCalls = unusable || !capabilities.calls;
    const whyNoCalls = unusable ? noPeerToPeerText() : capabilities.calls ? nothing : noCallsText();
    return html`
      <header>
        <button class="back" aria-label=${msg('Back to conversations', { id: 'conversation-view.back' })} @click=${() => fire(this, 'back')}>
          ←${this.unreadElsewhere > 0 ? html`<span class="badge" aria-hidden="true">${this.unreadElsewhere}</span>` : nothing}
        </button>
        <user-avatar .name=${conversationTitle(c)} ?room=${isRoom}></user-avatar>
        <div class="who">
          <h2>${conversationTitle(c)}</h2>
          ${isRoom
            ? html`<p class="sub">${msg(str`${this.onlineCount} online · messages go through the server`, { id: 'conversation-view.room-sub' })}</p>`
            : html`<p class="sub">
                <span role="status" class="link ${c.link ?? 'none'}">${unusable ? msg('This chat needs WebRTC, which this browser does not offer', { id: 'conversation-view.needs-webrtc' }) : describeLink(c)}</span>
                ${c.link === 'failed' && c.online && !unusable
                  ? html`<button class="retry" @click=${() => fire(this, 'retry-link')}>${msg('Retry', { id: 'conversation-view.retry' })}</button>`
                  : nothing}
              </p>`}
        </div>
        ${isRoom
          ? nothing
          : html`<div class="calls">
              <button ?disabled=${!c.identity?.publicKey} title=${c.identity?.publicKey ? nothing : msg('Once connected', { id: 'conversation-view.verify-later' })} @click=${() => fire(this, 'verify')}>${iconLabel('🛡️', msg('Verify', { id: 'conversation-view.verify' }))}</button>
              <button ?disabled=${!this.canCall || noCalls} title=${whyNoCalls} @click=${() => fire(this, 'start-call', 'audio')}>${iconLabel('📞', msg('Voice call', { id: 'conversation-view.voice-call' }))}</button>
              <button ?disabled=${!this.canCall || noCalls} title=${whyNoCalls} @click=${() => fire(this, 'start-call', 'video')}>${iconLabel('🎥', msg('Video call', { id: 'conversation-view.video-call' }))}</button>
            </div>`}
      </header>
      ${isRoom ? nothing : html`<identity-notice .peer=${conversationTitle(c)} .identity=${c.identity}></identity-notice>`}
      <message-log .conversation=${c}></message-log>
      <p class="typing" aria-live="polite">${c.typing ? msg(str`${conversationTitle(c)} is typing…`, { id: 'conversation-view.typing' }) : ''}</p>
      ${keyed(c.id, html`<message-composer
        ?narrow=${this.narrow}
        ?disabled=${(isRoom && !this.canBroadcast) || unusable}
        placeholder=${isRoom && !this.canBroadcast ? msg('Reconnecting to the server…', { id: 'conversation-view.reconnecting' }) : unusable ? noPeerToPeerText() : msg('Type a message', { id: 'conversation-view.placeholder' })}
      >
        ${isRoom
          ? nothing
          : html`<button slot="before" class="attach" type="button" ?disabled=${unusable} title=${why} @click=${this.#chooseFiles}>${iconLabel('📎', msg('Send file', { id: 'conversation-view.send-file' }))}</button>
              <input type="file" multiple hidden @change=${this.#filesChosen} />`}
      </message-composer>`)}
      ${this.dragging ? html`<div class="drop" aria-hidden="true">${msg(str`Drop files to send them to ${conversationTitle(c)}`, { id: 'conversation-view.drop' })}</div>` : nothing}
    `;
  }

  #chooseFiles(): void {
    this.renderRoot.querySelector<HTMLInputElement>('input[type=file]')?.click();
  }

  #filesChosen(event: Event): void {
    const input = event.target as HTMLInputElement;
    this.#sendFiles([...(input.files ?? [])]);
    input.value = '';
  }

  #sendFiles(files: File[]): void {
    if (files.length > 0) fire(this, 'send-files', files);
  }

  /** Focuses the composer. */
  focusComposer(): void {
    this.renderRoot.querySelector('message-composer')?.focus();
  }


  static override styles = [
    theme,
    iconLabelStyles,
    css`
      :host {
        position: relative;
        display: flex;
        flex-direction: column;
        min-height: 0;
        min-width: 0;
      }
      .attach {
        align-self: center;
        background: none;
        border: 1px solid var(--muted);
        border-radius: 22px;
        min-height: 44px;
        padding: 6px 12px;
        font-size: 13px;
        white-space: nowrap;
      }
      .drop {
        position: absolute;
        inset: 60px 0 0;
        display: grid;
        place-items: center;
        background: #00a88433;
        border: 3px dashed var(--accent);
        font-size: 18px;
        pointer-events: none;
      }
      header {
        display: flex;
        align-items: center;
        gap: 12px;
        padding: 8px 16px;
        background: var(--panel-raised);
        min-height: 60px;
      }
      .back {
        display: none;
        background: none;
        border: 0;
        font-size: 22px;
        min-width: 44px;
        min-height: 44px;
        padding: 4px 8px;
      }
      :host([narrow]) .back {
        display: flex;
        align-items: center;
        gap: 2px;
      }
      .badge {
        min-width: 18px;
        padding: 0 5px;
        border-radius: 9px;
        background: var(--accent);
        color: #0b141a;
        font-size: 12px;
        font-weight: 600;
        line-height: 18px;
      }
      user-avatar {
        --avatar-size: 40px;
      }
      .who {
        flex: 1;
        min-width: 0;
      }
      .calls {
        display: flex;
        gap: 6px;
      }
      .calls button {
        background: none;
        border: 1px solid var(--muted);
        border-radius: 22px;
        min-height: 44px;
        padding: 5px 12px;
        font-size: 13px;
        white-space: nowrap;
      }
      :host([narrow]) .calls button,
      :host([narrow]) .attach {
        min-width: 44px;
        padding: 5px 8px;
      }
      .calls button:disabled {
        opacity: 0.4;
      }
      h2 {
        margin: 0;
        font-size: 16px;
        font-weight: 500;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .sub {
        margin: 0;
        font-size: 13px;
        color: var(--muted);
        display: flex;
        gap: 8px;
        align-items: center;
      }
      .link.open {
        color: var(--accent-strong);
      }
      .link.failed {
        color: var(--danger);
      }
      .retry {
        background: none;
        border: 1px solid var(--muted);
        border-radius: 12px;
        padding: 1px 10px;
        font-size: 12px;
      }
      message-log {
        flex: 1;
      }
      .typing {
        margin: 0;
        padding: 0 6%;
        min-height: 18px;
        font-size: 12px;
        color: var(--accent-strong);
        background: var(--bg);
      }
    `,
  ];
}

customElements.define('conversation-view', ConversationView);
declare global {
  interface HTMLElementTagNameMap {
    'conversation-view': ConversationView;
  }
}
