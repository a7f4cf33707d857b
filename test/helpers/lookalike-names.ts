/**
 * Names an impostor would pick, and names real people have. Shared by the unit table
 * (`test/common/username-lookalikes.test.ts`) and the server's (`test/signaling/lookalike-names.test.ts`).
 */

/** An attack: `name` must be refused, or share the key of `imitates`; `imitates: null` means refused. */
export interface Lookalike {
  name: string;
  imitates: string | null;
  how: string;
}

export const LOOKALIKES: readonly Lookalike[] = [
  // Invisible: default-ignorable code points and the Hangul fillers.
  { name: 'alice\u3164', imitates: 'alice', how: 'Hangul filler after the name' },
  { name: 'al\u17B4ice', imitates: 'alice', how: 'Khmer inherent vowel AQ inside' },
  { name: '\u115F', imitates: null, how: 'a name made only of a Hangul choseong filler' },
  { name: '\u115F\u1160', imitates: null, how: 'Hangul choseong and jungseong fillers' },
  { name: '\u3164', imitates: null, how: 'a name made only of a Hangul filler' },
  { name: '\uFFA0alice', imitates: 'alice', how: 'halfwidth Hangul filler in front' },
  { name: 'ali\u1160ce', imitates: 'alice', how: 'Hangul jungseong filler inside' },
  { name: 'al\u115Fice', imitates: 'alice', how: 'Hangul choseong filler inside' },
  { name: 'al\u17B5ice', imitates: 'alice', how: 'Khmer inherent vowel AA inside' },
  { name: 'alice\u034F', imitates: 'alice', how: 'combining grapheme joiner' },
  { name: 'alice\uFE0F', imitates: 'alice', how: 'variation selector 16' },
  { name: 'ali\uFE00ce', imitates: 'alice', how: 'variation selector 1' },
  { name: 'alice\u{E0100}', imitates: 'alice', how: 'variation selector 17' },
  { name: 'ali\u200Bce', imitates: 'alice', how: 'zero-width space' },
  { name: 'ali\u200Cce', imitates: 'alice', how: 'zero-width non-joiner' },
  { name: 'ali\u200Dce', imitates: 'alice', how: 'zero-width joiner' },
  { name: 'ali\u2060ce', imitates: 'alice', how: 'word joiner' },
  { name: 'ali\u00ADce', imitates: 'alice', how: 'soft hyphen' },
  { name: 'alice\u180E', imitates: 'alice', how: 'Mongolian vowel separator' },
  { name: 'ali\u{E0041}ce', imitates: 'alice', how: 'tag character' },
  { name: 'alice\u2800', imitates: 'alice', how: 'braille blank' },
  // Bidi controls.
  { name: '\u202Eecila', imitates: 'alice', how: 'right-to-left override, spelled backwards' },
  { name: 'alice\u200F', imitates: 'alice', how: 'right-to-left mark' },
  { name: 'ali\u2066ce', imitates: 'alice', how: 'left-to-right isolate' },
  { name: 'ali\u061Cce', imitates: 'alice', how: 'Arabic letter mark' },
  // Cyrillic, Greek, Armenian, Lisu and Cherokee letters that look Latin.
  { name: '\u0430lice', imitates: 'alice', how: 'Cyrillic а' },
  { name: 'ali\u0441e', imitates: 'alice', how: 'Cyrillic с' },
  { name: '\u0410LIC\u0415', imitates: 'ALICE', how: 'Cyrillic capitals А and Е' },
  { name: 'p\u0430yp\u0430l', imitates: 'paypal', how: 'Cyrillic а twice' },
  { name: '\u0455\u0430r\u0430h', imitates: 'sarah', how: 'Cyrillic ѕ and а' },
  { name: '\u0458\u043Ehn', imitates: 'john', how: 'Cyrillic ј and о' },
  { name: '\u0412\u0435\u0440\u0430', imitates: 'Bepa', how: 'a whole-Cyrillic word that reads as Latin' },
  { name: '\u0391lice', imitates: 'Alice', how: 'Greek Α' },
  { name: 'b\u03BFb', imitates: 'bob', how: 'Greek ο' },
  { name: '\u03A1\u0391\u03A5\u03A1\u0391L', imitates: 'PAYPAL', how: 'Greek Ρ, Α, Υ' },
  { name: 'j\u0585hn', imitates: 'john', how: 'Armenian օ' },
  { name: 'pau\uA4F2', imitates: 'paul', how: 'Lisu ꓲ' },
  { name: '\uA4D1\uA4EE\uA4F4\uA4E1', imitates: 'PAUL', how: 'all Lisu' },
  { name: '\uA4DAarl', imitates: 'Carl', how: 'Lisu ꓚ' },
  { name: '\u13AAlice', imitates: 'Alice', how: 'Cherokee Ꭺ' },
  { name: '\u13A1mma', imitates: 'Emma', how: 'Cherokee Ꭱ' },
  { name: '\u13A0avid', imitates: 'David', how: 'Cherokee Ꭰ' },
  { name: '\u13DEily', imitates: 'Lily', how: 'Cherokee Ꮮ' },
  // Latin against Latin: rn/m, I/l, digits.
  { name: 'rnilo', imitates: 'milo', how: 'rn for m' },
  { name: 'rnartin', imitates: 'martin', how: 'rn for m' },
  { name: 'Ernma', imitates: 'Emma', how: 'rn for m' },
  { name: 'EmiI', imitates: 'Emil', how: 'capital I for l' },
  { name: 'BiII', imitates: 'Bill', how: 'capital I for l, twice' },
  { name: 'lan', imitates: 'Ian', how: 'l for capital I' },
  { name: 'ALlCE', imitates: 'ALICE', how: 'l for capital I' },
  { name: '\u0131van', imitates: 'ivan', how: 'dotless ı' },
  { name: 'Danie1', imitates: 'Daniel', how: 'digit 1 for l' },
  { name: 'a1ice', imitates: 'alice', how: 'digit 1 for l' },
  { name: 'b0b', imitates: 'bob', how: 'digit 0 for o' },
  { name: 'J0HN', imitates: 'JOHN', how: 'digit 0 for O' },
  { name: 'b\u09E6b', imitates: 'bob', how: 'Bengali digit zero for o' },
  { name: 'bob\u0661', imitates: 'bob1', how: 'Arabic-Indic digit one' },
  // Case, width and compatibility forms.
  { name: 'ALICE', imitates: 'alice', how: 'capitals' },
  { name: 'Ａｌｉｃｅ', imitates: 'alice', how: 'fullwidth letters' },
  { name: '\u{1D41A}\u{1D425}\u{1D422}\u{1D41C}\u{1D41E}', imitates: 'alice', how: 'mathematical bold letters' },
  { name: '\u217Cisa', imitates: 'Lisa', how: 'Roman numeral fifty' },
  { name: 'Mary  Jane', imitates: 'Mary Jane', how: 'two spaces, shown as one' },
  // Combining marks.
  { name: 'al\u0131\u0307ce', imitates: 'alice', how: 'dotless ı with a combining dot above' },
  { name: 'ali\u0307ce', imitates: 'alice', how: 'i with a combining dot above' },
  { name: 'alic\u00E9\u0301', imitates: 'alicé', how: 'the same accent twice' },
  { name: 'e\u0308\u0308va', imitates: '\u00EBva', how: 'a diaeresis twice' },
  { name: 'a\u0300\u0301\u0302\u0303\u0304\u0306lice', imitates: null, how: 'six marks stacked on one letter' },
  // Scripts mixed, where no single letter is a listed lookalike.
  { name: 'bob\u0416', imitates: null, how: 'Latin with a Cyrillic letter' },
  { name: 'ali\u03BBce', imitates: null, how: 'Latin with a Greek letter' },
  { name: '\u0416\u03BB', imitates: null, how: 'Cyrillic with Greek' },
];

/** Real names in many scripts: each must be accepted, and no two may share a key. */
export const HONEST_NAMES: readonly string[] = [
  'alice', 'Alicia', 'Bob', 'bob_99', 'Mary-Jane', 'j.r.r', '7up', 'x', 'R2D2', 'Emil', 'milo', 'paul',
  'Ana Lucía', 'José', 'Jose', 'Zoë', 'Chloé', 'Søren', 'Łukasz', 'Ayşe', 'Straße', 'Þórr', 'Jürgen',
  'Nguyễn Văn An', 'Ngọc',
  'Вера', 'Ельцин', 'Иван', 'Σοφία', 'Ελένη', 'Գոհար', 'ნინო',
  'محمد', 'علي', 'דוד', 'नमस्ते', 'राहुल', 'स्त्री', 'สมชาย', 'น้ำ',
  '李小龙', '田中太郎', 'たなか', 'タナカ', '김민준', '田中Taro', 'Tanaka たなか', 'Kim 김민준',
];
