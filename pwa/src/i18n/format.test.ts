import { describe, expect, it } from 'vitest';
import { formatMoney, formatMoneyDelta, minorUnitDigits } from './format';
import { pickLocale, t } from './index';
import { de } from './de';
import { en } from './en';

// Intl separates the amount and the symbol with a no-break space in German.
const nbsp = (text: string) => text.replace(/\u00a0/g, ' ');

describe('price formatting', () => {
  it('turns minor units into the restaurant’s currency in the diner’s locale', () => {
    expect(formatMoney(1250, 'EUR', 'en')).toBe('€12.50');
    expect(nbsp(formatMoney(1250, 'EUR', 'de'))).toBe('12,50 €');
    expect(formatMoney(0, 'EUR', 'en')).toBe('€0.00');
    expect(nbsp(formatMoney(123456, 'EUR', 'de'))).toBe('1.234,56 €');
    expect(formatMoney(1995, 'GBP', 'en')).toBe('£19.95');
  });

  it('uses each currency’s own number of decimals', () => {
    expect(minorUnitDigits('JPY')).toBe(0);
    expect(formatMoney(1200, 'JPY', 'en')).toBe('¥1,200');
    expect(minorUnitDigits('KWD')).toBe(3);
    expect(nbsp(formatMoney(1250, 'KWD', 'en'))).toBe('KWD 1.250');
  });

  it('signs option price differences', () => {
    expect(formatMoneyDelta(250, 'EUR', 'en')).toBe('+€2.50');
    expect(formatMoneyDelta(-100, 'EUR', 'en')).toBe('-€1.00');
    expect(nbsp(formatMoneyDelta(150, 'EUR', 'de'))).toBe('+1,50 €');
  });
});

describe('locales', () => {
  it('picks German for German speakers and English otherwise', () => {
    expect(pickLocale(['de-AT', 'en'])).toBe('de');
    expect(pickLocale(['fr-FR', 'de-DE'])).toBe('de');
    expect(pickLocale(['fr-FR'])).toBe('en');
    expect(pickLocale([])).toBe('en');
  });

  it('translates every message, keeping its placeholders', () => {
    const placeholders = (entry: string | { one: string; other: string }) =>
      [...JSON.stringify(entry).matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(de[key]), key).toEqual(placeholders(en[key]));
    }
  });

  it('fills placeholders and picks plural forms', () => {
    expect(t('cart.summary', { count: 1, total: '€5.00' })).toBe('1 item · €5.00');
    expect(t('cart.summary', { count: 3, total: '€15.00' })).toBe('3 items · €15.00');
  });
});
