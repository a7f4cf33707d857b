import { css } from 'lit';

/** Out of sight but still read by assistive technology (and still giving a control its name). */
export const hiddenFromSight = css`
  position: absolute;
  width: 1px;
  height: 1px;
  overflow: hidden;
  clip: rect(0 0 0 0);
  white-space: nowrap;
`;

/**
 * Colours and shared bits of the theme (after WhatsApp's): dark, or light when the system asks for
 * it. Every text colour meets WCAG AA (4.5:1) on the backgrounds it is used on, in both
 * (test/e2e/color-schemes.test.ts measures the rendered page).
 */
export const theme = css`
  :host {
    --bg: #0b141a;
    --panel: #111b21;
    --panel-raised: #202c33;
    --hover: #2a3942;
    --border: #222d34;
    --text: #e9edef;
    --muted: #a3b1ba;
    --accent: #00a884;
    --accent-strong: #06cf9c;
    --bubble-out: #005c4b;
    --bubble-in: #202c33;
    --danger: #f15c6d;
    --link: #8fd6f5;
    /* Times, sizes and ticks on a message bubble. */
    --meta: #ffffffb0;
    --notice-bg: #182229;
    --notice-text: #ffd279;
    --focus: #53bdeb;
  }
  @media (prefers-color-scheme: light) {
    :host {
      --bg: #efeae2;
      --panel: #ffffff;
      --panel-raised: #f0f2f5;
      --hover: #dfe5e7;
      --border: #d1d7db;
      --text: #111b21;
      --muted: #54656f;
      --accent: #00a884;
      --accent-strong: #016c59;
      --bubble-out: #d9fdd3;
      --bubble-in: #ffffff;
      --danger: #b3261e;
      --link: #0266a1;
      --meta: #4a5a63;
      --notice-bg: #fff5c4;
      --notice-text: #5c4600;
      --focus: #0266a1;
    }
  }
  :host {
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
  /* Drawn inside the element: a ring outside a full-width list row is cut off by its neighbours. */
  :focus-visible {
    outline: 3px solid var(--focus);
    outline-offset: -3px;
  }
  .visually-hidden {
    ${hiddenFromSight}
  }
`;
