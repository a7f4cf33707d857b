import { msg } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { LIMITS } from '../../../common/limits.ts';
import { fire } from '../ui/fire.ts';
import { theme } from '../ui/theme.ts';

/**
 * The first screen: pick a name. A refusal is shown in words next to the field.
 *
 * @fires join - `detail: string`, the name to join as
 */
export class JoinScreen extends LitElement {
  static override properties = {
    error: { type: String },
    busy: { type: Boolean },
    name: { attribute: false },
    typed: { state: true },
    empty: { state: true },
  };
  declare error: string | null;
  declare busy: boolean;
  /** What the field starts with: the name already given, when this screen takes over from another. */
  declare name: string;
  /** Characters in the field, for the counter. */
  declare typed: number;
  /** Join was pressed with nothing in the field: said here, since there is nothing to send. */
  declare empty: boolean;

  constructor() {
    super();
    this.error = null;
    this.busy = false;
    this.name = '';
    this.typed = 0;
    this.empty = false;
  }

  override render() {
    return html`
      <form @submit=${this.#submit} novalidate>
        <h1>${msg('Chat', { id: 'join-screen.title' })}</h1>
        <p class="lead">${msg('Pick a name. Everyone online sees it; private chats and files go straight to the other person.', { id: 'join-screen.lead' })}</p>
        <label for="username">${msg('Username', { id: 'join-screen.username' })}</label>
        <input
          id="username"
          name="username"
          autocomplete="nickname"
          maxlength=${LIMITS.maxUsernameChars}
          required
          .value=${this.name}
          autofocus
          aria-invalid=${this.error || this.empty ? 'true' : 'false'}
          aria-describedby="join-error name-count"
          @input=${this.#onInput}
        />
        <div class="under">
          <div id="join-error" class="error" role="alert">${this.empty ? msg('Type a name to join.', { id: 'join-screen.empty' }) : (this.error ?? '')}</div>
          <div id="name-count" class="count">${this.typed} / ${LIMITS.maxUsernameChars}</div>
        </div>
        <button type="submit" ?disabled=${this.busy}>${msg('Join', { id: 'join-screen.join' })}</button>
      </form>
    `;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('name')) this.typed = [...this.name].length;
  }

  // `autofocus` counts only when the page loads; the screen also comes back after Leave.
  override firstUpdated(): void {
    this.renderRoot.querySelector('input')?.focus();
  }

  override updated(): void {
    if (this.error || this.empty) this.renderRoot.querySelector('input')?.focus();
  }

  #onInput(event: InputEvent): void {
    this.typed = [...(event.target as HTMLInputElement).value].length;
    this.empty = false;
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    const input = this.renderRoot.querySelector('input')!;
    this.empty = input.value.trim() === '';
    if (!this.empty) fire(this, 'join', input.value);
  }

  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        place-items: center;
        min-height: 100%;
        padding: 24px;
      }
      form {
        width: min(420px, 100%);
        display: grid;
        gap: 10px;
        background: var(--panel);
        padding: 32px 28px;
        border-radius: 12px;
        border-top: 4px solid var(--accent);
      }
      h1 {
        margin: 0;
        font-size: 26px;
        font-weight: 500;
      }
      .lead {
        margin: 0 0 8px;
        color: var(--muted);
        line-height: 1.4;
      }
      label {
        color: var(--accent-strong);
        font-size: 14px;
      }
      input {
        font: inherit;
        color: var(--text);
        background: var(--panel-raised);
        border: 1px solid transparent;
        border-radius: 8px;
        padding: 12px;
      }
      input[aria-invalid='true'] {
        border-color: var(--danger);
      }
      .under {
        display: flex;
        justify-content: space-between;
        gap: 12px;
      }
      .error {
        min-height: 1.2em;
        color: var(--danger);
        font-size: 14px;
      }
      .count {
        color: var(--muted);
        font-size: 14px;
        font-variant-numeric: tabular-nums;
      }
      button {
        background: var(--accent);
        color: #0b141a;
        border: 0;
        border-radius: 24px;
        padding: 11px;
        min-height: 44px;
        font-weight: 600;
      }
      button:disabled {
        opacity: 0.6;
      }
    `,
  ];
}

customElements.define('join-screen', JoinScreen);
declare global {
  interface HTMLElementTagNameMap {
    'join-screen': JoinScreen;
  }
}
