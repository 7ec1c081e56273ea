// Units of measure in the interface language. Declarations (datasets, KPIs, sensors) carry one
// unit string, written in Vietnamese ('hộ', 'DN', 'phản ánh') or as an international symbol
// ('t/day', 'm²'); this table gives each its Vietnamese and English form so that no English
// unit shows in Vietnamese and no Vietnamese one in English. Unknown units pass unchanged.
import type { Language } from './index.ts';

const UNITS: Record<string, { vi: string; en: string }> = {
  // counts of things (KPI units)
  'hộ': { vi: 'hộ', en: 'households' },
  'hộ/km²': { vi: 'hộ/km²', en: 'households/km²' },
  DN: { vi: 'doanh nghiệp', en: 'enterprises' },
  HTX: { vi: 'hợp tác xã', en: 'cooperatives' },
  TTTM: { vi: 'trung tâm thương mại', en: 'shopping centres' },
  TB: { vi: 'thiết bị', en: 'devices' },
  'bệnh viện': { vi: 'bệnh viện', en: 'hospitals' },
  camera: { vi: 'camera', en: 'cameras' },
  'chung cư': { vi: 'chung cư', en: 'apartment buildings' },
  'cây': { vi: 'cây', en: 'trees' },
  'cơ sở': { vi: 'cơ sở', en: 'establishments' },
  'cảnh báo': { vi: 'cảnh báo', en: 'alerts' },
  'cầu': { vi: 'cầu', en: 'bridges' },
  'cửa hàng': { vi: 'cửa hàng', en: 'stores' },
  'nhà thuốc': { vi: 'nhà thuốc', en: 'pharmacies' },
  'phòng khám': { vi: 'phòng khám', en: 'clinics' },
  'phản ánh': { vi: 'phản ánh', en: 'reports' },
  'sự cố': { vi: 'sự cố', en: 'incidents' },
  'trường': { vi: 'trường', en: 'schools' },
  'điểm': { vi: 'điểm', en: 'points' },
  'hồ sơ': { vi: 'hồ sơ', en: 'dossiers' },
  'nhiệm vụ': { vi: 'nhiệm vụ', en: 'tasks' },
  'văn bản': { vi: 'văn bản', en: 'documents' },
  'bản ghi': { vi: 'bản ghi', en: 'records' },
  records: { vi: 'bản ghi', en: 'records' },
  // physical units
  't/day': { vi: 'tấn/ngày', en: 't/day' },
  t: { vi: 'tấn', en: 't' },
  VND: { vi: 'đồng', en: 'VND' },
  ha: { vi: 'ha', en: 'ha' },
};

/** The unit in the interface language ('' stays ''). */
export function unitLabel(unit: string | null | undefined, lang: Language | string): string {
  if (!unit) return '';
  const u = UNITS[unit];
  return u ? (lang === 'en' ? u.en : u.vi) : unit;
}
