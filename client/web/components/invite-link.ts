import { msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { theme } from '../ui/theme.ts';

/**
 * Shown while nobody else is online: the address to send people so they can join, with a button
 * that copies it.
 */
export class InviteLink extends LitElement {
  static override properties = {
    url: { type: String },
    copied: { state: true },
  };
  declare url: string;
  declare copied: boolean;

  constructor() {
    super();
    this.url = '';
    this.copied = false;
  }

  override render() {
    return html`
      <p id="invite">${msg('Nobody else is here yet. Send people this address to chat:', { id: 'invite-link.invite' })}</p>
      <div class="row">
        <input readonly .value=${this.url} aria-labelledby="invite" @focus=${(e: FocusEvent) => (e.target as HTMLInputElement).select()} />
        <button @click=${this.#copy}>${msg('Copy link', { id: 'invite-link.copy' })}</button>
      </div>
      <p class="done" role="status">${this.copied ? msg('Copied.', { id: 'invite-link.copied' }) : ''}</p>
    `;
  }

  async #copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.url);
      this.copied = true;
    } catch {
      this.renderRoot.querySelector('input')?.select(); // no clipboard access: selected, to copy by hand
    }
  }

  static override styles = [
    theme,
    css`
      :host {
        display: block;
        padding: 12px 14px;
        color: var(--muted);
        font-size: 14px;
      }
      p {
        margin: 0 0 8px;
      }
      .row {
        display: flex;
        gap: 8px;
      }
      input {
        flex: 1;
        min-width: 0;
        min-height: 44px;
        padding: 0 10px;
        font: inherit;
        color: var(--text);
        background: var(--panel-raised);
        border: 1px solid var(--border);
        border-radius: 8px;
      }
      button {
        min-height: 44px;
        padding: 0 14px;
        border: 0;
        border-radius: 22px;
        background: var(--accent);
        color: #0b141a;
        font-weight: 600;
        white-space: nowrap;
      }
      .done {
        min-height: 1.2em;
        margin: 6px 0 0;
      }
    `,
  ];
}

customElements.define('invite-link', InviteLink);
declare global {
  interface HTMLElementTagNameMap {
    'invite-link': InviteLink;
  }
}
