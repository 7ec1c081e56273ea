// The built-in inventories of a district operations centre (see
// shared/facts/district-ioc-facts.md), declared once. Admins may change or add
// declarations at runtime; a change of this file reaches existing installations when
// BUILT_IN_DATASETS_VERSION is bumped (admin changes to a built-in dataset are then replaced).
import type { DatasetDecl, FieldDecl } from './declarations.ts';

export const BUILT_IN_DATASETS_VERSION = 4;

/** Owner units of the built-in datasets, upserted like the demo units. */
export const DATASET_UNITS = [
  { code: 'ioc', nameVi: 'Trung tâm Điều hành đô thị thông minh', nameEn: 'Intelligent Operations Centre' },
  { code: 'phong-kinh-te', nameVi: 'Phòng Kinh tế', nameEn: 'Economic Division' },
  { code: 'phong-qldt', nameVi: 'Phòng Quản lý đô thị', nameEn: 'Urban Management Division' },
  { code: 'phong-tnmt', nameVi: 'Phòng Tài nguyên và Môi trường', nameEn: 'Natural Resources and Environment Division' },
  { code: 'phong-yte', nameVi: 'Phòng Y tế', nameEn: 'Health Division' },
  { code: 'phong-gddt', nameVi: 'Phòng Giáo dục và Đào tạo', nameEn: 'Education and Training Division' },
  { code: 'cong-an', nameVi: 'Công an (trật tự, an ninh)', nameEn: 'Police (public order and security)' },
  { code: 'van-phong-ubnd', nameVi: 'Văn phòng HĐND và UBND', nameEn: "Office of the People's Council and Committee" },
];

type Extra = Partial<Omit<FieldDecl, 'name' | 'type' | 'titleVi' | 'titleEn'>>;
const f = (type: FieldDecl['type']) => (name: string, titleVi: string, titleEn: string, extra: Extra = {}): FieldDecl => ({ name, type, titleVi, titleEn, ...extra });
const text = f('text');
const int = f('integer');
const num = f('number');
const bool = f('boolean');
const date = f('date');
const phone = f('phone');
/**
 * English labels of the built-in enum values (records keep the Vietnamese value; the English
 * interface shows the label). Every built-in value has one: builtin-datasets.unit.test.ts.
 */
