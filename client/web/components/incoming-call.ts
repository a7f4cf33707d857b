import { LitElement, css, html } from 'lit';
import type { Call } from '../../core/call/call.ts';
import { callKind } from '../ui/call-text.ts';
import { fire } from '../ui/fire.ts';
import { theme } from '../ui/theme.ts';
import './user-avatar.ts';

/**
 * Someone is ringing: who, and what kind of call, with `Accept` and `Decline`. An alert dialog, so
 * assistive technology announces it wherever the user is; `Accept` takes the focus.
 *
 * @fires accept-call
 * @fires decline-call
 */
export class IncomingCall extends LitElement {
  static override properties = {
    call: { attribute: false },
  };
  declare call: Call;

  override render() {
    return html`
      <div class="card" role="alertdialog" aria-modal="true" aria-labelledby="who" aria-describedby="what">
        <user-avatar .name=${this.call.peer.display}></user-avatar>
        <h2 id="who">${this.call.peer.display}</h2>
        <p id="what">Incoming ${callKind(this.call).toLowerCase()}</p>
        <div class="buttons">
          <button class="decline" @click=${() => fire(this, 'decline-call')}>Decline</button>
          <button class="accept" @click=${() => fire(this, 'accept-call')}>Accept</button>
        </div>
      </div>
    `;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector<HTMLButtonElement>('.accept')?.focus();
  }

  static override styles = [
    theme,
    css`
      :host {
        position: fixed;
        inset: 0;
        display: grid;
        place-items: center;
        background: #0008;
        z-index: 20;
      }
      .card {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 8px;
        min-width: 260px;
        padding: 24px 28px;
        border-radius: 16px;
        background: var(--panel-raised);
        box-shadow: 0 12px 40px #000a;
      }
      user-avatar {
        --avatar-size: 72px;
        animation: pulse 1.5s ease-in-out infinite;
      }
      @keyframes pulse {
        50% { transform: scale(1.08); }
      }
      @media (prefers-reduced-motion: reduce) {
        user-avatar { animation: none; }
      }
      h2 {
        margin: 4px 0 0;
        font-size: 20px;
        font-weight: 500;
      }
      p {
        margin: 0;
        color: var(--muted);
      }
      .buttons {
        display: flex;
        gap: 16px;
        margin-top: 12px;
      }
      button {
        border: 0;
        border-radius: 20px;
        padding: 10px 22px;
        font-size: 15px;
        color: #fff;
      }
      .accept {
        background: var(--accent);
      }
      .decline {
        background: var(--danger);
      }
    `,
  ];
}

customElements.define('incoming-call', IncomingCall);
declare global {
  interface HTMLElementTagNameMap {
    'incoming-call': IncomingCall;
  }
}
