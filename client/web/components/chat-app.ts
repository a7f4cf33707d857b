/**
 * One piece on purpose, though long: the page's root. It lays out the list, the conversation and the
 * call, and owns what spans them (joining, notifications, the confirmations for clearing, leaving and
 * resetting the identity, shared files, the safety-number dialog); each screen is a component of its
 * own, and this file only wires their events to the model.
 */
import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { ModelController } from '../chat/model-controller.ts';
import type { PreviewRequest } from './file-card.ts';
import { KeepScreenOn } from './keep-screen-on.ts';
import { PageLifecycle } from './page-lifecycle.ts';
import { keepAppUpdated } from '../platform/app-updates.ts';
import { capabilities } from '../platform/capabilities.ts';
import { RingTone } from '../platform/ring-tone.ts';
import { SHARED_QUERY } from '../platform/share-target.ts';
import { takeSharedFiles } from '../platform/shared-files.ts';
import { recallSession, rememberSession } from '../platform/session-memory.ts';
import { createWebChat } from '../platform/web-chat.ts';
import { theme } from '../ui/theme.ts';
import './call-panel.ts';
import './conversation-list.ts';
import './conversation-view.ts';
import './incoming-call.ts';
import './invite-link.ts';
import './join-screen.ts';
import './no-webrtc-notice.ts';
import './share-picker.ts';
import './safety-number-dialog.ts';

const NARROW = '(max-width: 720px)';

/** The whole app: the join screen, or the sidebar and the open conversation. */
export class ChatApp extends LitElement {
  static override properties = {
    narrow: { type: Boolean, reflect: true },
    showingChat: { state: true },
    joining: { state: true },
    confirmClear: { state: true },
    sharedFiles: { state: true },
    confirmReset: { state: true },
    confirmLeave: { state: true },
    safetyNumber: { state: true },
    joinAs: { attribute: false },
  };
  declare narrow: boolean;
  declare showingChat: boolean;
  declare joining: boolean;
  declare confirmClear: boolean;
  /** Files shared from the system's share sheet, waiting for the user to say whom they are for. */
  declare sharedFiles: File[];
  declare confirmReset: boolean;
  declare confirmLeave: boolean;
  /** The open private chat's safety number while its dialog is shown. */
  declare safetyNumber: string | null;
  /** A name given on the join screen before this element was loaded (`app-root.ts`): joined at once. */
  declare joinAs: string | null;

  readonly model = createWebChat(location);
  readonly #controller = new ModelController(this, this.model);
  readonly #media = matchMedia(NARROW);
  readonly #onMedia = () => (this.narrow = this.#media.matches);
  readonly #onOnline = () => this.#reconnect();
  readonly #ring = new RingTone();
  /**
   * Read once, then kept up to date: `Notification.permission` is a synchronous call to the browser
   * process (0.17 ms each in Chromium here), too dear for every render.
   */
  #notifications: NotificationPermission | 'unsupported' = capabilities.notifications ? Notification.permission : 'unsupported';