export const ENUM_VALUES_EN: Readonly<Record<string, string>> = {
  'Đang hoạt động': 'Operating', 'Tạm ngừng': 'Suspended', 'Ngừng hoạt động': 'Closed',
  'Tạp hóa': 'Grocery', 'Ăn uống': 'Food and drink', 'May mặc': 'Garments', 'Sửa chữa': 'Repairs', 'Dịch vụ cá nhân': 'Personal services',
  'Điện thoại, điện máy': 'Phones and appliances', 'Vật liệu xây dựng': 'Building materials', 'Khác': 'Other',
  'Công ty TNHH một thành viên': 'Single-member limited liability company', 'Công ty TNHH hai thành viên trở lên': 'Multi-member limited liability company',
  'Công ty cổ phần': 'Joint-stock company', 'Doanh nghiệp tư nhân': 'Private enterprise', 'Công ty hợp danh': 'Partnership',
  'Thương mại': 'Trade', 'Dịch vụ': 'Services', 'Xây dựng': 'Construction', 'Bất động sản': 'Real estate', 'Công nghiệp chế biến': 'Manufacturing',
  'Vận tải, kho bãi': 'Transport and storage', 'Công nghệ thông tin': 'Information technology', 'Tài chính': 'Finance', 'Giáo dục': 'Education', 'Y tế': 'Health',
  'Đất ở': 'Residential', 'Đất thương mại dịch vụ': 'Commercial and services', 'Đất công trình công cộng': 'Public facilities', 'Đất cây xanh': 'Green space',
  'Đất giao thông': 'Transport', 'Đất hỗn hợp': 'Mixed use', 'Đất mặt nước': 'Water surface',
  'Thương mại, dịch vụ': 'Trade and services', 'Vận tải': 'Transport', 'Nông nghiệp đô thị': 'Urban agriculture', 'Tiểu thủ công nghiệp': 'Handicrafts', 'Tín dụng': 'Credit',
  'Chợ truyền thống': 'Traditional market', 'Siêu thị': 'Supermarket', 'Bách hóa Xanh': 'Bach Hoa Xanh', 'Co.op Food': 'Co.op Food',
  'Circle K': 'Circle K', FamilyMart: 'FamilyMart', GS25: 'GS25', Ministop: 'Ministop', '7-Eleven': '7-Eleven', 'WinMart+': 'WinMart+',
  'Bê tông nhựa': 'Asphalt concrete', 'Bê tông xi măng': 'Cement concrete', 'Đá dăm': 'Macadam',
  'Sông': 'River', 'Rạch': 'Creek', 'Kênh': 'Canal',
  'Bê tông cốt thép': 'Reinforced concrete', 'Thép': 'Steel', 'Liên hợp': 'Composite',
  'Trụ nổi': 'Above-ground hydrant', 'Trụ âm': 'Underground hydrant',
  'Chưa thực hiện': 'Not started', 'Đang thực hiện': 'In progress', 'Đã hoàn thành': 'Completed',
  'Dầu rái': 'Yang tree (Dipterocarpus alatus)', 'Sao đen': 'Ironwood (Hopea odorata)', 'Me tây': 'Rain tree', 'Lim xẹt': 'Copper pod',
  'Bằng lăng': 'Crape myrtle', 'Osaka đỏ': 'Red Osaka (Erythrina)', 'Phượng vĩ': 'Flame tree', 'Giáng hương': 'Burmese rosewood', 'Muồng hoàng yến': 'Golden shower',
  'Tốt': 'Good', 'Trung bình': 'Fair', 'Cần xử lý': 'Needs attention',
  'Công viên': 'Park', 'Vườn hoa': 'Flower garden', 'Dải phân cách': 'Median strip', 'Mảng xanh': 'Green patch',
  'Điểm hẹn thu gom': 'Collection point', 'Trạm trung chuyển': 'Transfer station', 'Thùng rác công cộng': 'Public litter bin',
  'Nhà hàng': 'Restaurant', 'Quán ăn': 'Eatery', 'Quán cà phê, giải khát': 'Café and drinks', 'Bếp ăn tập thể': 'Canteen kitchen', 'Căng tin': 'Canteen',
  'Công lập': 'Public', 'Tư nhân': 'Private', 'Tư thục': 'Private', 'Quốc tế': 'International',
  'Răng hàm mặt': 'Dentistry', 'Mắt': 'Ophthalmology', 'Tai mũi họng': 'Ear, nose and throat', 'Da liễu': 'Dermatology', 'Nhi': 'Paediatrics',
  'Sản phụ khoa': 'Obstetrics and gynaecology', 'Nội': 'Internal medicine', 'Chẩn đoán hình ảnh': 'Medical imaging',
  'Mầm non': 'Preschool', 'Tiểu học': 'Primary', 'Trung học cơ sở': 'Lower secondary', 'Trung học phổ thông': 'Upper secondary', 'Liên cấp': 'Multi-level',
  'Cố định': 'Fixed', PTZ: 'PTZ', 'Tầm xa': 'Long range',
  'Hoạt động': 'Working', 'Mất tín hiệu': 'No signal', 'Bảo trì': 'Maintenance',
  quarantine: 'Quarantine', lockdown: 'Lockdown', event: 'Event', planning: 'Planning', other: 'Other',
};
const enumOf = (name: string, titleVi: string, titleEn: string, values: string[], extra: Extra = {}) =>
  f('enum')(name, titleVi, titleEn, { values, valuesEn: values.map((v) => ENUM_VALUES_EN[v] ?? v), ...extra });

