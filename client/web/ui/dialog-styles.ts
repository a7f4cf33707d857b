import { css } from 'lit';

/** The look of the app's modal dialogs (a raised card on a dimmed page, a title); each adds its size and contents. */
export const dialogStyles = css`
  dialog {
    width: 420px;
    padding: 20px 24px;
    max-width: calc(100% - 32px);
    max-height: calc(100dvh - 32px);
    border: 0;
    border-radius: 16px;
    background: var(--panel-raised);
    color: var(--text);
    box-shadow: 0 12px 40px #000a;
  }
  dialog::backdrop {
    background: #0008;
  }
  h2 {
    margin: 0 0 12px;
    font-size: 18px;
    font-weight: 500;
    overflow-wrap: anywhere;
  }
`;
