import { css, html } from 'lit';
import { hiddenFromSight } from './theme.ts';

/**
 * A button's content that turns into an icon where room is short (the host has `narrow`): the
 * words stay in the page, only hidden from sight there, so the button's accessible name never changes.
 */
export function iconLabel(icon: string, words: string) {
  return html`<span class="glyph" aria-hidden="true">${icon}</span><span class="words">${words}</span>`;
}

export const iconLabelStyles = css`
  .glyph {
    display: none;
  }
  :host([narrow]) .glyph {
    display: inline;
    font-size: 18px;
    line-height: 1;
  }
  :host([narrow]) .words {
    ${hiddenFromSight}
  }
`;
