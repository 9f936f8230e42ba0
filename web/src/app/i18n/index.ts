import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import relativeTime from 'dayjs/plugin/relativeTime';
import type { Locale } from '@tuoke/shared';
import { zhCN } from './zh-CN';
import { en } from './en';

dayjs.extend(relativeTime);

export const LANGUAGES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'tuoke.locale';

export function normalizeLocale(value: string | null | undefined): Locale | null {
  if (!value) return null;
  if (value.toLowerCase().startsWith('zh')) return 'zh-CN';
  if (value.toLowerCase().startsWith('en')) return 'en';
  return null;
}

/** Before anyone logs in: what this browser chose last time, else the browser's language. */
export function detectLocale(): Locale {
  let saved: string | null = null;
  try {
    saved = window.localStorage.getItem(STORAGE_KEY);
  } catch {
    saved = null;
  }
  return normalizeLocale(saved) ?? normalizeLocale(window.navigator?.language) ?? 'zh-CN';
}

function applyDocumentLocale(locale: Locale): void {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
}

export async function setLocale(locale: Locale): Promise<void> {
  try {
    window.localStorage.setItem(STORAGE_KEY, locale);
  } catch {
    // Private mode: the choice still applies for this session.
  }
  applyDocumentLocale(locale);
  if (i18n.language !== locale) await i18n.changeLanguage(locale);
}

export function currentLocale(): Locale {
  return normalizeLocale(i18n.language) ?? 'zh-CN';
}

export function initI18n(locale: Locale = detectLocale()) {
  applyDocumentLocale(locale);
  if (!i18n.isInitialized) {
    void i18n.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng: locale,
      fallbackLng: 'zh-CN',
      interpolation: { escapeValue: false },
      returnNull: false,
    });
  }
  return i18n;
}

export { i18n };
