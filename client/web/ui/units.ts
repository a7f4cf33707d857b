/** Sizes, speeds and durations in the page's language, by `Intl` (`1.5 MB` in English, `1,5 MB` in German). */
import { durationParts, sizeInUnits } from '../../core/util/format-units.ts';
import { currentLocale } from './i18n.ts';

/** One formatter per unit and precision, made on first use: a card in progress formats several a second. */
const formatters = new Map<string, Intl.NumberFormat>();
function unitFormat(unit: string, unitDisplay: 'long' | 'short', decimals?: number): Intl.NumberFormat {
  const key = `${unit} ${unitDisplay} ${decimals}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(currentLocale(), { style: 'unit', unit, unitDisplay, maximumFractionDigits: decimals, minimumFractionDigits: decimals });
    formatters.set(key, format);
  }
  return format;
}

export function formatSize(bytes: number): string {
  const { amount, unit, decimals } = sizeInUnits(bytes);
  // Bytes spelt out ("300 bytes"): their short form is the same word in English.
  return unitFormat(unit, unit === 'byte' ? 'long' : 'short', decimals).format(amount);
}

export function formatSpeed(bytesPerSecond: number): string {
  const { amount, unit, decimals } = sizeInUnits(bytesPerSecond);
  return unitFormat(`${unit}-per-second`, 'short', decimals).format(amount);
}

export function formatDuration(seconds: number): string {
  return durationParts(seconds)
    .map(({ amount, unit }) => unitFormat(unit, 'short').format(amount))
    .join(' ');
}

let percent: Intl.NumberFormat | undefined;

/** `57%`, `57 %`: a share of 1 as a whole percentage. */
export function formatPercent(share: number): string {
  percent ??= new Intl.NumberFormat(currentLocale(), { style: 'percent' });
  return percent.format(share);
}
