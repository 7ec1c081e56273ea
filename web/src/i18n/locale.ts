// The locale of each interface language, for Intl formatting: day-first dates and the language's
// number separators in both (en-GB, not en-US). Free of i18next, so pure modules can use it.
export function localeOf(lang: string): string {
  return lang === 'en' ? 'en-GB' : 'vi-VN';
}
