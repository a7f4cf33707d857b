import { msg } from '@lit/localize';
import { ERROR_TEXT, type ErrorCode } from '../../../common/errors.ts';
import type { JoinRejected } from '../../core/signaling/join-rejected.ts';

/** The server's sentences (`ERROR_TEXT`) for refusing a join, in the page's language. */
function refusalTexts(): Partial<Record<ErrorCode, string>> {
  return {
    'username-invalid': msg('Usernames are 1–32 letters, digits, spaces, dots, underscores or hyphens, starting with a letter or digit.', { id: 'refusal-text.username-invalid' }),
    'username-taken': msg('That username is already in use.', { id: 'refusal-text.username-taken' }),
    'too-many-joins': msg('Too many people joined from your network just now; try again in a moment.', { id: 'refusal-text.too-many-joins' }),
    unavailable: msg('The chat server cannot reach its shared store just now; try again in a moment.', { id: 'refusal-text.unavailable' }),
    'unsupported-version': msg('This client speaks a protocol version the server does not support.', { id: 'refusal-text.unsupported-version' }),
  };
}

/**
 * Why a join was refused, in the page's language. The server words it in English; a known sentence
 * is translated and any detail it adds after it is kept as sent. Anything else shows as sent.
 */
export function refusal(code: JoinRejected['code'], message: string): string {
  if (code === 'connection-failed') return message;
  const text = refusalTexts()[code];
  const english = ERROR_TEXT[code];
  return text !== undefined && message.startsWith(english) ? text + message.slice(english.length) : message;
}
