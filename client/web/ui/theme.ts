import { css } from 'lit';

/** Colours and shared bits of the dark theme (after WhatsApp's dark mode). */
export const theme = css`
  :host {
    --bg: #0b141a;
    --panel: #111b21;
    --panel-raised: #202c33;
    --hover: #2a3942;
    --border: #222d34;
    --text: #e9edef;
    --muted: #8696a0;
    --accent: #00a884;
    --accent-strong: #06cf9c;
    --bubble-out: #005c4b;
    --bubble-in: #202c33;
    --danger: #f15c6d;
    --focus: 0 0 0 2px #53bdeb;
    color: var(--text);
    font-family: system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif;
    font-size: 15px;
    box-sizing: border-box;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  button {
    font: inherit;
    color: inherit;
    cursor: pointer;
  }
  :focus-visible {
    outline: none;
    box-shadow: var(--focus);
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
