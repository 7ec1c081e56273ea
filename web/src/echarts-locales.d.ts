// ECharts' locale files are plain objects without type declarations; they have the shape of
// the English locale that ECharts types.
declare module 'echarts/lib/i18n/langVI.js' {
  import type { registerLocale } from 'echarts/core';
  const locale: Parameters<typeof registerLocale>[1];
  export default locale;
}
