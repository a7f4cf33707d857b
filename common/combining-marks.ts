import { skeleton } from './confusable-skeleton.ts';

const MARK_RUN = /[\p{Mn}\p{Me}]+/gu;
/** UTS #39's limit on nonspacing marks in a row: enough for Vietnamese, Thai or Devanagari. */
const MAX_MARKS_IN_A_ROW = 4;
/** A dot above on a letter with a dot of its own (`i`, `j`, and their lookalikes) draws nothing new. */
const DOUBLE_DOT = /\p{Soft_Dotted}[\p{Mn}\p{Me}]*\u0307/u;

/**
 * Nonspacing marks used to hide or to imitate, per UTS #39's optional checks (section 5.4): too
 * many in a row (they pile over neighbouring text), the same mark twice on a letter (drawn once),
 * and a dot above a dotted letter (`i` + U+0307 looks like `i`). Returns what is wrong, or null.
 */
export function markAbuse(text: string): string | null {
  for (const [run] of text.normalize('NFD').matchAll(MARK_RUN)) {
    const marks = [...run];
    if (marks.length > MAX_MARKS_IN_A_ROW) return `stacks more than ${MAX_MARKS_IN_A_ROW} marks on one letter`;
    if (new Set(marks).size < marks.length) return 'repeats a mark on one letter';
  }
  if (DOUBLE_DOT.test(skeleton(text))) return 'puts a dot above a letter that already has one';
  return null;
}
