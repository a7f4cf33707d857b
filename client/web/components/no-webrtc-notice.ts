import { LitElement, css, html, nothing } from 'lit';
import { capabilities, noPeerToPeerText } from '../platform/capabilities.ts';
import { theme } from '../ui/theme.ts';

/** A line at the top of the page, in a browser without WebRTC, saying what works and what does not. */
export class NoWebRtcNotice extends LitElement {
  override render() {
    return capabilities.peerToPeer ? nothing : html`<p role="status">${noPeerToPeerText()}</p>`;
  }

  static override styles = [
    theme,
    css`
      p {
        margin: 0;
        padding: 6px 12px;
        background: var(--panel-raised);
        color: var(--muted);
        text-align: center;
        font-size: 14px;
      }
    `,
  ];
}

customElements.define('no-webrtc-notice', NoWebRtcNotice);
declare global {
  interface HTMLElementTagNameMap {
    'no-webrtc-notice': NoWebRtcNotice;
  }
}
