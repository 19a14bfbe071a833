import { translate, useI18n, type MessageParams } from '../../i18n';
import { adminDe } from './de';
import { adminEn, type AdminMessageKey } from './en';

export type { AdminMessageKey };

const catalogs = { en: adminEn, de: adminDe };

/** The owner app's message for `key`, in the locale the diner app chose from the browser. */
export function at(key: AdminMessageKey, params?: MessageParams): string {
  return translate(catalogs, key, params);
}

/** Like the diner app's `useI18n`, with the owner app's messages as `t`; money and time format the same way. */
export function useAdminI18n() {
  return { ...useI18n(), t: at };
}