const code = (pattern?: string) => text('code', 'Mã', 'Code', { required: true, maxLength: 40, ...(pattern ? { pattern } : {}) });
const name = (titleVi = 'Tên', titleEn = 'Name') => text('name', titleVi, titleEn, { required: true, maxLength: 200 });
const address = (required = true) => text('address', 'Địa chỉ', 'Address', { required, maxLength: 300 });
const STATUS = ['Đang hoạt động', 'Tạm ngừng', 'Ngừng hoạt động'];
const status = () => enumOf('status', 'Tình trạng', 'Status', STATUS, { required: true });

export const BUSINESS_LINES = ['Tạp hóa', 'Ăn uống', 'May mặc', 'Sửa chữa', 'Dịch vụ cá nhân', 'Điện thoại, điện máy', 'Vật liệu xây dựng', 'Khác'];
export const ENTERPRISE_TYPES = ['Công ty TNHH một thành viên', 'Công ty TNHH hai thành viên trở lên', 'Công ty cổ phần', 'Doanh nghiệp tư nhân', 'Công ty hợp danh'];
export const SECTORS = ['Thương mại', 'Dịch vụ', 'Xây dựng', 'Bất động sản', 'Công nghiệp chế biến', 'Vận tải, kho bãi', 'Công nghệ thông tin', 'Tài chính', 'Giáo dục', 'Y tế', 'Khác'];
export const LAND_USES = ['Đất ở', 'Đất thương mại dịch vụ', 'Đất công trình công cộng', 'Đất cây xanh', 'Đất giao thông', 'Đất hỗn hợp', 'Đất mặt nước'];

