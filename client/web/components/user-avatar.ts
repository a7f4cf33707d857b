import { LitElement, css, html } from 'lit';

/** A round badge with a person's initial, or `#` for the Everyone room. Decorative: hidden from screen readers. */
export class UserAvatar extends LitElement {
  static override properties = {
    name: { type: String },
    room: { type: Boolean, reflect: true },
  };
  declare name: string;
  declare room: boolean;

  constructor() {
    super();
    this.name = '';
    this.room = false;
    this.setAttribute('aria-hidden', 'true');
  }

  override render() {
    return html`${this.room ? '#' : [...this.name][0]?.toUpperCase()}`;
  }

  static override styles = css`
    :host {
      flex: none;
      width: var(--avatar-size, 44px);
      height: var(--avatar-size, 44px);
      border-radius: 50%;
      display: grid;
      place-items: center;
      font-weight: 600;
      background: #8696a0;
      color: #111b21;
    }
    :host([room]) {
      background: #00a884;
    }
  `;
}

customElements.define('user-avatar', UserAvatar);
declare global {
  interface HTMLElementTagNameMap {
    'user-avatar': UserAvatar;
  }
}
