import { markAbuse } from './combining-marks.ts';
import { skeleton } from './confusable-skeleton.ts';
import { protocolError, type ProtocolError } from './errors.ts';
import { LIMITS } from './limits.ts';
import { mixedScripts } from './script-mix.ts';

/** Letters (with their combining marks), decimal digits, space, `.`, `_`, `-`; first one a letter or digit. */
const ALLOWED = /^[\p{L}\p{Nd}][\p{L}\p{M}\p{Nd} ._-]*$/u;
/**
 * Drawn as nothing, or as blank space: Unicode's default-ignorable code points (zero-width and bidi
 * controls, variation selectors, Khmer inherent vowels, …) and the Hangul fillers, which are
 * letters, and which older Unicode data does not count as ignorable.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\u115F\u1160\u3164\uFFA0]/u;
/** Each round of folding can uncover a lookalike (the small letter of a capital's prototype); three settle every character. */
const FOLD_ROUNDS = 3;

export interface Username {
  /** The name as the user typed it (trimmed, NFC): what everyone sees. */
  display: string;
  /** The identity: folded for width, case and lookalikes, so `Alice`, `ａｌｉｃｅ` and `AIice` collide, as do Cyrillic `Вера` and `Bepa`. */
  key: string;
}

export type UsernameResult = { ok: true; name: Username } | { ok: false; error: ProtocolError };

/**
 * The comparison key: two names that look alike share it. NFKC folds width and compatibility forms
 * (`Ａ` → `A`, `ﬁ` → `fi`); then case and lookalikes fold together, through the UTS #39 skeleton of
 * Unicode's confusables data: upper-cased, the skeleton catches capitals that imitate (`I` for `l`,
 * Cyrillic `А`); lower-cased, small letters that do (`rn` for `m`, Cyrillic `а`). JavaScript has no
 * full case folding; upper- then lower-casing covers the expanding cases (`ß` → `ss`).
 *
 * The price: since `I` is both `l`'s lookalike and `i`'s capital, `i`, `I`, `l`, `L` and `1` are one
 * letter here (as `o`, `O`, `0` are, and `m`, `rn`), so `Ian` and `Lan` collide; and so do whole
 * words of one script that read as another (Cyrillic `Вера` and Latin `Bepa`). Accents stay
 * (`José` is not `Jose`). For a chat where a name is a person's only identity, refusing a
 * lookalike is the better mistake.
 */
export function usernameKey(display: string): string {
  let key = display.normalize('NFKC');
  for (let round = 0; round < FOLD_ROUNDS; round += 1) {
    const folded = skeleton(skeleton(key.toUpperCase()).toLowerCase());
    if (folded === key) break;
    key = folded;
  }
  // A page shows a run of spaces as one.
  return key.replace(/\s+/gu, ' ');
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
  if (length > LIMITS.maxUsernameChars) {
    return { ok: false, error: protocolError('username-invalid', `longer than ${LIMITS.maxUsernameChars} characters`) };
  }
  const invisible = INVISIBLE.exec(display)?.[0];
  if (invisible !== undefined) {
    return { ok: false, error: protocolError('username-invalid', `contains an invisible character (${codePoint(invisible)})`) };
  }
  if (!ALLOWED.test(display)) {
    return { ok: false, error: protocolError('username-invalid', 'contains a character that is not allowed') };
  }
  const marks = markAbuse(display);
  if (marks) return { ok: false, error: protocolError('username-invalid', marks) };
  const scripts = mixedScripts(display);
  if (scripts) return { ok: false, error: protocolError('username-invalid', `mixes ${scripts.join(' and ')} letters`) };
  return { ok: true, name: { display, key: usernameKey(display) } };
}

function codePoint(char: string): string {
  return `U+${(char.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;
}
