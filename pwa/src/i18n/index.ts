import { readonly, ref } from 'vue';
import { de } from './de';
import { en, type MessageKey, type Messages, type Plural } from './en';
import { formatMoney, formatMoneyDelta, formatTime } from './format';

export type { MessageKey, Plural };
export type Locale = 'en' | 'de';
export type MessageParams = Record<string, string | number>;

const catalogs: Record<Locale, Messages> = { en, de };
/** The language of the messages. */
const locale = ref<Locale>('en');
/** The browser's own tag in that language (en-GB, de-AT) for numbers, prices and times. */
const formatLocale = ref<string>('en');

/** The first of the browser's languages that we speak; English otherwise. */
export function pickLocale(languages: readonly string[]): Locale {
  for (const language of languages) {
    const base = language.toLowerCase().split('-')[0];
    if (base === 'de' || base === 'en') return base;
  }
  return 'en';
}

function interpolate(text: string, params: MessageParams | undefined): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(params?.[name] ?? whole));
}

/** A message catalog per locale; the owner app has its own, loaded only with its code. */
export type Catalogs<K extends string> = Record<Locale, Record<K, string | Plural>>;

/** The message for `key` in the current locale from `from`; plural messages pick their form by `params.count`. */
export function translate<K extends string>(from: Catalogs<K>, key: K, params?: MessageParams): string {
  const entry = from[locale.value][key];
  if (typeof entry === 'string') return interpolate(entry, params);
  const form = new Intl.PluralRules(locale.value).select(Number(params?.count ?? 0));
  return interpolate(form === 'one' ? entry.one : entry.other, params);
}

/** The diner app's message for `key` in the current locale. */
export function t(key: MessageKey, params?: MessageParams): string {
  return translate(catalogs, key, params);
}

export function useI18n() {
  return {
    t,
    locale: readonly(locale),
    money: (cents: number, currency: string) => formatMoney(cents, currency, formatLocale.value),
    moneyDelta: (cents: number, currency: string) => formatMoneyDelta(cents, currency, formatLocale.value),
    time: (iso: string) => formatTime(iso, formatLocale.value),
  };
}

/** Picks the locale from the browser once, at start-up, and tells assistive technology the page's language. */
export function chooseLocale(languages: readonly string[]): void {
  locale.value = pickLocale(languages);
  const regional = languages.find((language) => language.toLowerCase().split('-')[0] === locale.value);
  formatLocale.value = regional && Intl.NumberFormat.supportedLocalesOf(regional).length > 0 ? regional : locale.value;
  document.documentElement.lang = locale.value;
}
