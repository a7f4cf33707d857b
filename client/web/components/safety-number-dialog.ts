import { msg, str } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { formatSafetyNumber } from '../../core/identity/safety-number.ts';
import { fire } from '../ui/fire.ts';
import { dialogStyles } from '../ui/dialog-styles.ts';
import { theme } from '../ui/theme.ts';

/**
 * The safety number of a private conversation, in groups of five digits, with how to use it and
 * `Mark as verified` (or, once verified, `Remove verified mark`). A modal `dialog` named
 * `Safety number`; Escape or `Close` closes it.
 *
 * @fires set-verified - `detail: boolean`, the user compared the numbers (or takes that back)
 * @fires close - the user is done with it
 */
export class SafetyNumberDialog extends LitElement {
  static override properties = {
    peer: { type: String },
    digits: { type: String },
    verified: { type: Boolean },
  };
  declare peer: string;
  /** The 60 digits both sides share. */
  declare digits: string;
  declare verified: boolean;

  constructor() {
    super();
    this.peer = '';
    this.digits = '';
    this.verified = false;
  }

  override render() {
    return html`
      <dialog aria-labelledby="title" aria-describedby="how" @close=${() => fire(this, 'close')}>
        <h2 id="title">${msg('Safety number', { id: 'safety-number-dialog.title' })}</h2>
        <p class="number">${formatSafetyNumber(this.digits).map((group) => html`<span>${group}</span>`)}</p>
        <p id="how">
          ${msg(
            str`${this.peer} sees the same number in this conversation if nobody is between you. Compare them in person, or read them out on a call you trust; if they match, mark ${this.peer} as verified. If the number ever changes, you will be told.`,
            { id: 'safety-number-dialog.how' },
          )}
        </p>
        <div class="buttons">
          <button @click=${() => this.#close()}>${msg('Close', { id: 'safety-number-dialog.close' })}</button>
          ${this.verified
            ? html`<button @click=${() => fire(this, 'set-verified', false)}>${msg('Remove verified mark', { id: 'safety-number-dialog.unmark' })}</button>`
            : html`<button class="primary" @click=${() => fire(this, 'set-verified', true)}>${msg('Mark as verified', { id: 'safety-number-dialog.mark' })}</button>`}
        </div>
      </dialog>
    `;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  #close(): void {
    this.renderRoot.querySelector('dialog')?.close();
  }

  static override styles = [
    theme,
    dialogStyles,
    css`
      .number {
        display: grid;
        grid-template-columns: repeat(4, auto);
        justify-content: center;
        gap: 8px 18px;
        margin: 0 0 14px;
        font-family: ui-monospace, 'SFMono-Regular', Menlo, monospace;
        font-size: 20px;
        letter-spacing: 1px;
      }
      #how {
        margin: 0 0 16px;
        font-size: 14px;
        color: var(--muted);
      }
      .buttons {
        display: flex;
        justify-content: flex-end;
        gap: 8px;
      }
      button {
        background: none;
        border: 1px solid var(--muted);
        border-radius: 16px;
        padding: 5px 14px;
      }
      .primary {
        background: var(--accent);
        border-color: var(--accent);
        color: #fff;
      }
    `,
  ];
}

customElements.define('safety-number-dialog', SafetyNumberDialog);
declare global {
  interface HTMLElementTagNameMap {
    'safety-number-dialog': SafetyNumberDialog;
  }
}
