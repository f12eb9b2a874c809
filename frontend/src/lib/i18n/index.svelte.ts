// A tiny i18n store. Catalogs are flat JSON maps with dotted keys grouped by
// screen ("users.list.title"); ja.json and en.json must have the same keys
// (a Vitest test checks it). t() reads the reactive language, so a template
// that calls t() re-renders when the language changes.

import ja from './ja.json';
import en from './en.json';
import { setRequestLanguage } from '../api/call';
import { LANGUAGES as GO_LANGUAGES, type Language } from '../api/types';

export type Catalog = Record<string, string>;

export const catalogs: Record<Language, Catalog> = { ja, en };
export const LANGUAGES: readonly Language[] = GO_LANGUAGES;

export const i18n = $state({ lang: 'ja' as Language });

export type Params = Record<string, string | number>;

/** format fills {name} placeholders; unknown placeholders are left as they are. */
export function format(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m,
  );
}

/** has reports whether key exists in the current catalog. */
export function has(key: string): boolean {
  return key in catalogs[i18n.lang];
}

/** t translates key in the current language (falling back to ja, then the key itself). */
export function t(key: string, params?: Params): string {
  const s = catalogs[i18n.lang][key] ?? catalogs.ja[key] ?? key;
  return format(s, params);
}

/**
 * detectLanguage picks the UI language: the saved setting, else the OS/browser locale (ja* → ja, else en).
 * In the desktop window WebKit's navigator.language does not follow the OS locale, so there the
 * caller passes the server's effectiveLanguage (derived from the OS locale) as fallback; it wins
 * over navigator.language when it is "ja" or "en".
 */
export function detectLanguage(
  setting: string | undefined | null,
  navigatorLanguage?: string,
  fallback?: string | null,
): Language {
  if (setting === 'ja' || setting === 'en') return setting;
  if (fallback === 'ja' || fallback === 'en') return fallback;
  const nav =
    navigatorLanguage ?? (typeof navigator !== 'undefined' ? navigator.language || '' : '');
  return nav.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

/**
 * languageFor is the UI language for the loaded settings: the setting, else in the desktop
 * window the server's effectiveLanguage (the OS locale), else (serve mode) the browser's locale.
 */
export function languageFor(
  settings: { language?: string | null; effectiveLanguage?: string | null },
  desktop: boolean,
  navigatorLanguage?: string,
): Language {
  return detectLanguage(settings.language, navigatorLanguage, desktop ? settings.effectiveLanguage : null);
}

/** setLanguage switches the UI and the Accept-Language of API calls. */
export function setLanguage(lang: Language): void {
  i18n.lang = lang;
  setRequestLanguage(lang);
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}
