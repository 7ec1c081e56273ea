// The KPIs shipped with cityops, one set per domain of the district operations centres
// (see /work/shared/facts). Loaded at every start (prepare); admins may change them through
// the API, and a changed built-in is not overwritten by the next start.
import type { Dashboard, KpiDefinition, RecordsComputation } from '../../../../shared/contracts/kpis.ts';

const ACTIVE = 'Đang hoạt động';

const rec = (
  id: string, titleVi: string, titleEn: string, domain: KpiDefinition['domain'], dataset: string, ownerUnit: string,
  extra: Omit<Partial<KpiDefinition>, 'computation'> & { computation?: Partial<RecordsComputation> } = {},
): KpiDefinition => {
  const { computation, ...rest } = extra;
  return {
    id, titleVi, titleEn, domain, unit: 'cơ sở', ownerUnit, updateFrequency: 'daily', higherIsBetter: true,
    dimensions: ['area'], target: null, thresholds: null,
    ...rest,
    computation: { source: 'records', dataset, agg: 'count', ...computation },
  };
};

export const BUILT_IN_KPIS: KpiDefinition[] = [
  // ── economy ──
  rec('household-businesses', 'Hộ kinh doanh', 'Household businesses', 'economy', 'household-businesses', 'phong-kinh-te', { unit: 'hộ', dimensions: ['area', 'category'], computation: { categoryField: 'businessLine' } }),
  rec('enterprises', 'Doanh nghiệp', 'Enterprises', 'economy', 'enterprises', 'phong-kinh-te', { unit: 'DN', dimensions: ['area', 'category'], computation: { categoryField: 'sector' } }),
  rec('enterprises-active-share', 'Tỷ lệ doanh nghiệp đang hoạt động', 'Enterprises in operation', 'economy', 'enterprises', 'phong-kinh-te', {
    unit: '%', target: 90, thresholds: { green: 90, amber: 80 },
    computation: { agg: 'share', numerator: [{ field: 'status', op: 'eq', value: ACTIVE }], categoryField: 'status' }, dimensions: ['area', 'category'],
  }),
  rec('new-enterprises', 'Doanh nghiệp thành lập mới', 'New enterprises', 'economy', 'enterprises', 'phong-kinh-te', {
    unit: 'DN', updateFrequency: 'daily', dimensions: ['area', 'time', 'category'], granularity: 'year', defaultPeriod: 'last-full-year',
    computation: { dateField: 'registeredOn', flow: true, categoryField: 'type' },
  }),
  rec('household-business-density', 'Mật độ hộ kinh doanh', 'Household business density', 'economy', 'household-businesses', 'phong-kinh-te', {
    unit: 'hộ/km²', computation: { agg: 'per_km2' },
  }),
  rec('cooperatives', 'Hợp tác xã', 'Cooperatives', 'economy', 'cooperatives', 'phong-kinh-te', { unit: 'HTX' }),
  rec('convenience-stores', 'Cửa hàng tiện lợi', 'Convenience stores', 'economy', 'convenience-stores', 'phong-kinh-te', { unit: 'cửa hàng', dimensions: ['area', 'category'], computation: { categoryField: 'brand' } }),
  // ── urban ──
  rec('apartment-buildings', 'Chung cư', 'Apartment buildings', 'urban', 'apartment-buildings', 'phong-qldt', { unit: 'chung cư' }),
  rec('bridges', 'Cầu', 'Bridges', 'urban', 'bridges', 'phong-qldt', { unit: 'cầu' }),
  rec('fire-hydrants-working', 'Trụ nước cứu hỏa hoạt động tốt', 'Fire hydrants in working order', 'urban', 'fire-hydrants', 'phong-qldt', {
    unit: '%', target: 100, thresholds: { green: 95, amber: 85 }, computation: { agg: 'share', numerator: [{ field: 'working', op: 'eq', value: true }] },
  }),
  // ── environment ──
  rec('street-trees', 'Cây xanh đường phố', 'Street trees', 'environment', 'street-trees', 'phong-tnmt', { unit: 'cây' }),
  rec('waste-collection-points', 'Điểm thu gom rác', 'Waste collection points', 'environment', 'waste-collection-points', 'phong-tnmt', { unit: 'điểm' }),
  // ── health ──
  rec('food-service-licensed', 'Cơ sở ăn uống đủ điều kiện ATTP', 'Food-safety certified eateries', 'health', 'food-service-businesses', 'phong-yte', { unit: 'cơ sở' }),
  rec('pharmacies', 'Nhà thuốc', 'Pharmacies', 'health', 'pharmacies', 'phong-yte', { unit: 'nhà thuốc' }),
  rec('specialist-clinics', 'Phòng khám chuyên khoa', 'Specialist clinics', 'health', 'specialist-clinics', 'phong-yte', { unit: 'phòng khám' }),
  rec('hospitals', 'Bệnh viện', 'Hospitals', 'health', 'hospitals', 'phong-yte', { unit: 'bệnh viện' }),
  // ── public order and traffic ──
  rec('security-cameras', 'Camera an ninh', 'Security cameras', 'public-order-traffic', 'security-cameras', 'cong-an', { unit: 'camera', dimensions: ['area', 'category'], computation: { categoryField: 'status' } }),
  rec('cameras-online', 'Camera đang hoạt động', 'Cameras online', 'public-order-traffic', 'security-cameras', 'cong-an', {
    unit: '%', target: 98, thresholds: { green: 95, amber: 90 }, updateFrequency: 'hourly',
    computation: { agg: 'share', numerator: [{ field: 'status', op: 'eq', value: 'Hoạt động' }], categoryField: 'status' }, dimensions: ['area', 'category'],
  }),
  // ── education ──
  rec('schools', 'Trường học', 'Schools', 'education', 'schools', 'phong-gddt', { unit: 'trường', dimensions: ['area', 'category'], computation: { categoryField: 'level' } }),
  rec('public-schools-share', 'Tỷ lệ trường công lập', 'Public schools', 'education', 'schools', 'phong-gddt', {
    unit: '%', computation: { agg: 'share', numerator: [{ field: 'ownership', op: 'eq', value: 'Công lập' }], categoryField: 'ownership' }, dimensions: ['area', 'category'],
  }),
  // ── tourism (the data hub holds no hotel or attraction inventory yet) ──
  rec('shopping-centres', 'Trung tâm thương mại', 'Shopping centres', 'tourism', 'shopping-centres', 'phong-kinh-te', { unit: 'TTTM' }),
  rec('markets-supermarkets', 'Chợ, siêu thị', 'Markets and supermarkets', 'tourism', 'markets-supermarkets', 'phong-kinh-te', { unit: 'cơ sở', dimensions: ['area', 'category'], computation: { categoryField: 'kind' } }),
  // ── public services ──
  rec('public-service-points', 'Điểm phục vụ hành chính công', 'Public-service points', 'public-services', 'public-service-points', 'van-phong-ubnd', { unit: 'điểm' }),
  // ── citizen feedback (module of migration 0008) ──
  {
    id: 'feedback-received', titleVi: 'Phản ánh tiếp nhận', titleEn: 'Feedback received', domain: 'citizen-feedback', unit: 'phản ánh',
    computation: { source: 'feedback', query: 'received' }, dimensions: ['area', 'time', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', granularity: 'day', defaultPeriod: 'last-30-days', target: null, thresholds: null,
  },
  {
    id: 'feedback-open', titleVi: 'Phản ánh đang xử lý', titleEn: 'Feedback being handled', domain: 'citizen-feedback', unit: 'phản ánh',
    computation: { source: 'feedback', query: 'open' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: null, thresholds: null,
  },
  {
    id: 'feedback-overdue', titleVi: 'Phản ánh quá hạn', titleEn: 'Overdue feedback', domain: 'citizen-feedback', unit: 'phản ánh',
    computation: { source: 'feedback', query: 'overdue' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: 0, thresholds: { green: 0, amber: 5 },
  },
  {
    id: 'feedback-on-time', titleVi: 'Phản ánh giải quyết đúng hạn', titleEn: 'Feedback resolved on time', domain: 'citizen-feedback', unit: '%',
    computation: { source: 'feedback', query: 'resolved-on-time' }, dimensions: ['area', 'time', 'category'], higherIsBetter: true,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'daily', granularity: 'day', defaultPeriod: 'last-30-days', target: 95, thresholds: { green: 95, amber: 80 },
  },
  {
    id: 'feedback-satisfaction', titleVi: 'Người dân hài lòng (4–5 sao)', titleEn: 'Citizens satisfied (4–5 stars)', domain: 'citizen-feedback', unit: '%',
    computation: { source: 'feedback', query: 'satisfied' }, dimensions: ['area', 'time'], higherIsBetter: true,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'daily', granularity: 'day', defaultPeriod: 'last-30-days', target: 85, thresholds: { green: 85, amber: 70 },
  },
  // ── administrative procedures (procedures module, migration 0020) ──
  {
    id: 'procedures-received', titleVi: 'Hồ sơ thủ tục hành chính tiếp nhận', titleEn: 'Administrative dossiers received', domain: 'public-services', unit: 'hồ sơ',
    computation: { source: 'procedures', query: 'received' }, dimensions: ['area', 'time', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', granularity: 'day', defaultPeriod: 'last-30-days', target: null, thresholds: null,
  },
  {
    id: 'procedures-online', titleVi: 'Hồ sơ nộp trực tuyến', titleEn: 'Dossiers submitted online', domain: 'public-services', unit: '%',
    computation: { source: 'procedures', query: 'online' }, dimensions: ['area', 'time', 'category'], higherIsBetter: true,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'daily', granularity: 'day', defaultPeriod: 'last-30-days', target: 50, thresholds: { green: 50, amber: 30 },
  },
  {
    id: 'procedures-open', titleVi: 'Hồ sơ đang giải quyết', titleEn: 'Dossiers in progress', domain: 'public-services', unit: 'hồ sơ',
    computation: { source: 'procedures', query: 'open' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: null, thresholds: null,
  },
  {
    id: 'procedures-due-soon', titleVi: 'Hồ sơ sắp đến hạn (3 ngày)', titleEn: 'Dossiers due within 3 days', domain: 'public-services', unit: 'hồ sơ',
    computation: { source: 'procedures', query: 'due-soon' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: null, thresholds: null,
  },
  {
    id: 'procedures-overdue', titleVi: 'Hồ sơ quá hạn', titleEn: 'Overdue dossiers', domain: 'public-services', unit: 'hồ sơ',
    computation: { source: 'procedures', query: 'overdue' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: 0, thresholds: { green: 0, amber: 10 },
  },
  {
    id: 'procedures-on-time', titleVi: 'Hồ sơ giải quyết đúng hạn', titleEn: 'Dossiers handled on time', domain: 'public-services', unit: '%',
    computation: { source: 'procedures', query: 'on-time' }, dimensions: ['area', 'time', 'category'], higherIsBetter: true,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'daily', granularity: 'day', defaultPeriod: 'last-30-days', target: 95, thresholds: { green: 95, amber: 85 },
  },
  // ── live operations (alerts and incidents, migration 0007) ──
  {
    id: 'alerts-open', titleVi: 'Cảnh báo chưa xử lý xong', titleEn: 'Unresolved alerts', domain: 'live-operations', unit: 'cảnh báo',
    computation: { source: 'alerts', query: 'open' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: 0, thresholds: { green: 0, amber: 5 },
  },
  {
    id: 'alerts-open-severe', titleVi: 'Cảnh báo nghiêm trọng đang mở', titleEn: 'Severe alerts open', domain: 'live-operations', unit: 'cảnh báo',
    computation: { source: 'alerts', query: 'open-severe' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: 0, thresholds: { green: 0, amber: 1 },
  },
  {
    id: 'alerts-raised', titleVi: 'Cảnh báo phát sinh', titleEn: 'Alerts raised', domain: 'live-operations', unit: 'cảnh báo',
    computation: { source: 'alerts', query: 'raised' }, dimensions: ['area', 'time', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', granularity: 'day', defaultPeriod: 'last-30-days', target: null, thresholds: null,
  },
  {
    id: 'alerts-acknowledged-15min', titleVi: 'Cảnh báo được tiếp nhận trong 15 phút', titleEn: 'Alerts acknowledged within 15 min', domain: 'live-operations', unit: '%',
    computation: { source: 'alerts', query: 'acknowledged-in-15-min' }, dimensions: ['area', 'time'], higherIsBetter: true,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', granularity: 'day', defaultPeriod: 'last-30-days', target: 90, thresholds: { green: 90, amber: 75 },
  },
  {
    id: 'sensors-reporting', titleVi: 'Cảm biến đang gửi số liệu (15 phút)', titleEn: 'Sensors reporting (last 15 min)', domain: 'live-operations', unit: '%',
    computation: { source: 'sensors', query: 'reporting' }, dimensions: ['area', 'category'], higherIsBetter: true,
    ownerUnit: 'ioc', updateFrequency: 'realtime', target: 98, thresholds: { green: 95, amber: 85 },
  },
  {
    id: 'incidents-open', titleVi: 'Sự cố đang xử lý', titleEn: 'Incidents in progress', domain: 'live-operations', unit: 'sự cố',
    computation: { source: 'incidents', query: 'open' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: 0, thresholds: { green: 0, amber: 3 },
  },
  // ── direction: tasks leaders assign (tasks module, migration 0019; official formulas of report 1270/BC-TCTTTg) ──
  {
    id: 'tasks-completion-rate', titleVi: 'Tỷ lệ hoàn thành nhiệm vụ đến hạn', titleEn: 'Completion rate of tasks due', domain: 'direction', unit: '%',
    computation: { source: 'tasks', query: 'completion-rate' }, dimensions: ['area', 'time', 'category'], higherIsBetter: true,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', granularity: 'month', defaultPeriod: 'last-12-months', target: 98, thresholds: { green: 95, amber: 85 },
  },
  {
    id: 'tasks-on-time-rate', titleVi: 'Tỷ lệ hoàn thành nhiệm vụ đúng hạn', titleEn: 'On-time rate of tasks due', domain: 'direction', unit: '%',
    computation: { source: 'tasks', query: 'on-time-rate' }, dimensions: ['area', 'time', 'category'], higherIsBetter: true,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', granularity: 'month', defaultPeriod: 'last-12-months', target: 90, thresholds: { green: 85, amber: 70 },
  },
  {
    id: 'tasks-overdue', titleVi: 'Nhiệm vụ quá hạn chưa hoàn thành', titleEn: 'Overdue tasks not done', domain: 'direction', unit: 'nhiệm vụ',
    computation: { source: 'tasks', query: 'overdue' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: 0, thresholds: { green: 0, amber: 10 },
  },
  {
    id: 'tasks-open', titleVi: 'Nhiệm vụ đang thực hiện', titleEn: 'Tasks in progress', domain: 'direction', unit: 'nhiệm vụ',
    computation: { source: 'tasks', query: 'open' }, dimensions: ['area', 'category'], higherIsBetter: false,
    ownerUnit: 'van-phong-ubnd', updateFrequency: 'realtime', target: null, thresholds: null,
  },
];

const tile = (kpiId: string, w = 2, h = 1) => ({ id: `t-${kpiId}`, kind: 'kpi' as const, kpiId, w, h });

export const BUILT_IN_DASHBOARDS: Dashboard[] = [
  {
    id: 'overview', titleVi: 'Toàn cảnh địa bàn', titleEn: 'District overview', domain: 'overview',
    widgets: [
      tile('household-businesses'), tile('enterprises'), tile('food-service-licensed'), tile('security-cameras'),
      tile('alerts-open'), tile('feedback-open'),
      { id: 'map-hb', kind: 'map', kpiId: 'household-businesses', w: 4, h: 4 },
      { id: 'ts-new-ent', kind: 'timeseries', kpiId: 'new-enterprises', w: 4, h: 2 },
      { id: 'alerts', kind: 'alerts', w: 4, h: 4 },
      { id: 'bar-schools', kind: 'bar', kpiId: 'schools', w: 4, h: 2 },
      { id: 'feedback', kind: 'feedback', w: 4, h: 2 },
      { id: 'pie-ent', kind: 'pie', kpiId: 'enterprises', w: 4, h: 2 },
      { id: 'table-fb', kind: 'table', kpiId: 'feedback-received', w: 4, h: 2 },
    ],
  },
];

const DOMAIN_TITLES: Record<string, [string, string]> = {
  economy: ['Kinh tế', 'Economy'],
  urban: ['Đô thị', 'Urban'],
  environment: ['Môi trường', 'Environment'],
  health: ['Y tế', 'Health'],
  'public-order-traffic': ['Trật tự và giao thông', 'Public order and traffic'],
  education: ['Giáo dục', 'Education'],
  tourism: ['Du lịch', 'Tourism'],
  'public-services': ['Dịch vụ công', 'Public services'],
  'citizen-feedback': ['Phản ánh của người dân', 'Citizen feedback'],
  'live-operations': ['Vận hành trực tuyến', 'Live operations'],
  direction: ['Chỉ đạo điều hành', 'Direction and tasks'],
};

for (const [domain, [vi, en]] of Object.entries(DOMAIN_TITLES)) {
  const kpis = BUILT_IN_KPIS.filter((k) => k.domain === domain);
  const first = kpis[0]!;
  const widgets: Dashboard['widgets'] = kpis.map((k) => tile(k.id, 3));
  const trend = kpis.find((k) => k.dimensions.includes('time'));
  if (trend) widgets.push({ id: `ts-${trend.id}`, kind: 'timeseries', kpiId: trend.id, w: 6, h: 2 });
  const category = kpis.find((k) => k.dimensions.includes('category'));
  if (category) widgets.push({ id: `bar-${category.id}`, kind: 'bar', kpiId: category.id, w: 6, h: 2 });
  widgets.push({ id: `map-${first.id}`, kind: 'map', kpiId: first.id, w: 6, h: 3 });
  widgets.push({ id: `table-${first.id}`, kind: 'table', kpiId: first.id, w: 6, h: 3 });
  if (domain === 'live-operations') widgets.push({ id: 'alerts', kind: 'alerts', w: 6, h: 3 });
  if (domain === 'citizen-feedback') widgets.push({ id: 'feedback', kind: 'feedback', w: 6, h: 3 });
  BUILT_IN_DASHBOARDS.push({ id: domain, titleVi: vi, titleEn: en, domain: domain as Dashboard['domain'], widgets });
}

// The wall screen's pages and the phone's key KPIs are dashboards too, so an installation
// chooses them as data (an admin may change them like any other dashboard).
const wallTiles = (...ids: string[]) => ids.map((id) => tile(id, 1));
BUILT_IN_DASHBOARDS.push(
  {
    id: 'wall-1', titleVi: 'Toàn cảnh địa bàn', titleEn: 'District overview', domain: 'overview', screen: 'wall',
    widgets: [
      ...wallTiles('household-businesses', 'enterprises', 'food-service-licensed', 'security-cameras', 'alerts-open', 'feedback-open'),
      { id: 'map', kind: 'map', kpiId: 'household-businesses', w: 2, h: 3 },
      { id: 'trend', kind: 'timeseries', kpiId: 'new-enterprises', w: 2, h: 2 },
      { id: 'alerts', kind: 'alerts', w: 2, h: 3, titleVi: 'Cảnh báo đang mở', titleEn: 'Open alerts' },
      { id: 'bar', kind: 'bar', kpiId: 'schools', w: 2, h: 1 },
    ],
  },
  {
    id: 'wall-2', titleVi: 'Vận hành trực tuyến và phản ánh', titleEn: 'Live operations and feedback', domain: 'live-operations', screen: 'wall',
    widgets: [
      ...wallTiles('sensors-reporting', 'alerts-open-severe', 'incidents-open', 'feedback-received', 'feedback-overdue', 'feedback-on-time'),
      { id: 'fb-trend', kind: 'timeseries', kpiId: 'feedback-received', w: 3, h: 2 },
      { id: 'feedback', kind: 'feedback', w: 3, h: 3, titleVi: 'Phản ánh mới', titleEn: 'Latest feedback' },
      { id: 'alerts-trend', kind: 'timeseries', kpiId: 'alerts-raised', w: 3, h: 1 },
    ],
  },
  {
    id: 'wall-3', titleVi: 'Kinh tế, y tế, giáo dục', titleEn: 'Economy, health, education', domain: 'economy', screen: 'wall',
    widgets: [
      ...wallTiles('enterprises-active-share', 'cameras-online', 'fire-hydrants-working', 'pharmacies', 'schools', 'public-service-points'),
      { id: 'pie', kind: 'pie', kpiId: 'enterprises', w: 2, h: 3 },
      { id: 'bar-hb', kind: 'bar', kpiId: 'household-businesses', w: 2, h: 3 },
      { id: 'map-food', kind: 'map', kpiId: 'food-service-licensed', w: 2, h: 3 },
    ],
  },
  {
    id: 'phone', titleVi: 'Chỉ số chính', titleEn: 'Key indicators', domain: 'overview', screen: 'phone',
    widgets: ['alerts-open', 'alerts-open-severe', 'incidents-open', 'sensors-reporting', 'feedback-open', 'feedback-overdue', 'feedback-on-time', 'tasks-completion-rate', 'tasks-on-time-rate', 'tasks-overdue', 'household-businesses', 'enterprises', 'cameras-online'].map((id) => tile(id, 1)),
  },
);

// Plain-language definitions of the built-in KPIs (issue 20: "help"), shown on each widget's
// help and in the drill-down: what is counted, from which data, and what a good value is.
export const BUILT_IN_KPI_DEFINITIONS: Record<string, { vi: string; en: string }> = {
  'household-businesses': { vi: 'Số hộ kinh doanh đang có trong sổ đăng ký của phường (mỗi hộ một bản ghi).', en: 'Household businesses on the ward register (one record each).' },
  enterprises: { vi: 'Số doanh nghiệp có trụ sở trên địa bàn, theo danh sách đăng ký kinh doanh.', en: 'Enterprises with their seat in the area, from the business register.' },
  'enterprises-active-share': { vi: 'Phần trăm doanh nghiệp có trạng thái "Đang hoạt động" trên tổng số doanh nghiệp. Mục tiêu: từ 90 % trở lên.', en: 'Share of enterprises whose status is "in operation" among all enterprises. Target: 90 % or more.' },
  'new-enterprises': { vi: 'Số doanh nghiệp đăng ký thành lập trong kỳ đang xem (theo ngày đăng ký).', en: 'Enterprises registered in the period shown (by registration date).' },
  'household-business-density': { vi: 'Số hộ kinh doanh trên mỗi km² diện tích của phường.', en: 'Household businesses per km² of ward area.' },
  cooperatives: { vi: 'Số hợp tác xã đăng ký trên địa bàn.', en: 'Cooperatives registered in the area.' },
  'convenience-stores': { vi: 'Số cửa hàng tiện lợi trên địa bàn, chia theo chuỗi.', en: 'Convenience stores in the area, by chain.' },
  'apartment-buildings': { vi: 'Số chung cư trên địa bàn.', en: 'Apartment buildings in the area.' },
  bridges: { vi: 'Số cây cầu do địa phương quản lý.', en: 'Bridges managed locally.' },
  'fire-hydrants-working': { vi: 'Phần trăm trụ nước cứu hỏa được ghi nhận hoạt động tốt ở lần kiểm tra gần nhất. Mục tiêu: 100 %.', en: 'Share of fire hydrants found in working order at their last check. Target: 100 %.' },
  'street-trees': { vi: 'Số cây xanh đường phố đã kiểm kê.', en: 'Street trees in the inventory.' },
  'waste-collection-points': { vi: 'Số điểm thu gom rác đang sử dụng.', en: 'Waste collection points in use.' },
  'food-service-licensed': { vi: 'Số cơ sở kinh doanh ăn uống có giấy chứng nhận đủ điều kiện an toàn thực phẩm.', en: 'Food-service businesses holding a food-safety certificate.' },
  pharmacies: { vi: 'Số nhà thuốc được cấp phép trên địa bàn.', en: 'Licensed pharmacies in the area.' },
  'specialist-clinics': { vi: 'Số phòng khám chuyên khoa được cấp phép.', en: 'Licensed specialist clinics.' },
  hospitals: { vi: 'Số bệnh viện trên địa bàn.', en: 'Hospitals in the area.' },
  'security-cameras': { vi: 'Số camera an ninh đã lắp đặt, chia theo trạng thái.', en: 'Security cameras installed, by status.' },
  'cameras-online': { vi: 'Phần trăm camera an ninh đang hoạt động trên tổng số camera. Mục tiêu: từ 98 % trở lên.', en: 'Share of security cameras working among all cameras. Target: 98 % or more.' },
  schools: { vi: 'Số trường học trên địa bàn, chia theo cấp học.', en: 'Schools in the area, by level.' },
  'public-schools-share': { vi: 'Phần trăm trường công lập trên tổng số trường.', en: 'Share of public schools among all schools.' },
  'shopping-centres': { vi: 'Số trung tâm thương mại trên địa bàn.', en: 'Shopping centres in the area.' },
  'markets-supermarkets': { vi: 'Số chợ và siêu thị, chia theo loại.', en: 'Markets and supermarkets, by kind.' },
  'public-service-points': { vi: 'Số điểm tiếp nhận, trả kết quả thủ tục hành chính cho người dân.', en: 'Points where citizens file and collect administrative procedures.' },
  'feedback-received': { vi: 'Số phản ánh của người dân được tiếp nhận trong kỳ đang xem, từ mọi kênh.', en: 'Citizen reports received in the period shown, from every channel.' },
  'feedback-open': { vi: 'Số phản ánh chưa có kết quả xử lý (mới, đã phân công, đang xử lý). Càng thấp càng tốt.', en: 'Citizen reports without an answer yet (new, assigned, in progress). Lower is better.' },
  'feedback-overdue': { vi: 'Số phản ánh đang xử lý đã quá thời hạn trả lời. Mục tiêu: 0.', en: 'Citizen reports still open past their answer deadline. Target: 0.' },
  'feedback-on-time': { vi: 'Phần trăm phản ánh đã giải quyết trước hạn trên tổng số phản ánh đã giải quyết trong kỳ. Mục tiêu: từ 95 % trở lên.', en: 'Share of reports resolved before their deadline among reports resolved in the period. Target: 95 % or more.' },
  'feedback-satisfaction': { vi: 'Phần trăm đánh giá 4 hoặc 5 sao trên tổng số đánh giá của người dân trong kỳ. Mục tiêu: từ 85 % trở lên.', en: 'Share of 4- or 5-star ratings among citizen ratings in the period. Target: 85 % or more.' },
  'procedures-received': { vi: 'Số hồ sơ thủ tục hành chính tiếp nhận trong kỳ.', en: 'Administrative dossiers received in the period.' },
  'procedures-online': { vi: 'Phần trăm hồ sơ nộp trực tuyến trên tổng số hồ sơ tiếp nhận trong kỳ. Mục tiêu: từ 50 % trở lên.', en: 'Share of dossiers submitted online among dossiers received in the period. Target: 50 % or more.' },
  'procedures-open': { vi: 'Số hồ sơ đã tiếp nhận, chưa trả kết quả.', en: 'Dossiers received and not yet decided.' },
  'procedures-due-soon': { vi: 'Số hồ sơ chưa trả kết quả mà hạn giải quyết còn 3 ngày hoặc ít hơn.', en: 'Open dossiers due within 3 days.' },
  'procedures-overdue': { vi: 'Số hồ sơ chưa trả kết quả đã quá hạn giải quyết. Mục tiêu: 0.', en: 'Open dossiers past their due date. Target: 0.' },
  'procedures-on-time': { vi: 'Phần trăm hồ sơ trả kết quả đúng hạn trên tổng số hồ sơ đã trả kết quả trong kỳ. Mục tiêu: từ 95 % trở lên.', en: 'Share of dossiers decided on time among dossiers decided in the period. Target: 95 % or more.' },
  'alerts-open': { vi: 'Số cảnh báo chưa được giải quyết xong (mới hoặc đã tiếp nhận). Mục tiêu: 0.', en: 'Alerts not yet resolved (new or acknowledged). Target: 0.' },
  'alerts-open-severe': { vi: 'Số cảnh báo mức Nghiêm trọng hoặc Cực kỳ nghiêm trọng chưa giải quyết xong. Mục tiêu: 0.', en: 'Severe or extreme alerts not yet resolved. Target: 0.' },
  'alerts-raised': { vi: 'Số cảnh báo phát sinh trong kỳ (từ cảm biến, quy tắc và nguồn bên ngoài).', en: 'Alerts raised in the period (by sensors, rules and external feeds).' },
  'alerts-acknowledged-15min': { vi: 'Phần trăm cảnh báo được cán bộ trực tiếp nhận trong vòng 15 phút kể từ khi phát sinh. Mục tiêu: từ 90 % trở lên.', en: 'Share of alerts acknowledged by the duty officer within 15 minutes. Target: 90 % or more.' },
  'sensors-reporting': { vi: 'Phần trăm cảm biến đã gửi số liệu trong 15 phút gần nhất. Mục tiêu: từ 98 % trở lên.', en: 'Share of sensors that sent a reading in the last 15 minutes. Target: 98 % or more.' },
  'incidents-open': { vi: 'Số sự cố đang được xử lý (chưa đóng).', en: 'Incidents being handled (not closed).' },
  'tasks-completion-rate': { vi: 'Phần trăm nhiệm vụ đã hoàn thành trên tổng số nhiệm vụ đến hạn trong kỳ (công thức của báo cáo 1270/BC-TCTTTg). Mục tiêu: từ 98 % trở lên.', en: 'Share of tasks done among tasks due in the period (formula of report 1270/BC-TCTTTg). Target: 98 % or more.' },
  'tasks-on-time-rate': { vi: 'Phần trăm nhiệm vụ hoàn thành đúng hạn trên tổng số nhiệm vụ đến hạn trong kỳ. Mục tiêu: từ 90 % trở lên.', en: 'Share of tasks done on time among tasks due in the period. Target: 90 % or more.' },
  'tasks-overdue': { vi: 'Số nhiệm vụ đã quá hạn mà chưa hoàn thành. Mục tiêu: 0.', en: 'Tasks past their due date and not done. Target: 0.' },
  'tasks-open': { vi: 'Số nhiệm vụ đang thực hiện, chưa đến hạn hoặc chưa hoàn thành.', en: 'Tasks in progress.' },
};

for (const k of BUILT_IN_KPIS) {
  const d = BUILT_IN_KPI_DEFINITIONS[k.id];
  if (d) {
    k.descriptionVi ??= d.vi;
    k.descriptionEn ??= d.en;
  }
}
