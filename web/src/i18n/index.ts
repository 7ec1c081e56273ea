// i18next setup: Vietnamese by default, English on request. The choice is kept in
// localStorage ('cityops.lang') and mirrored to <html lang>.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import vi from './vi.json' with { type: 'json' };
import en from './en.json' with { type: 'json' };

type Messages = { [key: string]: string | Messages };

// Each web module keeps its own texts in web/src/modules/<module>/messages.{vi,en}.json,
// under a top-level key named after the module, so modules never edit a shared file.
const moduleMessages = {
  vi: import.meta.glob<Messages>('../modules/*/messages.vi.json', { eager: true, import: 'default' }),
  en: import.meta.glob<Messages>('../modules/*/messages.en.json', { eager: true, import: 'default' }),
};

function mergeMessages(base: Messages, extra: Record<string, Messages>): Messages {
  const out: Messages = { ...base };
  for (const file of Object.values(extra)) {
    for (const [key, value] of Object.entries(file)) {
      const existing = out[key];
      out[key] = typeof existing === 'object' && typeof value === 'object' ? { ...existing, ...value } : value;
    }
  }
  return out;
}

export const LANGUAGES = ['vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'vi';
const STORAGE_KEY = 'cityops.lang';

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : DEFAULT_LANGUAGE;
  } catch {
    return DEFAULT_LANGUAGE; // storage disabled (private mode, sandboxed iframe…)
  }
}

function applyLanguage(lang: string): void {
  document.documentElement.lang = lang;
  try {
    window.localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // Not persisted; the choice still applies to this page.
  }
}

i18next.on('languageChanged', applyLanguage);

// Resources are bundled, so initialisation completes synchronously.
void i18next.use(initReactI18next).init({
  resources: {
    vi: { translation: mergeMessages(vi, moduleMessages.vi) },
    en: { translation: mergeMessages(en, moduleMessages.en) },
  },
  lng: storedLanguage(),
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes
  react: { useSuspense: false },
});

/** The current UI language, narrowed to the supported ones. */
export function currentLanguage(lang: string | undefined = i18next.resolvedLanguage ?? i18next.language): Language {
  return isLanguage(lang) ? lang : DEFAULT_LANGUAGE;
}

export function setLanguage(lang: Language): Promise<unknown> {
  return i18next.changeLanguage(lang);
}

/** BCP 47 locale used for number and date formatting. */
export { localeOf } from './locale.ts';

export { i18next };
