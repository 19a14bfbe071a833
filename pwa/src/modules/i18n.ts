import type { App } from 'vue';
import { chooseLocale } from '../i18n';

/** The locale comes from the browser's languages: German for German speakers, English for everyone else. */
export function install(_app: App): void {
  chooseLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
}
