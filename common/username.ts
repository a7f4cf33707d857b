import { remove as removeConfusables } from 'confusables';
import { protocolError, type ProtocolError } from './errors.ts';
import { LIMITS } from './limits.ts';

export const USERNAME_MAX_CHARS = 32;

/** Letters (with their combining marks), decimal digits, space, `.`, `_`, `-`; first one a letter or digit. */
const ALLOWED = /^[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd} ._-]*$/u;

export interface Username {
  /** The name as the user typed it (trimmed, NFC): what everyone sees. */
  display: string;
  /** The identity: compatibility-normalised and case-folded, so `Alice`, `alice`, `Ａｌｉｃｅ` collide. */
  key: string;
}

export type UsernameResult = { ok: true; name: Username } | { ok: false; error: ProtocolError };

/**
 * The comparison key. JavaScript has no full Unicode case folding; upper- then lower-casing
 * covers the expanding cases (`ß` → `ss`), and NFKC on both sides folds width and compatibility
 * forms (`Ａ` → `A`, `ﬁ` → `fi`). Last, lookalikes from other scripts are mapped to their Latin
 * prototype (Unicode's confusables data, via the `confusables` package), so a Cyrillic `аlice`
 * is the same name as `alice`. The price: some genuinely different names collide (`José` and
 * `Jose`, Cyrillic `Вера` and Latin `Bepa`); for a chat where a name is a person's only identity,
 * refusing a lookalike is the better mistake.
 */
export function usernameKey(display: string): string {
  const folded = display.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
  return removeConfusables(folded).toLowerCase().normalize('NFKC').replace(/\s+/gu, ' ');
}

/**
 * A name as the server spells it (already valid), made a value once where it comes in, so that
 * nothing downstream recomputes its key.
 */
export function toUsername(display: string): Username {
  return { display, key: usernameKey(display) };
}

export function sameUser(a: Username, b: Username): boolean {
  return a.key === b.key;
}

/** Validates and normalises a username; never throws. */
export function parseUsername(raw: unknown): UsernameResult {
  if (typeof raw !== 'string') return { ok: false, error: protocolError('username-invalid', 'not a string') };
  if (raw.length > LIMITS.maxRawNameChars) {
    return { ok: false, error: protocolError('username-invalid', 'too long') };
  }
  const display = raw.trim().normalize('NFC');
  const length = [...display].length;
  if (length === 0) return { ok: false, error: protocolError('username-invalid', 'empty') };
  if (length > USERNAME_MAX_CHARS) {
    return { ok: false, error: protocolError('username-invalid', `longer than ${USERNAME_MAX_CHARS} characters`) };
  }
  if (!ALLOWED.test(display)) {
    return { ok: false, error: protocolError('username-invalid', 'contains a character that is not allowed') };
  }
  return { ok: true, name: { display, key: usernameKey(display) } };
}
