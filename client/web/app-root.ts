/**
 * The page's root, and all that the first load brings: the join screen. The chat itself (its model,
 * the signaling client, WebRTC, every other screen) is a chunk of its own, fetched as soon as someone
 * starts typing a name, so that it is there by the time they press Join; at once when this tab had
 * joined before and rejoins.
 */
import { msg } from '@lit/localize';
import { LitElement, html } from 'lit';
import { recallSession } from './platform/session-memory.ts';
import { startLocalization } from './ui/i18n.ts';
import './components/join-screen.ts';
import './components/no-webrtc-notice.ts';

const loadChat = () => import('./chat-entry.ts');

export class AppRoot extends LitElement {
  static override properties = {
    chatReady: { state: true },
    loading: { state: true },
    loadError: { state: true },
  };
  /** The chat's chunk has loaded and `chat-app` is shown: from then on it is the whole page. */
  declare chatReady: boolean;
  declare loading: boolean;
  declare loadError: string | null;
  /** The name given on the join screen here, for `chat-app` to join with. */
  #name: string | null = null;
  #chunk: ReturnType<typeof loadChat> | null = null;

  constructor() {
    super();
    this.chatReady = false;
    this.loading = false;
    this.loadError = null;
  }

  // No shadow root: `chat-app` stays a child of the document, as the page's one app.
  protected override createRenderRoot(): HTMLElement {
    return this;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    if (recallSession()) void this.#openChat(null);
  }

  override render() {
    if (this.chatReady) return html`<chat-app .joinAs=${this.#name}></chat-app>`;
    return html`<no-webrtc-notice></no-webrtc-notice>
      <join-screen
        .error=${this.loadError}
        ?busy=${this.loading}
        @input=${() => void this.#load().catch(() => {})}
        @join=${(e: CustomEvent<string>) => void this.#openChat(e.detail)}
      ></join-screen>`;
  }

  #load(): ReturnType<typeof loadChat> {
    if (!this.#chunk) {
      const chunk = loadChat();
      // A failed fetch is tried again at the next attempt, not remembered.
      chunk.catch(() => this.#chunk === chunk && (this.#chunk = null));
      this.#chunk = chunk;
    }
    return this.#chunk;
  }

  async #openChat(name: string | null): Promise<void> {
    this.#name = name;
    this.loading = true;
    this.loadError = null;
    try {
      await this.#load();
      this.chatReady = true;
    } catch {
      this.loadError = msg('The app could not be loaded: check the connection and try again.', { id: 'app-root.load-error' });
    } finally {
      this.loading = false;
    }
  }
}

// The language is settled before anything renders (a German page loads its words first).
await startLocalization();
customElements.define('app-root', AppRoot);
declare global {
  interface HTMLElementTagNameMap {
    'app-root': AppRoot;
  }
}
