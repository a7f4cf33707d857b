import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import { guard } from 'lit/directives/guard.js';
import { repeat } from 'lit/directives/repeat.js';
import type { Conversation } from '../chat/chat-model.ts';
import type { StoredMessage } from '../chat/stored-message.ts';
import { summarizeCall } from '../ui/call-text.ts';
import { formatTime, isoTime } from '../ui/format.ts';
import { describeMissed } from '../ui/missed-text.ts';
import { linkified } from '../ui/linkify.ts';
import { conversationTitle } from '../ui/conversation-title.ts';
import { theme } from '../ui/theme.ts';
import './file-card.ts';

/** An outgoing message's status in words, beside its mark; built when shown, in the page's language. */
function statusText(status: StoredMessage['status']): string {
  switch (status) {
    case 'pending':
      return msg('Sending', { id: 'message-log.sending' });
    case 'sent':
      return msg('Sent', { id: 'message-log.sent' });
    case 'delivered':
      return msg('Delivered', { id: 'message-log.delivered' });
    case 'received':
      return '';
    case 'failed':
      return msg('Not sent', { id: 'message-log.not-sent' });
  }
}

const STATUS_MARK: Record<StoredMessage['status'], string> = {
  pending: '🕓',
  sent: '✓',
  delivered: '✓✓',
  received: '',
  failed: '!',
};

/** The messages of one conversation, newest at the bottom, kept scrolled down as they arrive. */
export class MessageLog extends LitElement {
  static override properties = {
    conversation: { attribute: false },
  };
  declare conversation: Conversation;
  #stickToBottom = true;

  override render() {
    const c = this.conversation;
    const showSender = c.kind === 'room';
    return html`
      <div role="log" aria-label=${msg(str`Messages in ${conversationTitle(c)}`, { id: 'message-log.label' })} @scroll=${this.#onScroll}>
        ${c.messages.length === 0
          ? html`<p class="empty">${c.kind === 'room'
              ? msg('Messages here go to everyone online.', { id: 'message-log.empty-room' })
              : msg(str`Messages to ${conversationTitle(c)} go straight to their device, not through the server.`, { id: 'message-log.empty-private' })}</p>`
          : nothing}
        ${repeat(
          c.messages,
          (m) => m.id,
          // The model replaces a message object only when it changes: the others are not rendered again.
          (m) => guard([m, showSender], () => this.#message(m, showSender)),
        )}
        ${this.#waitingNote(c)}
      </div>
    `;
  }

  /** Under private messages held back while the other person is offline: what becomes of them. */
  #waitingNote(c: Conversation) {
    const waiting = c.kind === 'private' && !c.online && c.messages.some((m) => m.outgoing && m.status === 'pending');
    return waiting
      ? html`<p class="empty" role="status">${msg(str`${conversationTitle(c)} is offline. Your messages wait here and go out when you are both online.`, { id: 'message-log.waiting' })}</p>`
      : nothing;
  }

  #message(m: StoredMessage, showSender: boolean) {
    return html`
      <article class=${m.outgoing ? 'out' : 'in'} data-id=${m.id} data-status=${m.status}>
        ${showSender && !m.outgoing && !m.missed ? html`<span class="from">${m.from}</span>` : nothing}
        ${m.missed
          ? html`<p class="text notice">${describeMissed(m.missed)}</p>`
          : m.file
            ? html`<file-card .file=${m.file} ?outgoing=${m.outgoing} ?saved=${m.savedAt !== undefined}></file-card>`
            : m.call
              ? html`<p class="text call"><span aria-hidden="true">${m.call.media === 'video' ? '🎥' : '📞'}</span> ${'direction' in m.call ? summarizeCall(m.call) : m.text}</p>`
              : html`<p class="text">${linkified(m.text)}</p>`}
        <footer>
          <time datetime=${isoTime(m.at) ?? nothing}>${formatTime(m.at)}</time>
          ${m.outgoing && !m.file && !m.call
            ? html`<span class="status ${m.status}" title=${statusText(m.status)}><span aria-hidden="true">${STATUS_MARK[m.status]}</span><span class="visually-hidden">${statusText(m.status)}</span></span>`
            : nothing}
        </footer>
      </article>
    `;
  }

  #onScroll(event: Event): void {
    const log = event.target as HTMLElement;
    this.#stickToBottom = log.scrollHeight - log.scrollTop - log.clientHeight < 40;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    // A different conversation opens at its newest message; the same one, changed, keeps the reader's place.
    const previous = changed.get('conversation') as Conversation | undefined;
    if (changed.has('conversation') && previous?.id !== this.conversation.id) this.#stickToBottom = true;
  }

  override updated(): void {
    const log = this.renderRoot.querySelector<HTMLElement>('[role=log]');
    if (log && this.#stickToBottom) log.scrollTop = log.scrollHeight;
  }

  static override styles = [
    theme,
    css`
      :host {
        display: flex;
        min-height: 0;
      }
      [role='log'] {
        flex: 1;
        overflow-y: auto;
        padding: 16px 6% 8px;
        display: flex;
        flex-direction: column;
        gap: 4px;
        background: var(--bg);
      }
      .empty {
        align-self: center;
        margin: 12px;
        padding: 8px 14px;
        border-radius: 8px;
        background: var(--notice-bg);
        color: var(--notice-text);
        font-size: 13px;
        text-align: center;
      }
      article {
        max-width: min(75%, 640px);
        padding: 6px 8px 4px 10px;
        border-radius: 8px;
        background: var(--bubble-in);
        align-self: flex-start;
        overflow-wrap: anywhere;
      }
      article.out {
        background: var(--bubble-out);
        align-self: flex-end;
      }
      .from {
        display: block;
        font-size: 13px;
        font-weight: 600;
        color: var(--accent-strong);
      }
      .text {
        margin: 0;
        white-space: pre-wrap;
        line-height: 1.35;
      }
      .text.call,
      .text.notice {
        color: var(--muted);
        font-style: italic;
      }
      .text a {
        color: var(--link);
      }
      footer {
        display: flex;
        gap: 4px;
        justify-content: flex-end;
        font-size: 11px;
        color: var(--meta);
      }
      .status.delivered {
        color: var(--link);
      }
      .status.failed {
        color: var(--danger);
      }
    `,
  ];
}

customElements.define('message-log', MessageLog);
declare global {
  interface HTMLElementTagNameMap {
    'message-log': MessageLog;
  }
}
