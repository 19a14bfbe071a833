import { minorUnitDigits } from '../../i18n/format';

/**
 * Prices as a manager types them ("12.50", "12,5", "12") and back, in the
 * restaurant's currency's own decimals. The API takes minor units.
 */
export function centsFromInput(text: string, currency: string): number | null {
  const normalized = text.trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d*)?$/.test(normalized)) return null;
  return Math.round(Number(normalized) * 10 ** minorUnitDigits(currency));
}

export function inputFromCents(cents: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  return (cents / 10 ** digits).toFixed(digits);
}
