/**
 * The page's language: English, as the components are written, or another the browser prefers and
 * `locales/` translates. Every word the UI shows goes through `msg` (`@lit/localize`) with an id of
 * its own; the catalogue test checks each id has its translation. Chosen once, before the first
 * screen renders, so no component needs to re-render on a change.
 */
import { configureLocalization } from '@lit/localize';

export const SOURCE_LOCALE = 'en';
/** The translations, each a chunk of its own that only its readers load. */
const CATALOGUES = {
  de: () => import('../locales/de.ts'),
};
type TargetLocale = keyof typeof CATALOGUES;
export type Locale = typeof SOURCE_LOCALE | TargetLocale;
const TARGET_LOCALES = Object.keys(CATALOGUES) as TargetLocale[];

const { getLocale, setLocale } = configureLocalization({
  sourceLocale: SOURCE_LOCALE,
  targetLocales: TARGET_LOCALES,
  loadLocale: (locale) => CATALOGUES[locale as TargetLocale](),
});

/** The first of the browser's languages the app speaks (by its primary subtag), else English. */
export function preferredLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const primary = language.toLowerCase().split('-')[0];
    if (primary === SOURCE_LOCALE) return SOURCE_LOCALE;
    const target = TARGET_LOCALES.find((locale) => locale === primary);
    if (target) return target;
  }
  return SOURCE_LOCALE;
}

/** The browser's own tag for the language in use (`en-GB`, `de-AT`), which `Intl` formats follow. */
let regional: string = SOURCE_LOCALE;

/** Loads the browser's language, if it is one of ours, and says so on `<html lang>`. */
export async function startLocalization(): Promise<void> {
  const languages = navigator.languages ?? [navigator.language];
  const locale = preferredLocale(languages);
  if (locale !== SOURCE_LOCALE) await setLocale(locale);
  regional = languages.find((language) => language.toLowerCase().split('-')[0] === locale) ?? locale;
  document.documentElement.lang = locale;
}

/** The language in use as the browser names it, for `Intl` formats: a British reader gets a 24-hour clock. */
export function currentLocale(): string {
  return getLocale() === SOURCE_LOCALE || regional.toLowerCase().startsWith(getLocale()) ? regional : getLocale();
}

/**
 * The form of a counted phrase the language's plural rules pick for `count` (`1 unread`,
 * `2 unread`). Both forms come translated already; English and German need only these two.
 */
export function plural(count: number, forms: { one: string; other: string }): string {
  // Made once: the language is settled before anything renders, and rows render often.
  pluralRules ??= new Intl.PluralRules(currentLocale());
  return pluralRules.select(count) === 'one' ? forms.one : forms.other;
}
let pluralRules: Intl.PluralRules | undefined;
