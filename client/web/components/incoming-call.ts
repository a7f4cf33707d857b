import { msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import type { Call } from '../../core/call/call.ts';
import { fire } from '../ui/fire.ts';
import { theme } from '../ui/theme.ts';
import './user-avatar.ts';

/**
 * Someone is ringing: who, and what kind of call, with `Accept` and `Decline`. A modal alert
 * dialog, so assistive technology announces it wherever the user is and the page behind is inert
 * (Tab stays inside); `Accept` takes the focus, and Escape declines.
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
      <dialog class="card" role="alertdialog" aria-labelledby="who" aria-describedby="what" @cancel=${this.#decline} @keydown=${this.#keepTabInside}>
        <user-avatar .name=${this.call.peer.display}></user-avatar>
        <h2 id="who">${this.call.peer.display}</h2>
        <p id="what">${this.call.media === 'video' ? msg('Incoming video call', { id: 'incoming-call.video' }) : msg('Incoming voice call', { id: 'incoming-call.voice' })}</p>
        <div class="buttons">
          <button class="decline" @click=${this.#decline}>${msg('Decline', { id: 'incoming-call.decline' })}</button>
          <button class="accept" @click=${() => fire(this, 'accept-call')}>${msg('Accept', { id: 'incoming-call.accept' })}</button>
        </div>
      </dialog>
    `;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
    this.renderRoot.querySelector<HTMLButtonElement>('.accept')?.focus();
  }

  /** Tab past either end goes round: a modal dialog alone would let it out to the browser's own controls. */
  #keepTabInside(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const buttons = [...this.renderRoot.querySelectorAll('button')];
    const from = (this.renderRoot as ShadowRoot).activeElement;
    const edge = event.shiftKey ? buttons[0] : buttons.at(-1);
    if (from !== edge) return;
    event.preventDefault();
    (event.shiftKey ? buttons.at(-1) : buttons[0])?.focus();
  }

  #decline(event: Event): void {
    event.preventDefault(); // Escape: the app closes the dialog once the call is declined
    fire(this, 'decline-call');
  }

  static override styles = [
    theme,
    css`
      .card {
        border: 0;
        color: var(--text);
      }
      .card::backdrop {
        background: #0008;
      }
      .card[open] {
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