const DECLARATIONS: DatasetDecl[] = [
  // ── economy ────────────────────────────────────────────────────────────────────────────
  {
    id: 'household-businesses', titleVi: 'Hộ kinh doanh', titleEn: 'Household businesses', domain: 'economy',
    ownerUnit: 'phong-kinh-te', geometryType: 'point', publicRead: false, naturalKey: ['code'],
    fields: [
      code('41[A-Z]8\\d{6}'), name('Tên hộ kinh doanh', 'Business name'), address(),
      text('owner', 'Chủ hộ', 'Owner', { required: true, personal: true }),
      phone('ownerPhone', 'Điện thoại chủ hộ', 'Owner phone', { personal: true }),
      enumOf('businessLine', 'Ngành nghề', 'Business line', BUSINESS_LINES, { required: true }),
      num('capitalVnd', 'Vốn kinh doanh', 'Capital', { unit: 'VND', min: 0 }),
      int('employees', 'Số lao động', 'Employees', { min: 0, max: 10 }),
      date('registeredOn', 'Ngày đăng ký', 'Registered on', { minDate: '1990-01-01' }),
      status(),
    ],
  },
  {
    id: 'enterprises', titleVi: 'Doanh nghiệp', titleEn: 'Enterprises', domain: 'economy',
    ownerUnit: 'phong-kinh-te', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      text('code', 'Mã số doanh nghiệp', 'Enterprise code (tax code)', { required: true, pattern: '\\d{10}' }),
      name('Tên doanh nghiệp', 'Enterprise name'), address(),
      enumOf('type', 'Loại hình', 'Legal form', ENTERPRISE_TYPES, { required: true }),
      enumOf('sector', 'Ngành chính', 'Main sector', SECTORS, { required: true }),
      text('legalRep', 'Người đại diện theo pháp luật', 'Legal representative', { personal: true }),
      phone('phone', 'Điện thoại', 'Phone'),
      num('charterCapitalVnd', 'Vốn điều lệ', 'Charter capital', { unit: 'VND', min: 0 }),
      int('employees', 'Số lao động', 'Employees', { min: 0 }),
      date('registeredOn', 'Ngày thành lập', 'Registered on', { minDate: '1990-01-01' }),
      status(),
    ],
  },
  {
    id: 'cooperatives', titleVi: 'Hợp tác xã', titleEn: 'Cooperatives', domain: 'economy',
    ownerUnit: 'phong-kinh-te', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên hợp tác xã', 'Cooperative name'), address(),
      enumOf('sector', 'Lĩnh vực', 'Sector', ['Thương mại, dịch vụ', 'Vận tải', 'Nông nghiệp đô thị', 'Tiểu thủ công nghiệp', 'Tín dụng'], { required: true }),
      int('members', 'Số thành viên', 'Members', { min: 7 }),
      text('chairman', 'Chủ tịch HĐQT', 'Chair', { personal: true }),
      date('establishedOn', 'Ngày thành lập', 'Established on'),
      status(),
    ],
  },
  {
    id: 'markets-supermarkets', titleVi: 'Chợ, siêu thị', titleEn: 'Markets and supermarkets', domain: 'economy',
    ownerUnit: 'phong-kinh-te', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name(), address(),
      enumOf('kind', 'Loại', 'Kind', ['Chợ truyền thống', 'Siêu thị'], { required: true }),
      int('stalls', 'Số sạp / quầy', 'Stalls', { min: 0 }),
      num('floorAreaM2', 'Diện tích kinh doanh', 'Floor area', { unit: 'm²', min: 0 }),
      text('operator', 'Đơn vị quản lý', 'Operator'),
    ],
  },
  {
    id: 'shopping-centres', titleVi: 'Trung tâm thương mại', titleEn: 'Shopping centres', domain: 'economy',
    ownerUnit: 'phong-kinh-te', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name(), address(),
      int('floors', 'Số tầng', 'Floors', { min: 1, max: 80 }),
      num('grossAreaM2', 'Tổng diện tích sàn', 'Gross floor area', { unit: 'm²', min: 0 }),
      text('operator', 'Đơn vị vận hành', 'Operator'),
    ],
  },
  {
    id: 'convenience-stores', titleVi: 'Cửa hàng tiện lợi', titleEn: 'Convenience stores', domain: 'economy',
    ownerUnit: 'phong-kinh-te', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name(), address(),
      enumOf('brand', 'Chuỗi', 'Chain', ['Circle K', 'FamilyMart', 'GS25', 'Ministop', '7-Eleven', 'Bách hóa Xanh', 'Co.op Food', 'WinMart+', 'Khác'], { required: true }),
      bool('open24h', 'Mở cửa 24/24', 'Open 24 hours'),
    ],
  },
  // ── urban ──────────────────────────────────────────────────────────────────────────────
  {
    id: 'zoning-areas', titleVi: 'Bản đồ quy hoạch (khu quy hoạch)', titleEn: 'Zoning plan areas', domain: 'urban',
    ownerUnit: 'phong-qldt', geometryType: 'polygon', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên khu', 'Area name'),
      enumOf('landUse', 'Chức năng sử dụng đất', 'Planned land use', LAND_USES, { required: true }),
      text('planDecision', 'Quyết định phê duyệt', 'Approval decision'),
      date('approvedOn', 'Ngày phê duyệt', 'Approved on'),
      num('areaHa', 'Diện tích', 'Area', { unit: 'ha', min: 0 }),
      int('maxFloors', 'Tầng cao tối đa', 'Maximum floors', { min: 0, max: 80 }),
    ],
  },
  {
    id: 'apartment-buildings', titleVi: 'Chung cư', titleEn: 'Apartment buildings', domain: 'urban',
    ownerUnit: 'phong-qldt', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên chung cư', 'Building name'), address(),
      int('blocks', 'Số block', 'Blocks', { min: 1 }),
      int('floors', 'Số tầng', 'Floors', { min: 1, max: 80 }),
      int('apartments', 'Số căn hộ', 'Apartments', { min: 0 }),
      int('yearBuilt', 'Năm xây dựng', 'Year built', { min: 1975, max: 2030 }),
      text('manager', 'Đơn vị quản lý vận hành', 'Management company'),
    ],
  },
  {
    id: 'roads', titleVi: 'Tuyến đường', titleEn: 'Roads', domain: 'urban',
    ownerUnit: 'phong-qldt', geometryType: 'line', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên đường', 'Road name'),
      num('lengthM', 'Chiều dài', 'Length', { unit: 'm', min: 0 }),
      num('widthM', 'Lộ giới', 'Width', { unit: 'm', min: 0 }),
      int('lanes', 'Số làn xe', 'Lanes', { min: 1, max: 12 }),
      enumOf('surface', 'Kết cấu mặt đường', 'Surface', ['Bê tông nhựa', 'Bê tông xi măng', 'Đá dăm'], { required: true }),
    ],
  },
  {
    id: 'alleys', titleVi: 'Hẻm', titleEn: 'Alleys', domain: 'urban',
    ownerUnit: 'phong-qldt', geometryType: 'line', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên hẻm', 'Alley name'),
      num('lengthM', 'Chiều dài', 'Length', { unit: 'm', min: 0 }),
      num('widthM', 'Bề rộng', 'Width', { unit: 'm', min: 0 }),
      enumOf('surface', 'Kết cấu mặt hẻm', 'Surface', ['Bê tông nhựa', 'Bê tông xi măng', 'Đá dăm'], { required: true }),
    ],
  },
  {
    id: 'rivers-canals', titleVi: 'Sông, rạch', titleEn: 'Rivers and canals', domain: 'urban',
    ownerUnit: 'phong-qldt', geometryType: 'line', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên sông, rạch', 'Name'),
      enumOf('kind', 'Loại', 'Kind', ['Sông', 'Rạch', 'Kênh'], { required: true }),
      num('lengthM', 'Chiều dài', 'Length', { unit: 'm', min: 0 }),
      num('widthM', 'Bề rộng', 'Width', { unit: 'm', min: 0 }),
    ],
  },
  {
    id: 'bridges', titleVi: 'Cầu', titleEn: 'Bridges', domain: 'urban',
    ownerUnit: 'phong-qldt', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên cầu', 'Bridge name'),
      text('crosses', 'Vượt qua', 'Crosses'),
      num('lengthM', 'Chiều dài', 'Length', { unit: 'm', min: 0 }),
      num('loadTonnes', 'Tải trọng', 'Load limit', { unit: 't', min: 0 }),
      enumOf('material', 'Kết cấu', 'Structure', ['Bê tông cốt thép', 'Thép', 'Liên hợp'], { required: true }),
      int('yearBuilt', 'Năm xây dựng', 'Year built', { min: 1900, max: 2030 }),
    ],
  },
  {
    id: 'fire-hydrants', titleVi: 'Trụ nước cứu hỏa', titleEn: 'Fire hydrants', domain: 'urban',
    ownerUnit: 'phong-qldt', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), address(),
      enumOf('kind', 'Loại trụ', 'Kind', ['Trụ nổi', 'Trụ âm'], { required: true }),
      int('diameterMm', 'Đường kính', 'Diameter', { unit: 'mm', min: 50, max: 300 }),
      bool('working', 'Hoạt động tốt', 'In working order'),
      date('lastInspected', 'Ngày kiểm tra gần nhất', 'Last inspected'),
    ],
  },
  // ── environment ────────────────────────────────────────────────────────────────────────
  {
    id: 'land-use-plan', titleVi: 'Kế hoạch sử dụng đất', titleEn: 'Land-use plan', domain: 'environment',
    ownerUnit: 'phong-tnmt', geometryType: 'polygon', publicRead: true, naturalKey: ['code'],
    fields: [
      code(),
      enumOf('landUse', 'Loại đất', 'Land use', LAND_USES, { required: true }),
      int('planYear', 'Năm kế hoạch', 'Plan year', { required: true, min: 2020, max: 2035 }),
      num('areaHa', 'Diện tích', 'Area', { unit: 'ha', min: 0 }),
      enumOf('planStatus', 'Tình trạng thực hiện', 'Progress', ['Chưa thực hiện', 'Đang thực hiện', 'Đã hoàn thành'], { required: true }),
    ],
  },
  {
    id: 'street-trees', titleVi: 'Cây xanh đường phố', titleEn: 'Street trees', domain: 'environment',
    ownerUnit: 'phong-tnmt', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(),
      enumOf('species', 'Loài cây', 'Species', ['Dầu rái', 'Sao đen', 'Me tây', 'Lim xẹt', 'Bằng lăng', 'Osaka đỏ', 'Phượng vĩ', 'Giáng hương', 'Muồng hoàng yến'], { required: true }),
      text('street', 'Tuyến đường', 'Street'),
      num('heightM', 'Chiều cao', 'Height', { unit: 'm', min: 0, max: 60 }),
      int('trunkCm', 'Đường kính thân', 'Trunk diameter', { unit: 'cm', min: 1, max: 300 }),
      enumOf('condition', 'Tình trạng', 'Condition', ['Tốt', 'Trung bình', 'Cần xử lý'], { required: true }),
      int('plantedYear', 'Năm trồng', 'Year planted', { min: 1900, max: 2030 }),
    ],
  },
  {
    id: 'green-areas', titleVi: 'Mảng xanh', titleEn: 'Green areas', domain: 'environment',
    ownerUnit: 'phong-tnmt', geometryType: 'polygon', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name(),
      enumOf('kind', 'Loại', 'Kind', ['Công viên', 'Vườn hoa', 'Dải phân cách', 'Mảng xanh'], { required: true }),
      num('areaM2', 'Diện tích', 'Area', { unit: 'm²', min: 0 }),
    ],
  },
  {
    id: 'waste-collection-points', titleVi: 'Điểm thu gom rác', titleEn: 'Waste collection points', domain: 'environment',
    ownerUnit: 'phong-tnmt', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name(), address(),
      enumOf('kind', 'Loại', 'Kind', ['Điểm hẹn thu gom', 'Trạm trung chuyển', 'Thùng rác công cộng'], { required: true }),
      num('capacityTonnesPerDay', 'Công suất', 'Capacity', { unit: 't/day', min: 0 }),
      text('schedule', 'Giờ thu gom', 'Collection hours'),
    ],
  },
  // ── health ─────────────────────────────────────────────────────────────────────────────
  {
    id: 'food-service-businesses', titleVi: 'Cơ sở kinh doanh dịch vụ ăn uống đủ điều kiện ATTP', titleEn: 'Food-service businesses licensed for food safety', domain: 'health',
    ownerUnit: 'phong-yte', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      text('code', 'Số giấy chứng nhận ATTP', 'Food-safety certificate no.', { required: true, pattern: '\\d{4}/\\d{4}/ATTP-CNĐK' }),
      name('Tên cơ sở', 'Business name'), address(),
      enumOf('kind', 'Loại hình', 'Kind', ['Nhà hàng', 'Quán ăn', 'Quán cà phê, giải khát', 'Bếp ăn tập thể', 'Căng tin'], { required: true }),
      text('owner', 'Người đứng tên', 'Holder', { personal: true }),
      date('issuedOn', 'Ngày cấp', 'Issued on'),
      date('expiresOn', 'Ngày hết hạn', 'Expires on'),
      int('seats', 'Số chỗ ngồi', 'Seats', { min: 0 }),
    ],
  },
  {
    id: 'hospitals', titleVi: 'Bệnh viện', titleEn: 'Hospitals', domain: 'health',
    ownerUnit: 'phong-yte', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên bệnh viện', 'Hospital name'), address(),
      enumOf('ownership', 'Loại hình', 'Ownership', ['Công lập', 'Tư nhân'], { required: true }),
      int('beds', 'Số giường bệnh', 'Beds', { min: 0 }),
      bool('emergency', 'Có khoa cấp cứu', 'Emergency department'),
      phone('phone', 'Điện thoại', 'Phone'),
    ],
  },
  {
    id: 'pharmacies', titleVi: 'Nhà thuốc', titleEn: 'Pharmacies', domain: 'health',
    ownerUnit: 'phong-yte', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      text('code', 'Số giấy chứng nhận đủ điều kiện', 'Licence no.', { required: true }),
      name('Tên nhà thuốc', 'Pharmacy name'), address(),
      text('pharmacist', 'Dược sĩ phụ trách', 'Pharmacist in charge', { personal: true }),
      text('openingHours', 'Giờ mở cửa', 'Opening hours'),
    ],
  },
  {
    id: 'ward-health-stations', titleVi: 'Trạm y tế phường', titleEn: 'Ward health stations', domain: 'health',
    ownerUnit: 'phong-yte', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên trạm', 'Station name'), address(),
      int('staff', 'Số nhân viên', 'Staff', { min: 0 }),
      phone('phone', 'Điện thoại', 'Phone'),
    ],
  },
  {
    id: 'general-clinics', titleVi: 'Phòng khám đa khoa', titleEn: 'General clinics', domain: 'health',
    ownerUnit: 'phong-yte', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      text('code', 'Số giấy phép hoạt động', 'Operating licence no.', { required: true }),
      name('Tên phòng khám', 'Clinic name'), address(),
      int('doctors', 'Số bác sĩ', 'Doctors', { min: 0 }),
      phone('phone', 'Điện thoại', 'Phone'),
    ],
  },
  {
    id: 'specialist-clinics', titleVi: 'Phòng khám chuyên khoa', titleEn: 'Specialist clinics', domain: 'health',
    ownerUnit: 'phong-yte', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      text('code', 'Số giấy phép hoạt động', 'Operating licence no.', { required: true }),
      name('Tên phòng khám', 'Clinic name'), address(),
      enumOf('specialty', 'Chuyên khoa', 'Specialty', ['Răng hàm mặt', 'Mắt', 'Tai mũi họng', 'Da liễu', 'Nhi', 'Sản phụ khoa', 'Nội', 'Chẩn đoán hình ảnh'], { required: true }),
      text('doctorInCharge', 'Người chịu trách nhiệm chuyên môn', 'Doctor in charge', { personal: true }),
      phone('phone', 'Điện thoại', 'Phone'),
    ],
  },
  // ── education, security, public services ──────────────────────────────────────────────
  {
    id: 'schools', titleVi: 'Trường học', titleEn: 'Schools', domain: 'education',
    ownerUnit: 'phong-gddt', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên trường', 'School name'), address(),
      enumOf('level', 'Cấp học', 'Level', ['Mầm non', 'Tiểu học', 'Trung học cơ sở', 'Trung học phổ thông', 'Liên cấp'], { required: true }),
      enumOf('ownership', 'Loại hình', 'Ownership', ['Công lập', 'Tư thục', 'Quốc tế'], { required: true }),
      int('students', 'Số học sinh', 'Students', { min: 0 }),
    ],
  },
  {
    id: 'security-cameras', titleVi: 'Camera an ninh', titleEn: 'Security cameras', domain: 'security',
    ownerUnit: 'cong-an', geometryType: 'point', publicRead: false, naturalKey: ['code'],
    fields: [
      code(), name('Vị trí lắp đặt', 'Location'),
      enumOf('kind', 'Loại camera', 'Kind', ['Cố định', 'PTZ', 'Tầm xa'], { required: true }),
      text('recorderCode', 'Mã đầu ghi', 'Recorder code'),
      date('installedOn', 'Ngày lắp đặt', 'Installed on'),
      enumOf('status', 'Tình trạng', 'Status', ['Hoạt động', 'Mất tín hiệu', 'Bảo trì'], { required: true }),
    ],
  },
  {
    id: 'camera-recorders', titleVi: 'Đầu ghi hình (NVR)', titleEn: 'Camera recorders (NVR)', domain: 'security',
    ownerUnit: 'cong-an', geometryType: 'point', publicRead: false, naturalKey: ['code'],
    fields: [
      code(), name('Nơi đặt', 'Location'),
      int('channels', 'Số kênh', 'Channels', { min: 1, max: 256 }),
      num('storageTb', 'Dung lượng lưu trữ', 'Storage', { unit: 'TB', min: 0 }),
    ],
  },
  {
    id: 'public-service-points', titleVi: 'Điểm phục vụ hành chính công', titleEn: 'Public-service points', domain: 'public-services',
    ownerUnit: 'van-phong-ubnd', geometryType: 'point', publicRead: true, naturalKey: ['code'],
    fields: [
      code(), name('Tên điểm', 'Name'), address(),
      text('services', 'Dịch vụ', 'Services'),
      text('openingHours', 'Giờ làm việc', 'Opening hours'),
      phone('phone', 'Điện thoại', 'Phone'),
    ],
  },
  // ── operations ─────────────────────────────────────────────────────────────────────────
  {
    // Zones drawn by operators on the map (quarantine, lockdown, events, planning).
    id: 'operational-zones', titleVi: 'Vùng tác nghiệp', titleEn: 'Operational zones', domain: 'security',
    ownerUnit: 'ioc', geometryType: 'polygon', publicRead: false, naturalKey: [],
    fields: [
      name('Tên vùng', 'Zone name'),
      // The kinds are codes (integrators send them): labelled in both languages.
      enumOf('kind', 'Loại vùng', 'Kind', ['quarantine', 'lockdown', 'event', 'planning', 'other'], { valuesVi: ['Cách ly', 'Phong tỏa', 'Sự kiện', 'Quy hoạch', 'Khác'] }),
      date('starts_on', 'Từ ngày', 'Starts on'),
      date('ends_on', 'Đến ngày', 'Ends on'),
      text('note', 'Ghi chú', 'Note', { maxLength: 2000 }),
    ],
  },
];

