/** Sizes, speeds and durations in the page's language, by `Intl` (`1.5 MB` in English, `1,5 MB` in German). */
import { durationParts, sizeInUnits } from '../../core/util/format-units.ts';
import { currentLocale } from './i18n.ts';

export function formatSize(bytes: number): string {
  const { amount, unit, decimals } = sizeInUnits(bytes);
  // Bytes spelt out ("300 bytes"): their short form is the same word in English.
  const unitDisplay = unit === 'byte' ? 'long' : 'short';
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit, unitDisplay, maximumFractionDigits: decimals, minimumFractionDigits: decimals }).format(amount);
}

export function formatSpeed(bytesPerSecond: number): string {
  const { amount, unit, decimals } = sizeInUnits(bytesPerSecond);
  return new Intl.NumberFormat(currentLocale(), { style: 'unit', unit: `${unit}-per-second`, maximumFractionDigits: decimals, minimumFractionDigits: decimals }).format(amount);
}

export function formatDuration(seconds: number): string {
  return durationParts(seconds)
    .map(({ amount, unit }) => new Intl.NumberFormat(currentLocale(), { style: 'unit', unit, unitDisplay: 'short' }).format(amount))
    .join(' ');
}
