import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { usernameKey } from '../../../common/username.ts';
import type { Conversation } from '../chat/chat-model.ts';
import { fire } from '../ui/fire.ts';
import { plural } from '../ui/i18n.ts';
import { describeMissed } from '../ui/missed-text.ts';
import { conversationTitle } from '../ui/conversation-title.ts';
import { theme } from '../ui/theme.ts';
import './user-avatar.ts';

/** Above this many conversations, a filter box appears. */
const FILTER_FROM = 8;

/**
 * The sidebar list: Everyone first, then each person, with unread counts and the last message.
 * The filter box matches names as the server compares them (folded for case and lookalikes); in a
 * paged room, where the list holds only some of the people online, it also searches the server.
 *
 * @fires open-conversation - `detail: string`, the conversation id
 * @fires search - `detail: string`, the filter box's text, in a paged room
 */
export class ConversationList extends LitElement {
  static override properties = {
    conversations: { attribute: false },
    activeId: { attribute: false },
    paged: { type: Boolean },
    filter: { state: true },
  };
  declare conversations: Conversation[];
  declare activeId: string;
  /** A large room: the box is always there, and searches the server. */
  declare paged: boolean;
  declare filter: string;
  /** The conversation whose row had the focus before this render, if one did. */
  #focusedId: string | null = null;

  constructor() {
    super();
    this.conversations = [];
    this.activeId = '';
    this.paged = false;
    this.filter = '';
  }

  override willUpdate(): void {
    this.#focusedId = this.renderRoot.querySelector<HTMLElement>('li > button:focus')?.dataset.id ?? null;
  }

  /**
   * A row keeps its conversation when the list reorders (keyed rows), but moving it in the page
   * drops its focus: the row the user was on gets it back, so Enter still opens what they chose.
   */
  override updated(): void {
    if (this.#focusedId === null || this.renderRoot.querySelector('li > button:focus')) return;
    this.renderRoot.querySelector<HTMLElement>(`li > button[data-id="${CSS.escape(this.#focusedId)}"]`)?.focus();
  }

  override render() {
    const needle = this.filter.trim();
    const key = usernameKey(needle);
    const shown = needle
      ? this.conversations.filter((c) => (c.peer ? c.peer.key.includes(key) : conversationTitle(c).toLocaleLowerCase().includes(needle.toLocaleLowerCase())))
      : this.conversations;
    return html`
      ${this.paged || this.conversations.length > FILTER_FROM
        ? html`<input
            class="filter"
            type="search"
            aria-label=${msg('Filter conversations', { id: 'conversation-list.filter' })}
            placeholder=${msg('Search people', { id: 'conversation-list.search' })}
            .value=${this.filter}
            @input=${this.#onFilter}
            @keydown=${(event: KeyboardEvent) => event.key === 'ArrowDown' && this.#moveFocus(event)}
          />`
        : nothing}
      <ul role="list" aria-label=${msg('Conversations', { id: 'conversation-list.label' })} @keydown=${this.#moveFocus}>
        ${repeat(shown, (c) => c.id, (c) => this.#item(c))}
      </ul>
      ${shown.length === 0 ? html`<p class="empty">${msg(str`Nobody matches “${this.filter}”.`, { id: 'conversation-list.no-match' })}</p>` : nothing}
    `;
  }

  #item(c: Conversation) {
    const last = c.messages.at(-1);
    const label =
      c.unread > 0
        ? plural(c.unread, {
            one: msg(str`${conversationTitle(c)}, ${c.unread} unread`, { id: 'conversation-list.row-unread-one' }),
            other: msg(str`${conversationTitle(c)}, ${c.unread} unread`, { id: 'conversation-list.row-unread-other' }),
          })
        : conversationTitle(c);
    const preview = !last
      ? ''
      : last.missed
        ? describeMissed(last.missed)
        : last.outgoing
          ? msg(str`You: ${last.text}`, { id: 'conversation-list.preview-you' })
          : c.kind === 'room'
            ? `${last.from}: ${last.text}`
            : last.text;
    return html`
      <li aria-label=${label} class=${c.id === this.activeId ? 'active' : ''}>
        <button data-id=${c.id} aria-label=${label} aria-current=${c.id === this.activeId ? 'true' : 'false'} @click=${() => this.#open(c.id)}>
          <user-avatar .name=${conversationTitle(c)} ?room=${c.kind === 'room'}></user-avatar>
          <span class="main">
            <span class="title">${conversationTitle(c)}</span>
            <span class="preview">${c.typing ? html`<em>${msg('typing…', { id: 'conversation-list.typing' })}</em>` : preview}</span>
          </span>
          <span class="side">
            ${c.kind === 'private'
              ? html`<span class="presence ${c.online ? 'on' : 'off'}">${c.online ? msg('online', { id: 'conversation-list.online' }) : msg('offline', { id: 'conversation-list.offline' })}</span>`
              : nothing}
            ${c.unread > 0 ? html`<span class="unread">${c.unread}</span>` : nothing}
          </span>
        </button>
      </li>
    `;
  }

  /** Up and down arrows, Home and End move between rows, as in any list; Tab still leaves it. */
  #moveFocus(event: KeyboardEvent): void {
    const rows = [...this.renderRoot.querySelectorAll<HTMLButtonElement>('li > button')];
    const at = rows.findIndex((row) => row.matches(':focus'));
    const to = event.key === 'ArrowDown' ? at + 1 : event.key === 'ArrowUp' ? at - 1 : event.key === 'Home' ? 0 : event.key === 'End' ? rows.length - 1 : -1;
    const row = rows[to];
    if (!row) return;
    event.preventDefault();
    row.focus();
  }

  #onFilter(event: InputEvent): void {
    this.filter = (event.target as HTMLInputElement).value;
    if (this.paged) fire(this, 'search', this.filter);
  }

  #open(id: string): void {
    fire(this, 'open-conversation', id);
  }

  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        flex-direction: column;
        min-height: 0;
      }
      .filter {
        margin: 8px 12px;
        padding: 8px 12px;
        border-radius: 8px;
        border: 0;
        background: var(--panel-raised);
        color: var(--text);
        font: inherit;
      }
      ul {
        list-style: none;
        margin: 0;
        padding: 0;
        overflow-y: auto;
      }
      li button {
        width: 100%;
        display: flex;
        gap: 12px;
        align-items: center;
        padding: 10px 14px;
        border: 0;
        border-bottom: 1px solid var(--border);
        background: none;
        text-align: left;
      }
      li button:hover {
        background: var(--panel-raised);
      }
      li.active button {
        background: var(--hover);
      }
      .main {
        flex: 1;
        min-width: 0;
        display: grid;
      }
      .title,
      .preview {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      .preview {
        color: var(--muted);
        font-size: 13px;
      }
      .preview em {
        color: var(--accent-strong);
        font-style: normal;
      }
      .side {
        display: grid;
        justify-items: end;
        gap: 4px;
        font-size: 12px;
        color: var(--muted);
      }
      .presence.on {
        color: var(--accent-strong);
      }
      .unread {
        min-width: 20px;
        padding: 1px 6px;
        border-radius: 10px;
        background: var(--accent);
        color: #0b141a;
        font-weight: 600;
        text-align: center;
      }
      .empty {
        color: var(--muted);
        padding: 12px 16px;
      }
    `,
  ];
}

customElements.define('conversation-list', ConversationList);
declare global {
  interface HTMLElementTagNameMap {
    'conversation-list': ConversationList;
  }
}
