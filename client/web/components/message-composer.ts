import { msg } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { fire } from '../ui/fire.ts';
import { theme } from '../ui/theme.ts';
import { iconLabel, iconLabelStyles } from '../ui/icon-label.ts';
import './emoji-picker.ts';

/** While the user keeps typing, "typing" is re-announced at most this often. */
const TYPING_EVERY_MS = 2000;

/**
 * The text box and Send button. Enter sends; Shift+Enter makes a new line.
 *
 * @fires send - `detail: string`, the text to send
 * @fires typing - `detail: boolean`, started or stopped typing
 */
export class MessageComposer extends LitElement {
  static override properties = {
    disabled: { type: Boolean },
    placeholder: { type: String },
    narrow: { type: Boolean, reflect: true },
    emojiOpen: { state: true },
  };
  declare disabled: boolean;
  declare placeholder: string;
  /** Room is short (a phone): Send shows as an icon, its name unchanged. */
  declare narrow: boolean;
  declare emojiOpen: boolean;
  #lastTyping = 0;
  #stopTimer: ReturnType<typeof setTimeout> | undefined;

  constructor() {
    super();
    this.disabled = false;
    this.placeholder = msg('Type a message', { id: 'message-composer.placeholder' });
    this.narrow = false;
    this.emojiOpen = false;
  }

  override render() {
    return html`
      ${this.emojiOpen ? html`<emoji-picker @pick=${this.#insert}></emoji-picker>` : nothing}
      <form @submit=${this.#submit}>
        <button type="button" class="icon" aria-label=${msg('Emoji', { id: 'message-composer.emoji' })} aria-expanded=${this.emojiOpen ? 'true' : 'false'} @click=${() => (this.emojiOpen = !this.emojiOpen)}>😊</button>
        <slot name="before"></slot>
        <textarea rows="1" aria-label=${msg('Message', { id: 'message-composer.message' })} placeholder=${this.placeholder} ?disabled=${this.disabled} @keydown=${this.#keydown} @input=${this.#input}></textarea>
        <button type="submit" class="send" ?disabled=${this.disabled}>${iconLabel('➤', msg('Send', { id: 'message-composer.send' }))}</button>
      </form>
    `;
  }

  /** Puts focus in the text box (after opening a conversation). */
  override focus(): void {
    void this.updateComplete.then(() => this.#textarea.focus());
  }

  get #textarea(): HTMLTextAreaElement {
    return this.renderRoot.querySelector('textarea')!;
  }

  #keydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      this.#send();
    } else if (event.key === 'Escape' && this.emojiOpen) {
      this.emojiOpen = false;
    }
  }

  #input(): void {
    const now = Date.now();
    if (now - this.#lastTyping > TYPING_EVERY_MS) {
      this.#lastTyping = now;
      fire(this, 'typing', true);
    }
    clearTimeout(this.#stopTimer);
    this.#stopTimer = setTimeout(() => this.#stopTyping(), TYPING_EVERY_MS + 500);
  }

  #stopTyping(): void {
    clearTimeout(this.#stopTimer);
    if (this.#lastTyping === 0) return;
    this.#lastTyping = 0;
    fire(this, 'typing', false);
  }

  #insert(event: CustomEvent<string>): void {
    const box = this.#textarea;
    const at = box.selectionStart ?? box.value.length;
    box.setRangeText(event.detail, at, box.selectionEnd ?? at, 'end');
    box.focus();
  }

  #submit(event: SubmitEvent): void {
    event.preventDefault();
    this.#send();
  }

  #send(): void {
    const box = this.#textarea;
    if (!box.value.trim() || this.disabled) return;
    fire(this, 'send', box.value);
    box.value = '';
    this.emojiOpen = false;
    this.#stopTyping();
    box.focus();
  }


  static override styles = [
    theme,
    iconLabelStyles,
    css`
      :host {
        position: relative;
        display: block;
        background: var(--panel-raised);
        padding: 8px 12px;
      }
      emoji-picker {
        position: absolute;
        bottom: 100%;
        left: 8px;
        z-index: 2;
      }
      form {
        display: flex;
        gap: 8px;
        align-items: flex-end;
      }
      textarea {
        flex: 1;
        resize: none;
        max-height: 140px;
        font: inherit;
        color: var(--text);
        background: var(--hover);
        border: 0;
        border-radius: 8px;
        min-height: 44px;
        padding: 10px 12px;
      }
      .icon {
        background: none;
        border: 0;
        font-size: 22px;
        min-width: 44px;
        min-height: 44px;
        padding: 6px;
      }
      .send {
        background: var(--accent);
        color: #0b141a;
        border: 0;
        border-radius: 22px;
        min-height: 44px;
        padding: 9px 16px;
        font-weight: 600;
      }
      .send:disabled {
        opacity: 0.5;
      }
    `,
  ];
}

customElements.define('message-composer', MessageComposer);
declare global {
  interface HTMLElementTagNameMap {
    'message-composer': MessageComposer;
  }
}
