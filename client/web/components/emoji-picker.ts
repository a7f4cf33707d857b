import { msg, str } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import { fire } from '../ui/fire.ts';
import { theme } from '../ui/theme.ts';

const EMOJI = [
  '😀', '😂', '🥲', '😊', '😍', '😘', '😎', '🤔', '😅', '😭', '😡', '😱',
  '👍', '👎', '👏', '🙏', '💪', '👋', '🤝', '✌️', '👌', '🎉', '🔥', '✨',
  '❤️', '💔', '💯', '✅', '❌', '⭐', '☕', '🍕', '🎂', '🚀', '📎', '📷',
];

/**
 * A small grid of common emoji.
 *
 * @fires pick - `detail: string`, the emoji chosen
 */
export class EmojiPicker extends LitElement {
  override render() {
    return html`<div role="group" aria-label=${msg('Emoji', { id: 'emoji-picker.label' })}>
      ${EMOJI.map((emoji) => html`<button type="button" aria-label=${msg(str`Insert ${emoji}`, { id: 'emoji-picker.insert' })} @click=${() => this.#pick(emoji)}>${emoji}</button>`)}
    </div>`;
  }

  #pick(emoji: string): void {
    fire(this, 'pick', emoji);
  }

  static override styles = [
    theme,
    css`
      div {
        display: grid;
        grid-template-columns: repeat(6, 40px);
        gap: 4px;
        padding: 8px;
        background: var(--panel-raised);
        border-radius: 10px;
        box-shadow: 0 6px 24px #0008;
      }
      button {
        font-size: 22px;
        background: none;
        border: 0;
        border-radius: 6px;
        padding: 4px;
      }
      button:hover {
        background: var(--hover);
      }
    `,
  ];
}

customElements.define('emoji-picker', EmojiPicker);
declare global {
  interface HTMLElementTagNameMap {
    'emoji-picker': EmojiPicker;
  }
}
