import { msg, str } from '@lit/localize';
import { LitElement, css, html, nothing } from 'lit';
import type { TransferInfo } from '../../core/transfer/transfer-info.ts';
import { capabilities, IN_MEMORY_FILE_LIMIT, keptInMemoryText, tooLargeForMemoryText } from '../platform/capabilities.ts';
import { FILE_ICONS, fileKind, previewable } from '../ui/file-kind.ts';
import { fire } from '../ui/fire.ts';
import { theme } from '../ui/theme.ts';
import { formatDuration, formatPercent, formatSize, formatSpeed } from '../ui/units.ts';

const STATE_TEXT: Record<TransferInfo['state'], (out: boolean) => string> = {
  offered: () => msg('Waiting for them to accept', { id: 'file-card.offered' }),
  incoming: () => msg('Wants to send you this file', { id: 'file-card.incoming' }),
  queued: () => msg('Queued', { id: 'file-card.queued' }),
  sending: () => msg('Sending', { id: 'file-card.sending' }),
  receiving: () => msg('Receiving', { id: 'file-card.receiving' }),
  paused: () => msg('Paused — the link dropped; resumes when it is back', { id: 'file-card.paused' }),
  verifying: () => msg('Checking integrity', { id: 'file-card.verifying' }),
  done: (out) => (out ? msg('Sent and verified', { id: 'file-card.sent' }) : msg('Received and verified', { id: 'file-card.received' })),
  declined: (out) => (out ? msg('Declined by them', { id: 'file-card.declined-by-them' }) : msg('Declined', { id: 'file-card.declined' })),
  cancelled: () => msg('Cancelled', { id: 'file-card.cancelled' }),
  failed: () => msg('Failed', { id: 'file-card.failed' }),
};

/** Why a transfer failed, in the page's language; history from before failures had reasons keeps its English. */
function failureText(f: TransferInfo): string | undefined {
  const detail = f.failure?.detail;
  switch (f.failure?.reason) {
    case 'too-many-bytes':
      return msg('The sender sent more bytes than the file has.', { id: 'file-card.failure-too-many-bytes' });
    case 'sender-too-fast':
      return msg('The sender did not wait for the file to be written.', { id: 'file-card.failure-sender-too-fast' });
    case 'past-end':
      return msg('The receiver asked for bytes past the end of the file.', { id: 'file-card.failure-past-end' });
    case 'damaged':
      return msg('The file arrived damaged (checksum mismatch) and was deleted.', { id: 'file-card.failure-damaged' });
    case 'write-failed':
      return msg(str`Could not write the file: ${detail}`, { id: 'file-card.failure-write' });
    case 'save-failed':
      return msg(str`Could not save the file: ${detail}`, { id: 'file-card.failure-save' });
    case 'read-failed':
      return msg(str`Could not read the file: ${detail}`, { id: 'file-card.failure-read' });
    case 'file-changed':
      return msg('The file changed while it was being sent.', { id: 'file-card.failure-file-changed' });
    case 'not-hashed':
      return msg('Internal error: the file was not hashed completely.', { id: 'file-card.failure-not-hashed' });
    case undefined:
      return f.error;
  }
}

/** What a card asks for to show a finished image or video: the file, handed to `show` if this page has it. */
export interface PreviewRequest {
  id: string;
  show: (file: File) => void;
}

/**
 * A file transfer in the conversation: its kind's icon, name, size and type, consent, progress, the
 * result, whether it was saved, and a preview of a finished image or video.
 *
 * @fires file-action - `detail: { id, action: 'accept' | 'decline' | 'cancel' | 'save' }`
 * @fires want-preview - `detail: PreviewRequest`, once the file is complete and of a kind shown
 */
export class FileCard extends LitElement {
  static override properties = {
    file: { attribute: false },
    outgoing: { type: Boolean },
    saved: { type: Boolean },
    preview: { state: true },
  };
  declare file: TransferInfo;
  declare outgoing: boolean;
  /** The user saved this received file (at least once). */
  declare saved: boolean;
  /** An object URL of the finished file, while a preview is shown. */
  declare preview: string | null;
  #previewAsked = false;

  constructor() {
    super();
    this.outgoing = false;
    this.saved = false;
    this.preview = null;
  }

