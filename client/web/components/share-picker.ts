import { msg, str } from '@lit/localize';
import { LitElement, css, html } from 'lit';
import type { Conversation } from '../chat/chat-model.ts';
import { fire } from '../ui/fire.ts';
import { dialogStyles } from '../ui/dialog-styles.ts';
import { theme } from '../ui/theme.ts';
import './user-avatar.ts';

/**
 * Files shared to the app from the system's share sheet: whom to send them to. A modal dialog (the
 * browser keeps Tab inside it, and Escape closes it) listing the people online.
 *
 * @fires pick-recipient - `detail: string`, the id of the chosen person's conversation
 * @fires dismiss - the files are not to be sent
 */
export class SharePicker extends LitElement {
  static override properties = {
    files: { attribute: false },
    people: { attribute: false },
  };
  declare files: File[];
  declare people: Conversation[];

  override render() {
    const count = this.files.length;
    // One file goes by its name, so the count is never 1.
    const what = count === 1 ? this.files[0]!.name : msg(str`${count} files`, { id: 'share-picker.files' });
    return html`
      <dialog aria-labelledby="title" @cancel=${this.#dismiss}>
        <h2 id="title">${msg(str`Send ${what} to…`, { id: 'share-picker.title' })}</h2>
        ${this.people.length === 0
          ? html`<p>${msg('Nobody else is online. The files wait here until someone is.', { id: 'share-picker.nobody' })}</p>`
          : html`<ul>
              ${this.people.map(
                (person) => html`<li>
                  <button @click=${() => fire(this, 'pick-recipient', person.id)}>
                    <user-avatar .name=${person.title}></user-avatar>${person.title}
                  </button>
                </li>`,
              )}
            </ul>`}
        <button class="dismiss" @click=${this.#dismiss}>${msg('Don\'t send', { id: 'share-picker.dismiss' })}</button>
      </dialog>
    `;
  }

  override firstUpdated(): void {
    this.renderRoot.querySelector('dialog')?.showModal();
  }

  #dismiss(event: Event): void {
    event.preventDefault();
    fire(this, 'dismiss');
  }

  static override styles = [
    theme,
    dialogStyles,
    css`
      p {
        color: var(--muted);
      }
      ul {
        list-style: none;
        margin: 0 0 12px;
        padding: 0;
      }
      li button {
        display: flex;
        align-items: center;
        gap: 12px;
        width: 100%;
        min-height: 48px;
        padding: 6px 8px;
        border: 0;
        border-radius: 8px;
        background: none;
        text-align: start;
      }
      li button:hover {
        background: var(--hover);
      }
      user-avatar {
        --avatar-size: 36px;
      }
      .dismiss {
        min-height: 44px;
        padding: 0 18px;
        border: 1px solid var(--hover);
        border-radius: 22px;
        background: none;
      }
    `,
  ];
}

customElements.define('share-picker', SharePicker);
declare global {
  interface HTMLElementTagNameMap {
    'share-picker': SharePicker;
  }
}
