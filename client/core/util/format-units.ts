/** Human units for sizes, speeds and durations: the amounts here, their words in the terminal or the page's language. */

const SIZE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];
const SIZE_SYMBOLS: Record<SizeUnit, string> = { byte: 'B', kilobyte: 'KB', megabyte: 'MB', gigabyte: 'GB', terabyte: 'TB' };

/**
 * Decimal units, as file managers show them (1 MB = 1,000,000 bytes): the largest unit that keeps
 * the amount at 1 or more, with one decimal below 10 and none above (and none for bytes).
 */
export function sizeInUnits(bytes: number): { amount: number; unit: SizeUnit; decimals: 0 | 1 } {
  let amount = bytes;
  let unit = 0;
  while (amount >= 1000 && unit < SIZE_UNITS.length - 1) {
    amount /= 1000;
    unit += 1;
  }
  return { amount, unit: SIZE_UNITS[unit]!, decimals: unit === 0 || amount >= 10 ? 0 : 1 };
}

/** Whole hours, minutes and seconds, largest first, at most two of them (seconds rounded up below a minute). */
export function durationParts(seconds: number): Array<{ amount: number; unit: 'hour' | 'minute' | 'second' }> {
  if (seconds < 60) return [{ amount: Math.ceil(seconds), unit: 'second' }];
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return [{ amount: minutes, unit: 'minute' }, { amount: Math.round(seconds % 60), unit: 'second' }];
  return [{ amount: Math.floor(minutes / 60), unit: 'hour' }, { amount: minutes % 60, unit: 'minute' }];
}

export function formatBytes(bytes: number): string {
  const { amount, unit, decimals } = sizeInUnits(bytes);
  return `${amount.toFixed(decimals)} ${SIZE_SYMBOLS[unit]}`;
}

export function formatSpeed(bytesPerSecond: number): string {
  return `${formatBytes(bytesPerSecond)}/s`;
}

const DURATION_SYMBOLS = { hour: 'h', minute: 'min', second: 's' };

export function formatDuration(seconds: number): string {
  return durationParts(seconds)
    .map(({ amount, unit }) => `${amount} ${DURATION_SYMBOLS[unit]}`)
    .join(' ');
}
