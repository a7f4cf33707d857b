/// <reference path="./unicode-property-value-aliases-ecmascript.d.ts" />
import propertyValueAliases from 'unicode-property-value-aliases-ecmascript';

/**
 * Which scripts a name's letters come from, judged as UTS #39 does (section 5): by each character's
 * Script_Extensions, where characters of the Common and Inherited scripts (digits, most
 * punctuation, many combining marks) go with any script.
 *
 * The rule is UTS #39's "highly restrictive" level: one script, or Latin with the scripts Chinese,
 * Japanese and Korean are written in beside it (Han with Hiragana and Katakana, with Bopomofo, or
 * with Hangul). `Вера`, `李小龙` and `田中Taro` pass; Latin mixed with Cyrillic, Greek, Cherokee or
 * any other alphabet does not, since a person's name rarely mixes two alphabets and nearly every
 * spoof does. Lookalikes within one script are the skeleton's job (`confusable-skeleton.ts`).
 */

interface Script {
  name: string;
  pattern: RegExp;
  /** UTS #39's combined scripts for Chinese, Japanese and Korean writing: never named to the user. */
  combined?: true;
}

/** Characters with no script of their own: Script_Extensions is exactly Common or Inherited. */
const ANY_SCRIPT = /[\p{scx=Common}\p{scx=Inherited}]/u;
const LATIN = /\p{scx=Latin}/u;

const COMBINED: readonly Script[] = [
  { name: 'Japanese', pattern: /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]/u, combined: true },
  { name: 'Korean', pattern: /[\p{scx=Han}\p{scx=Hangul}]/u, combined: true },
  { name: 'Han with Bopomofo', pattern: /[\p{scx=Han}\p{scx=Bopomofo}]/u, combined: true },
];

let scripts: readonly Script[] | undefined;

/** Every script this JavaScript engine knows, compiled on first use. */
function allScripts(): readonly Script[] {
  if (scripts) return scripts;
  const names = new Set(propertyValueAliases.get('Script')?.values());
  names.delete('Common');
  names.delete('Inherited');
  const known: Script[] = [];
  for (const name of names) {
    // A script newer than this engine's Unicode data has no letters it would accept anyway.
    try {
      known.push({ name, pattern: new RegExp(`\\p{scx=${name}}`, 'u') });
    } catch {
      continue;
    }
  }
  scripts = [...known, ...COMBINED];
  return scripts;
}

/** The scripts every one of `chars` belongs to: UTS #39's resolved script set. */
function sharedScripts(chars: readonly string[]): readonly Script[] {
  let shared = allScripts();
  for (const char of chars) {
    shared = shared.filter((script) => script.pattern.test(char));
    if (shared.length === 0) break;
  }
  return shared;
}

/**
 * The scripts `text` mixes, when the mix is not highly restrictive (see above), or null when it is.
 * Names the first script of each letter, for the message.
 */
export function mixedScripts(text: string): string[] | null {
  // ASCII is Latin or Common throughout: most names need no lookup.
  if (/^[\x00-\x7f]*$/.test(text)) return null;
  const chars = [...new Set(text)].filter((char) => !ANY_SCRIPT.test(char));
  if (sharedScripts(chars).length > 0) return null;
  const cjk = sharedScripts(chars.filter((char) => !LATIN.test(char)));
  if (cjk.some((script) => script.combined)) return null;
  const named = chars.map((char) => allScripts().find((script) => !script.combined && script.pattern.test(char))?.name ?? 'Unknown');
  return [...new Set(named)];
}