/** How many synthetic records the District 7 demo holds per dataset. The first eighteen are
 *  the counts reported by the District 7 operations centre; the rest are illustrative. */
export const DEMO_COUNTS: Record<string, number> = {
  'household-businesses': 29_273,
  enterprises: 30_025,
  cooperatives: 22,
  'markets-supermarkets': 9,
  'shopping-centres': 3,
  'convenience-stores': 165,
  'apartment-buildings': 105,
  roads: 458,
  alleys: 540,
  'rivers-canals': 410,
  bridges: 100,
  'fire-hydrants': 25,
  'food-service-businesses': 2_503,
  hospitals: 5,
  pharmacies: 266,
  'ward-health-stations': 8,
  'general-clinics': 13,
  'specialist-clinics': 155,
  // Not reported as counts: plausible sizes for the demo.
  'zoning-areas': 120,
  'land-use-plan': 300,
  'street-trees': 1_500,
  'green-areas': 80,
  'waste-collection-points': 90,
  schools: 70,
  'security-cameras': 400,
  'camera-recorders': 48,
  'public-service-points': 12,
};

/**
 * Every built-in declaration names its display field (its `name`, where it has one) and the
 * field that claims its ward (`ward`, else the `address` that ends in "…, phường X").
 */
export const BUILT_IN_DATASETS: DatasetDecl[] = DECLARATIONS.map((d) => {
  const has = (n: string) => d.fields.some((x) => x.name === n && x.type === 'text');
  const wardField = has('ward') ? 'ward' : has('address') ? 'address' : undefined;
  return { ...d, ...(has('name') ? { displayField: 'name' } : {}), ...(wardField ? { wardField } : {}) };
});