  override updated(): void {
    if (this.#previewAsked || this.file.state !== 'done' || !previewable(fileKind(this.file.name, this.file.type), this.file.size)) return;
    this.#previewAsked = true;
    fire<PreviewRequest>(this, 'want-preview', { id: this.file.id, show: (file) => this.isConnected && (this.preview = URL.createObjectURL(file)) });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#dropPreview();
    this.#previewAsked = false;
  }

  override render() {
    const f = this.file;
    const active = f.state === 'sending' || f.state === 'receiving' || f.state === 'paused' || f.state === 'queued' || f.state === 'verifying';
    const percent = f.size === 0 ? 100 : Math.floor((f.bytes / f.size) * 100);
    const why = f.state === 'failed' ? failureText(f) : undefined;
    const inMemory = !this.outgoing && capabilities.receivedFiles === 'memory';
    const tooLarge = inMemory && f.size > IN_MEMORY_FILE_LIMIT;
    // Said before Accept where it is too large, and while it arrives and waits to be saved otherwise.
    const memoryNote = tooLarge ? tooLargeForMemoryText() : inMemory && (active || f.state === 'incoming' || f.state === 'done') ? keptInMemoryText() : null;
    // `57%`, and `57 %` in German.
    const percentText = formatPercent(percent / 100);
    return html`
      <div class="head">
        <span class="icon" aria-hidden="true">${FILE_ICONS[fileKind(f.name, f.type)]}</span>
        <span class="meta">
          <span class="name">${f.name}</span>
          <span class="details">${formatSize(f.size)} · ${f.type || msg('unknown type', { id: 'file-card.unknown-type' })}</span>
        </span>
      </div>
      ${active
        ? html`<progress max="100" value=${percent} aria-label=${`${f.name}: ${percentText}`}></progress>
            <p class="progress">
              ${percentText} · ${msg(str`${formatSize(f.bytes)} of ${formatSize(f.size)}`, { id: 'file-card.bytes-of' })}${f.bytesPerSecond > 0 ? html` · ${formatSpeed(f.bytesPerSecond)}` : nothing}${f.secondsLeft !== undefined ? html` · ${msg(str`${formatDuration(f.secondsLeft)} left`, { id: 'file-card.time-left' })}` : nothing}
            </p>`
        : nothing}
      ${this.#preview()}
      <p class="state ${f.state}">${STATE_TEXT[f.state](this.outgoing)}${why ? html`: ${why}` : nothing}${this.saved ? html` · ${msg('Saved', { id: 'file-card.saved' })}` : nothing}</p>
      ${memoryNote ? html`<p class="memory">${memoryNote}</p>` : nothing}
      <div class="actions">
        ${f.state === 'incoming'
          ? html`<button class="primary" ?disabled=${tooLarge} title=${tooLarge ? tooLargeForMemoryText() : nothing} @click=${() => this.#act('accept')}>${msg('Accept', { id: 'file-card.accept' })}</button>
              <button @click=${() => this.#act('decline')}>${msg('Decline', { id: 'file-card.decline' })}</button>`
          : nothing}
        ${active || f.state === 'offered' ? html`<button @click=${() => this.#act('cancel')}>${msg('Cancel', { id: 'file-card.cancel' })}</button>` : nothing}
        ${f.state === 'done' && !this.outgoing ? html`<button class=${this.saved ? '' : 'primary'} @click=${() => this.#act('save')}>${msg('Save', { id: 'file-card.save' })}</button>` : nothing}
      </div>
    `;
  }

  #preview() {
    if (!this.preview) return nothing;
    const label = msg(str`Preview of ${this.file.name}`, { id: 'file-card.preview-of' });
    return fileKind(this.file.name, this.file.type) === 'video'
      ? html`<video class="preview" src=${this.preview} controls preload="metadata" aria-label=${label} @error=${this.#dropPreview}></video>`
      : html`<img class="preview" src=${this.preview} alt=${label} @error=${this.#dropPreview} />`;
  }

  /** Not a picture or video this browser can show after all (the type is only the sender's word): no preview. */
  #dropPreview(): void {
    if (this.preview) URL.revokeObjectURL(this.preview);
    this.preview = null;
  }

  #act(action: 'accept' | 'decline' | 'cancel' | 'save'): void {
    fire(this, 'file-action', { id: this.file.id, action });
  }

  static override styles = [
    theme,
    css`
      :host {
        display: grid;
        gap: 6px;
        min-width: min(280px, 70vw);
      }
      .head {
        display: flex;
        gap: 10px;
        align-items: center;
      }
      .icon {
        font-size: 28px;
      }
      .preview {
        display: block;
        max-width: 100%;
        max-height: 240px;
        border-radius: 6px;
        background: var(--panel-raised);
      }
      .meta {
        display: grid;
        min-width: 0;
      }
      .name {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .details,
      .progress,
      .state,
      .memory {
        margin: 0;
        font-size: 12px;
        color: var(--meta);
      }
      .state.failed {
        color: var(--danger);
      }
      .memory {
        color: var(--muted);
      }
      .state.done {
        color: var(--accent-strong);
      }
      progress {
        width: 100%;
        accent-color: var(--accent);
      }
      .actions {
        display: flex;
        gap: 8px;
      }
      .actions:empty {
        display: none;
      }
      button {
        border: 1px solid var(--muted);
        background: none;
        border-radius: 14px;
        padding: 4px 14px;
      }
      button:disabled {
        opacity: 0.5;
        cursor: not-allowed;
      }
      button.primary {
        background: var(--accent);
        border-color: var(--accent);
        color: #0b141a;
        font-weight: 600;
      }
    `,
  ];
}

customElements.define('file-card', FileCard);
declare global {
  interface HTMLElementTagNameMap {
    'file-card': FileCard;
  }
}
