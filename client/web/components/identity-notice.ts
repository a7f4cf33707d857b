import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import type { PeerIdentity } from '../../core/identity/peer-identities.ts';
import { fire } from '../ui/fire.ts';
import { theme } from '../ui/theme.ts';

/**
 * What a private conversation must say about the other person's identity before anything is sent:
 * someone in the middle, a changed key (with `Accept new key`), or a peer that cannot prove its
 * key at all. Nothing for a proven key. An `alert`, so it is announced when it appears.
 *
 * @fires accept-new-key - the user takes the changed key as the person's own
 */
export class IdentityNotice extends LitElement {
  static override properties = {
    peer: { type: String },
    identity: { attribute: false },
  };
  declare peer: string;
  declare identity: PeerIdentity | undefined;

  constructor() {
    super();
    this.peer = '';
  }

  override render() {
    switch (this.identity?.verdict) {
      case 'forged':
        return html`<p role="alert" class="danger">
          ${msg(
            str`Someone is in the middle of the connection with ${this.peer}: it is not the one ${this.peer}'s key vouches for. The server (or the network) may be reading along, so nothing is sent to ${this.peer}: no messages, files or calls.`,
            { id: 'identity-notice.forged' },
          )}
        </p>`;
      case 'key-changed':
        return html`<p role="alert" class="danger">
          ${msg(
            str`${this.peer}'s safety number has changed. That happens when ${this.peer} reset their identity or uses another browser — or when someone is pretending to be ${this.peer}. Nothing is sent until you accept the new key; compare safety numbers with ${this.peer} to be sure.`,
            { id: 'identity-notice.key-changed' },
          )}
          <button @click=${() => fire(this, 'accept-new-key')}>${msg('Accept new key', { id: 'identity-notice.accept' })}</button>
        </p>`;
      case 'unverifiable':
        return html`<p role="alert">
          ${msg(
            str`Who is at the other end cannot be checked: this page or ${this.peer}'s is not on https (or localhost), where browsers offer no identity keys. The server could be in the middle unnoticed.`,
            { id: 'identity-notice.unverifiable' },
          )}
        </p>`;
      default:
        return nothing;
    }
  }

  static override styles = [
    theme,
    css`
      p {
        margin: 0;
        padding: 8px 16px;
        font-size: 13px;
        background: #8a6d1f;
        color: #fff;
      }
      .danger {
        background: #7a2530;
      }
      button {
        margin-left: 8px;
        background: none;
        border: 1px solid #fff;
        border-radius: 12px;
        padding: 1px 10px;
        font-size: 12px;
      }
    `,
  ];
}

customElements.define('identity-notice', IdentityNotice);
declare global {
  interface HTMLElementTagNameMap {
    'identity-notice': IdentityNotice;
  }
}
