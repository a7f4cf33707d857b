import unhomoglyph from 'unhomoglyph';

/**
 * The UTS #39 skeleton: decompose (NFD), replace every character by its prototype from Unicode's
 * confusables data (`unhomoglyph`, generated from `confusables.txt`), decompose again. Strings
 * that look alike share a skeleton. It is for comparing, never for showing: `m` becomes `rn`.
 */
export function skeleton(text: string): string {
  return unhomoglyph(text.normalize('NFD')).normalize('NFD');
}
