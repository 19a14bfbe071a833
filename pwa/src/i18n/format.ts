/**
 * Money and time for people. Money is integer minor units of the
 * restaurant's currency (DESIGN.md); the currency's own number of decimals
 * (2 for EUR, 0 for JPY, 3 for KWD) turns it into an amount.
 */
const moneyFormats = new Map<string, Intl.NumberFormat>();

function moneyFormat(locale: string, currency: string, signed: boolean): Intl.NumberFormat {
  const key = `${locale}|${currency}|${signed}`;
  let format = moneyFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(signed ? { signDisplay: 'exceptZero' as const } : {}),
    });
    moneyFormats.set(key, format);
  }
  return format;
}

export function minorUnitDigits(currency: string): number {
  return moneyFormat('en', currency, false).resolvedOptions().maximumFractionDigits ?? 2;
}

/** `1250, 'EUR', 'de'` → "12,50 €"; `1250, 'EUR', 'en'` → "€12.50". */
export function formatMoney(cents: number, currency: string, locale: string): string {
  return moneyFormat(locale, currency, false).format(cents / 10 ** minorUnitDigits(currency));
}

/** A price difference with its sign, for modifier options: "+€2.00", "−€1.00". */
export function formatMoneyDelta(cents: number, currency: string, locale: string): string {
  return moneyFormat(locale, currency, true).format(cents / 10 ** minorUnitDigits(currency));
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** "19:42" (or "7:42 PM"), in the phone's own time zone. */
export function formatTime(iso: string, locale: string): string {
  let format = timeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' });
    timeFormats.set(locale, format);
  }
  return format.format(new Date(iso));
}