  constructor() {
    super();
    this.narrow = this.#media.matches;
    this.showingChat = false;
    this.joining = false;
    this.confirmClear = false;
    this.sharedFiles = [];
    this.confirmReset = false;
    this.confirmLeave = false;
    this.safetyNumber = null;
    this.joinAs = null;
    new PageLifecycle(this, this.model);
    new KeepScreenOn(this, this.model);
    keepAppUpdated(() => this.model.whenIdle());
    this.model.on('incoming', (conversation, message) => {
      if (document.visibilityState === 'visible' || this.#notifications !== 'granted' || message.missed) return;
      new Notification(conversation.kind === 'room' ? msg(str`${message.from} in Everyone`, { id: 'chat-app.notification-room' }) : message.from, { body: message.text, tag: conversation.id });
    });
    // Granted or revoked in the browser's own settings, too.
    void navigator.permissions
      ?.query({ name: 'notifications' })
      .then((status) => status.addEventListener('change', () => this.#setNotifications(Notification.permission)))
      .catch(() => {});
    this.model.calls.on('change', (call) => {
      if (call?.phase === 'incoming') this.#ring.start();
      else this.#ring.stop();
    });
    this.model.signaling.on('state', (state) => {
      if (state === 'joined') rememberSession({ name: this.model.signaling.me!.display, resume: this.model.signaling.resumeToken });
      if (state === 'closed') rememberSession(null);
    });
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#media.addEventListener('change', this.#onMedia);
    window.addEventListener('online', this.#onOnline);
    const remembered = recallSession();
    if (remembered) void this.#rejoin(remembered.name, remembered.resume);
    else if (this.joinAs) void this.#join(this.joinAs);
    if (new URLSearchParams(location.search).has(SHARED_QUERY)) {
      history.replaceState(null, '', '/');
      void takeSharedFiles().then((files) => (this.sharedFiles = files));
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#media.removeEventListener('change', this.#onMedia);
    window.removeEventListener('online', this.#onOnline);
    this.#ring.stop();
  }

  override render() {
    const model = this.#controller.model;
    const notice = html`<no-webrtc-notice></no-webrtc-notice>`;
    if (!model.me) {
      return html`${notice}<join-screen .name=${this.joinAs ?? ''} .error=${model.joinError} ?busy=${this.joining} @join=${(e: CustomEvent<string>) => void this.#join(e.detail)}></join-screen>`;
    }
    const calls = model.calls;
    const call = calls.current;
    const listHidden = this.narrow && this.showingChat;
    const chatHidden = this.narrow && !this.showingChat;
    return html`
      ${notice}
      <div class="banner" aria-live="polite">${this.#connectionNotice()}</div>
      <div class="layout">
        <aside ?hidden=${listHidden}>
          <header>
            <span class="me">${model.me}</span>
            <span class="actions">
              ${this.#notifications === 'default'
                ? html`<button @click=${() => Notification.requestPermission().then((permission) => this.#setNotifications(permission))}>${msg('Enable notifications', { id: 'chat-app.enable-notifications' })}</button>`
                : nothing}
              ${this.confirmClear
                ? html`<button class="danger" @click=${this.#clear}>${msg('Yes, clear', { id: 'chat-app.yes-clear' })}</button><button @click=${() => (this.confirmClear = false)}>${msg('Keep', { id: 'chat-app.keep' })}</button>`
                : html`<button @click=${() => (this.confirmClear = true)}>${msg('Clear history', { id: 'chat-app.clear-history' })}</button>`}
              <button @click=${() => (this.confirmReset = true)}>${msg('Reset identity', { id: 'chat-app.reset-identity' })}</button>
              <button @click=${() => (model.busy ? (this.confirmLeave = true) : this.#leave())}>${msg('Leave', { id: 'chat-app.leave' })}</button>
            </span>
            ${this.confirmLeave
              ? html`<p class="confirm" role="alert">
                  ${msg('Leaving ends the call or file transfers under way.', { id: 'chat-app.leave-busy' })}
                  <button class="danger" @click=${this.#leave}>${msg('Yes, leave', { id: 'chat-app.yes-leave' })}</button><button @click=${() => (this.confirmLeave = false)}>${msg('Stay', { id: 'chat-app.stay' })}</button>
                </p>`
              : nothing}
            ${this.confirmReset
              ? html`<p class="confirm" role="alert">
                  ${msg('A new identity key for this browser. Everyone you talk with will be told that your safety number changed, and nothing reaches them until they accept it; anyone who verified you must compare numbers again. Your history stays.', { id: 'chat-app.reset-warning' })}
                  <button class="danger" @click=${this.#resetIdentity}>${msg('Yes, reset', { id: 'chat-app.yes-reset' })}</button><button @click=${() => (this.confirmReset = false)}>${msg('Keep', { id: 'chat-app.keep' })}</button>
                </p>`
              : nothing}
          </header>
          <conversation-list
            .conversations=${model.conversations}
            .activeId=${model.activeId}
            ?paged=${model.paged}
            @open-conversation=${this.#open}
            @search=${(e: CustomEvent<string>) => model.searchPeople(e.detail)}
          ></conversation-list>
          ${model.connection === 'joined' && !model.conversations.some((c) => c.kind === 'private' && c.online)
            ? html`<invite-link .url=${location.origin + '/'}></invite-link>`
            : nothing}
        </aside>
        <main ?hidden=${chatHidden}>
          <conversation-view
            ?narrow=${this.narrow}
            .conversation=${model.active}
            .onlineCount=${model.onlineCount}
            .unreadElsewhere=${model.unreadTotal - model.active.unread}
            ?canBroadcast=${model.connection === 'joined'}
            ?canCall=${model.active.kind === 'private' && model.active.online && !calls.busy && model.connection === 'joined'}
            @send=${(e: CustomEvent<string>) => model.send(e.detail)}
            @typing=${(e: CustomEvent<boolean>) => model.typing(e.detail)}
            @retry-link=${() => model.retryLink()}
            @send-files=${(e: CustomEvent<File[]>) => model.sendFiles(e.detail)}
            @file-action=${this.#fileAction}
            @want-preview=${this.#showPreview}
            @back=${() => (this.showingChat = false)}
            @start-call=${(e: CustomEvent<'audio' | 'video'>) => model.call(e.detail)}
            @verify=${this.#showSafetyNumber}
            @accept-new-key=${() => model.acceptNewKey()}
          ></conversation-view>
        </main>
      </div>
      ${this.sharedFiles.length > 0 && !model.offline
        ? html`<share-picker
            .files=${this.sharedFiles}
            .people=${model.conversations.filter((c) => c.kind === 'private' && c.online)}
            @pick-recipient=${this.#sendShared}
            @dismiss=${() => (this.sharedFiles = [])}
          ></share-picker>`
        : nothing}
      ${this.safetyNumber && model.active.kind === 'private'
        ? html`<safety-number-dialog
            .peer=${model.active.title}
            .digits=${this.safetyNumber}
            ?verified=${model.active.identity?.verified ?? false}
            @set-verified=${this.#setVerified}
            @close=${() => (this.safetyNumber = null)}
          ></safety-number-dialog>`
        : nothing}
      ${call?.phase === 'incoming'
        ? html`<incoming-call .call=${call} @accept-call=${() => calls.accept()} @decline-call=${() => calls.decline()}></incoming-call>`
        : call
          ? html`<call-panel
              .call=${call}
              ?canShareScreen=${capabilities.screenShare}
              @hang-up=${() => calls.hangUp()}
              @set-muted=${(e: CustomEvent<boolean>) => calls.setMuted(e.detail)}
              @set-camera-off=${(e: CustomEvent<boolean>) => calls.setCameraOff(e.detail)}
              @share-screen=${() => calls.shareScreen()}
              @stop-sharing=${() => calls.stopSharing()}
              @dismiss=${() => calls.dismiss()}
            ></call-panel>`
          : nothing}
    `;
  }

  /** What the banner says about the server: nothing while all is well. */
  #connectionNotice() {
    if (this.model.connection === 'reconnecting') return msg('Connection to the server lost — reconnecting… Private chats keep working.', { id: 'chat-app.reconnecting' });
    if (!this.model.offline) return nothing;
    return html`${msg('You are offline: the chat server cannot be reached. Your history is here to read.', { id: 'chat-app.offline' })}
      <button ?disabled=${this.joining} @click=${this.#reconnect}>${msg('Reconnect', { id: 'chat-app.reconnect' })}</button>`;
  }

  override updated(): void {
    const unread = this.model.unreadTotal;
    document.title = unread > 0 ? msg(str`(${unread}) Chat`, { id: 'chat-app.title-unread' }) : msg('Chat', { id: 'chat-app.title' });
  }

  #setNotifications(permission: NotificationPermission): void {
    this.#notifications = permission;
    this.requestUpdate();
  }

  async #join(name: string, resume?: string): Promise<void> {
    this.joining = true;
    const joined = await this.model.join(name, resume);
    this.joining = false;
    if (!this.model.me) rememberSession(null);
    // The join screen and its field are gone: the focus goes to the message box, not the page.
    if (joined) await this.updateComplete.then(() => this.renderRoot.querySelector('conversation-view')?.focusComposer());
  }

  async #rejoin(name: string, resume?: string): Promise<void> {
    this.joining = true;
    await this.model.rejoin(name, resume);
    this.joining = false;
    if (!this.model.me) rememberSession(null);
  }

  /** Tries the server again from the offline view. */
  #reconnect(): void {
    const remembered = recallSession();
    if (this.model.offline && remembered && !this.joining) void this.#rejoin(remembered.name, remembered.resume);
  }

  #open(event: CustomEvent<string>): void {
    this.model.open(event.detail);
    this.showingChat = true;
    void this.updateComplete.then(() => this.renderRoot.querySelector('conversation-view')?.focusComposer());
  }

  #sendShared(event: CustomEvent<string>): void {
    this.#open(event);
    this.model.sendFiles(this.sharedFiles);
    this.sharedFiles = [];
  }

  async #fileAction(event: CustomEvent<{ id: string; action: 'accept' | 'decline' | 'cancel' | 'save' }>): Promise<void> {
    const { id, action } = event.detail;
    // File cards are shown for the open conversation only.
    const conversation = this.model.activeId;
    if (action === 'accept') return this.model.acceptFile(conversation, id);
    if (action === 'decline') return this.model.declineFile(conversation, id);
    if (action === 'cancel') return this.model.cancelFile(conversation, id);
    const { file, name } = await this.model.receivedFile(conversation, id);
    // A disk-backed File from OPFS: the download streams from disk, whatever its size.
    const url = URL.createObjectURL(file);
    const link = Object.assign(document.createElement('a'), { href: url, download: name });
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
    this.model.fileSaved(conversation, id);
  }

  async #showPreview(event: CustomEvent<PreviewRequest>): Promise<void> {
    const { id, show } = event.detail;
    const file = await this.model.finishedFile(this.model.activeId, id).catch(() => undefined);
    if (file) show(file);
  }

  async #showSafetyNumber(): Promise<void> {
    this.safetyNumber = (await this.model.safetyNumber()) ?? null;
  }

  async #setVerified(event: CustomEvent<boolean>): Promise<void> {
    await this.model.setVerified(event.detail);
    this.safetyNumber = null;
  }

  /** A new key is made as the app starts, so it starts again (rejoining as the same name). */
  async #resetIdentity(): Promise<void> {
    await this.model.resetIdentity();
    location.reload();
  }

  #leave(): void {
    this.confirmLeave = false;
    this.showingChat = false;
    this.model.leave();
  }

  async #clear(): Promise<void> {
    this.confirmClear = false;
    await this.model.clearHistory();
  }

  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        height: 100dvh;
        background: var(--bg);
      }
      [hidden] {
        display: none !important;
      }
      .banner:empty {
        display: none;
      }
      .banner button {
        min-height: 44px;
        margin-left: 8px;
        background: none;
        border: 1px solid currentColor;
        border-radius: 14px;
        padding: 2px 10px;
      }
      .banner {
        padding: 6px 12px;
        background: #8a6d1f;
        color: #fff;
        text-align: center;
        font-size: 14px;
      }
      .layout {
        flex: 1;
        min-height: 0;
        display: grid;
        grid-template-columns: minmax(280px, 30%) 1fr;
      }
      :host([narrow]) .layout {
        grid-template-columns: minmax(0, 1fr);
      }
      aside {
        display: flex;
        flex-direction: column;
        min-height: 0;
        background: var(--panel);
        border-right: 1px solid var(--border);
      }
      aside header {
        display: flex;
        flex-wrap: wrap;
        justify-content: space-between;
        align-items: center;
        gap: 8px;
        padding: 12px 14px;
        background: var(--panel-raised);
        min-height: 60px;
      }
      .me {
        min-width: 0;
        font-weight: 600;
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .actions {
        display: flex;
        gap: 6px;
        flex-wrap: wrap;
        justify-content: flex-end;
      }
      .actions button,
      .confirm button {
        min-height: 44px;
        background: none;
        border: 1px solid var(--hover);
        border-radius: 22px;
        padding: 3px 12px;
        font-size: 12px;
        color: var(--muted);
      }
      .confirm {
        flex-basis: 100%;
        margin: 0;
        font-size: 13px;
        color: var(--muted);
      }
      .confirm button {
        margin: 4px 6px 0 0;
      }
      .actions .danger,
      .confirm .danger {
        border-color: var(--danger);
        color: var(--danger);
      }
      conversation-list {
        flex: 1;
      }
      main {
        display: flex;
        min-height: 0;
        min-width: 0;
      }
      conversation-view {
        flex: 1;
      }
    `,
  ];
}

customElements.define('chat-app', ChatApp);
declare global {
  interface HTMLElementTagNameMap {
    'chat-app': ChatApp;
  }
}

