// Deterministic synthetic records for the demo: the same wards, counts and seed always give
// the same records. Pure (no I/O): the caller passes the ward shapes and writes the result.
// Works for any list of wards (the four District 7 wards, or the 168 city units at a scale).
import type { DatasetDecl, FieldDecl } from '../declarations.ts';
import { BUSINESS_LINES, ENTERPRISE_TYPES, LAND_USES, SECTORS } from '../builtin-datasets.ts';
import type { Props } from '../validation.ts';
import {
  bbox, distanceToBoundary2, hashString, lengthMetres, M_LAT, M_LON, planarArea, pointInMultiPolygon, prng, round6, segmentInside,
  type BBox, type MultiPolygonCoords, type Pos,
} from './geometry.ts';
import {
  ENTERPRISE_WORDS, FAMILY, GIVEN_F, GIVEN_M, HOUSEHOLD_PREFIX, MIDDLE_F, MIDDLE_M, SHOP_WORDS, STREETS_BY_WARD, STREETS_GENERAL, WATERWAYS,
} from './vietnamese.ts';

export const DEMO_SEED = 'cityops-demo-1';

export interface DemoArea {
  id: number;
  code: string;
  nameShort: string;
  geometry: MultiPolygonCoords;
}
export interface DemoWard extends DemoArea {
  /** Wards of an earlier period that this ward (partly) replaced. */
  predecessors: DemoArea[];
}

export interface GeneratedRecord {
  props: Props;
  geometry: GeoJSON.Geometry | null;
  /** The ward it lies in and the earlier-period ward it lay in. */
  areaIds: number[];
}

/** Shares `total` between weights by the largest-remainder method (sums exactly to total). */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : total / weights.length));
  const out = exact.map(Math.floor);
  let left = total - out.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    out[i]!++;
  }
  return out;
}

interface Ctx {
  r: () => number;
  ward: DemoWard;
  /** 0-based index of the record in its dataset. */
  i: number;
  pick<T>(a: readonly T[]): T;
  int(min: number, max: number): number;
  person(): string;
  phone(): string;
  street(): string;
  address(): string;
  date(fromYear: number, toYear: number): string;
  seq(prefix: string, width?: number): string;
}

function makeCtx(r: () => number, ward: DemoWard, i: number): Ctx {
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
  const int = (min: number, max: number) => min + Math.floor(r() * (max - min + 1));
  const streets = STREETS_BY_WARD[ward.code] ?? STREETS_GENERAL;
  const street = () => pick(streets);
  return {
    r, ward, i, pick, int, street,
    person() {
      const female = r() < 0.5;
      return `${pick(FAMILY)} ${pick(female ? MIDDLE_F : MIDDLE_M)} ${pick(female ? GIVEN_F : GIVEN_M)}`;
    },
    phone: () => `09${int(0, 9)}${String(int(0, 9_999_999)).padStart(7, '0')}`,
    address() {
      const no = int(1, 999);
      const house = r() < 0.35 ? `${no}/${int(1, 120)}` : String(no);
      return `${house} ${street()}, phường ${ward.nameShort}`;
    },
    date(fromYear, toYear) {
      const y = int(fromYear, toYear);
      return `${y}-${String(int(1, 12)).padStart(2, '0')}-${String(int(1, 28)).padStart(2, '0')}`;
    },
    seq: (prefix, width = 5) => `${prefix}-${String(i + 1).padStart(width, '0')}`,
  };
}

interface Shape {
  geometry: GeoJSON.Geometry | null;
  lengthM: number;
  areaM2: number;
}

// How lines and polygons of each dataset look (metres).
const LINE_STYLE: Record<string, { vertices: [number, number]; step: [number, number]; turn: number }> = {
  roads: { vertices: [3, 6], step: [80, 260], turn: 0.35 },
  alleys: { vertices: [2, 4], step: [25, 110], turn: 0.8 },
  'rivers-canals': { vertices: [3, 8], step: [50, 220], turn: 0.6 },
};
const POLYGON_RADIUS: Record<string, [number, number]> = {
  'zoning-areas': [90, 260],
  'land-use-plan': [40, 160],
  'green-areas': [15, 70],
};

class ShapeMaker {
  private readonly box: BBox;
  constructor(
    private readonly r: () => number,
    private readonly mp: MultiPolygonCoords,
  ) {
    this.box = bbox(mp);
  }

  point(): Pos {
    for (let k = 0; k < 10_000; k++) {
      const p: Pos = [round6(this.box.minX + this.r() * (this.box.maxX - this.box.minX)), round6(this.box.minY + this.r() * (this.box.maxY - this.box.minY))];
      if (pointInMultiPolygon(p, this.mp)) return p;
    }
    throw new Error('could not place a point inside the ward');
  }

  line(style: { vertices: [number, number]; step: [number, number]; turn: number }): Pos[] {
    const between = (a: number, b: number) => a + this.r() * (b - a);
    for (let attempt = 0; ; attempt++) {
      const want = style.vertices[0] + Math.floor(this.r() * (style.vertices[1] - style.vertices[0] + 1));
      const coords: Pos[] = [this.point()];
      let heading = this.r() * 2 * Math.PI;
      while (coords.length < want) {
        let placed = false;
        for (let t = 0; t < 12 && !placed; t++) {
          const h = heading + (this.r() - 0.5) * 2 * style.turn * (t < 6 ? 1 : 3);
          const m = between(style.step[0], style.step[1]) * (t < 6 ? 1 : 0.5);
          const last = coords[coords.length - 1]!;
          const next: Pos = [round6(last[0] + Math.cos(h) * m * M_LON), round6(last[1] + Math.sin(h) * m * M_LAT)];
          if (segmentInside(last, next, this.mp)) {
            coords.push(next);
            heading = h;
            placed = true;
          }
        }
        if (!placed) break;
      }
      if (coords.length >= 2 || attempt > 50) {
        if (coords.length < 2) throw new Error('could not draw a line inside the ward');
        return coords;
      }
    }
  }

  polygon(radius: [number, number]): Pos[] {
    for (let attempt = 0; attempt < 200; attempt++) {
      const c = this.point();
      const n = 4 + Math.floor(this.r() * 4);
      const rad = (radius[0] + this.r() * (radius[1] - radius[0])) * (attempt < 100 ? 1 : 0.3);
      const start = this.r() * 2 * Math.PI;
      const ring: Pos[] = [];
      for (let k = 0; k < n; k++) {
        const a = start + (k * 2 * Math.PI) / n + (this.r() - 0.5) * 0.4;
        const d = rad * (0.75 + this.r() * 0.5);
        ring.push([round6(c[0] + Math.cos(a) * d * M_LON), round6(c[1] + Math.sin(a) * d * M_LAT)]);
      }
      ring.push(ring[0]!);
      let ok = true;
      for (let k = 1; k < ring.length && ok; k++) ok = segmentInside(ring[k - 1]!, ring[k]!, this.mp);
      if (ok) return ring;
    }
    throw new Error('could not draw a polygon inside the ward');
  }
}

function makeShape(decl: DatasetDecl, maker: ShapeMaker): Shape {
  switch (decl.geometryType) {
    case 'none':
      return { geometry: null, lengthM: 0, areaM2: 0 };
    case 'point':
      return { geometry: { type: 'Point', coordinates: maker.point() }, lengthM: 0, areaM2: 0 };
    case 'line': {
      const coords = maker.line(LINE_STYLE[decl.id] ?? LINE_STYLE.roads!);
      return { geometry: { type: 'LineString', coordinates: coords }, lengthM: lengthMetres(coords), areaM2: 0 };
    }
    case 'polygon': {
      const ring = maker.polygon(POLYGON_RADIUS[decl.id] ?? [30, 120]);
      return { geometry: { type: 'Polygon', coordinates: [ring] }, lengthM: 0, areaM2: planarArea([[ring]]) / (M_LON * M_LAT) };
    }
  }
}

const r1 = (x: number) => Math.round(x * 10) / 10;

/** Realistic properties for the built-in datasets; other datasets get generic values. */
const MAKERS: Record<string, (c: Ctx, s: Shape) => Props> = {
  'household-businesses': (c) => {
    const line = c.pick(BUSINESS_LINES);
    return {
      code: `41${String.fromCharCode(65 + (c.i % 26))}8${String(c.i + 1).padStart(6, '0')}`,
      name: `${c.pick(HOUSEHOLD_PREFIX[line] ?? ['Cửa hàng'])} ${c.pick(SHOP_WORDS)}`,
      address: c.address(), owner: c.person(), ownerPhone: c.phone(), businessLine: line,
      capitalVnd: c.int(2, 300) * 5_000_000, employees: c.int(0, 10), registeredOn: c.date(2005, 2025),
      status: c.r() < 0.9 ? 'Đang hoạt động' : c.pick(['Tạm ngừng', 'Ngừng hoạt động']),
    };
  },
  enterprises: (c) => {
    const type = c.pick(ENTERPRISE_TYPES);
    const short = type.startsWith('Doanh nghiệp tư nhân') ? 'Doanh nghiệp tư nhân' : type.replace(/ (một|hai).*$/, '');
    return {
      code: `03${String(10_000_000 + c.i * 7).slice(-8)}`,
      name: `${short} ${c.pick(ENTERPRISE_WORDS)} ${c.pick(SHOP_WORDS)}`,
      address: c.address(), type, sector: c.pick(SECTORS), legalRep: c.person(), phone: `028${String(c.int(0, 99_999_999)).padStart(8, '0')}`,
      charterCapitalVnd: c.int(1, 500) * 100_000_000, employees: c.int(1, 250), registeredOn: c.date(2000, 2025),
      status: c.r() < 0.85 ? 'Đang hoạt động' : c.pick(['Tạm ngừng', 'Ngừng hoạt động']),
    };
  },
  cooperatives: (c) => ({
    code: c.seq('HTX', 4), name: `Hợp tác xã ${c.pick(['Thương mại Dịch vụ', 'Vận tải', 'Rau sạch', 'May mặc'])} ${c.pick(SHOP_WORDS)}`,
    address: c.address(), sector: c.pick(['Thương mại, dịch vụ', 'Vận tải', 'Nông nghiệp đô thị', 'Tiểu thủ công nghiệp', 'Tín dụng']),
    members: c.int(7, 120), chairman: c.person(), establishedOn: c.date(1998, 2024), status: 'Đang hoạt động',
  }),
  'markets-supermarkets': (c) => {
    const market = c.i % 3 !== 2;
    return {
      code: c.seq('CHO', 3), name: market ? `Chợ ${c.pick(['Tân Mỹ', 'Tân Quy', 'Phú Mỹ', 'Tân Thuận', 'Bình Thuận', 'Tân Hưng', 'Tân Phong'])}` : `Siêu thị ${c.pick(['Co.opmart', 'Lotte Mart', 'MM Mega Market', 'Emart', 'WinMart'])} ${c.ward.nameShort}`,
      address: c.address(), kind: market ? 'Chợ truyền thống' : 'Siêu thị', stalls: market ? c.int(60, 400) : c.int(10, 40),
      floorAreaM2: c.int(8, 120) * 100, operator: market ? 'Ban Quản lý chợ' : 'Công ty cổ phần',
    };
  },
  'shopping-centres': (c) => ({
    code: c.seq('TTTM', 3), name: `Trung tâm thương mại ${c.pick(['Nam Sài Gòn', 'Phú Mỹ', 'Sông Sài Gòn', 'Kênh Tẻ'])} ${c.i + 1}`,
    address: c.address(), floors: c.int(3, 8), grossAreaM2: c.int(15, 120) * 1000, operator: 'Công ty TNHH Quản lý TTTM',
  }),
  'convenience-stores': (c) => {
    const brand = c.pick(['Circle K', 'FamilyMart', 'GS25', 'Ministop', '7-Eleven', 'Bách hóa Xanh', 'Co.op Food', 'WinMart+']);
    return { code: c.seq('CHTL', 4), name: `${brand} ${c.street()}`, address: c.address(), brand, open24h: ['Circle K', 'FamilyMart', 'GS25', '7-Eleven', 'Ministop'].includes(brand) };
  },
  'zoning-areas': (c, s) => ({
    code: c.seq('QH', 4), name: `Khu quy hoạch ${c.ward.nameShort} ${c.i + 1}`, landUse: c.pick(LAND_USES),
    planDecision: `${c.int(100, 9999)}/QĐ-UBND`, approvedOn: c.date(2012, 2024), areaHa: Math.round(s.areaM2 / 100) / 100, maxFloors: c.int(2, 40),
  }),
  'apartment-buildings': (c) => ({
    code: c.seq('CC', 4), name: `Chung cư ${c.pick(['Sunrise', 'Hoàng Anh', 'Phú Mỹ', 'Riverside', 'Him Lam', 'Tân Mỹ', 'Green View', 'Sky Garden', 'Era Town', 'Nam Long'])} ${c.pick(['A', 'B', 'C', 'Tower', 'Plaza'])}${c.int(1, 9)}`,
    address: c.address(), blocks: c.int(1, 6), floors: c.int(8, 40), apartments: c.int(80, 1500), yearBuilt: c.int(1996, 2024),
    manager: `Công ty ${c.pick(['Quản lý Bất động sản', 'Dịch vụ Nhà ở', 'Vận hành Tòa nhà'])} ${c.pick(SHOP_WORDS)}`,
  }),
  roads: (c, s) => ({
    code: c.seq('DG', 4), name: c.r() < 0.6 ? `Đường ${c.street()} (đoạn ${c.i + 1})` : `Đường số ${c.int(1, 99)}`,
    lengthM: r1(s.lengthM), widthM: c.pick([12, 16, 20, 25, 30, 40, 60]), lanes: c.int(2, 8), surface: c.pick(['Bê tông nhựa', 'Bê tông nhựa', 'Bê tông xi măng']),
  }),
  alleys: (c, s) => ({
    code: c.seq('HEM', 4), name: `Hẻm ${c.int(1, 999)} ${c.street()}`, lengthM: r1(s.lengthM), widthM: c.pick([1.5, 2, 2.5, 3, 3.5, 4, 5, 6]),
    surface: c.pick(['Bê tông xi măng', 'Bê tông xi măng', 'Bê tông nhựa', 'Đá dăm']),
  }),
  'rivers-canals': (c, s) => {
    const base = c.pick(WATERWAYS);
    return {
      code: c.seq('SR', 4), name: c.r() < 0.5 ? base : `${c.pick(['Rạch', 'Kênh'])} ${c.pick(['nhánh', 'số'])} ${c.int(1, 60)}`,
      kind: base.startsWith('Sông') ? 'Sông' : base.startsWith('Kênh') ? 'Kênh' : c.pick(['Rạch', 'Rạch', 'Kênh']),
      lengthM: r1(s.lengthM), widthM: c.int(3, 60),
    };
  },
  bridges: (c) => ({
    code: c.seq('CAU', 3), name: `Cầu ${c.pick(['Tân Thuận', 'Kênh Tẻ', 'Ông Lớn', 'Rạch Đĩa', 'Phú Mỹ', 'Tân Mỹ', 'Bà Bướm', 'Xóm Củi', 'Ông Đội', 'Cả Cấm'])} ${c.int(1, 9)}`,
    crosses: c.pick(WATERWAYS), lengthM: c.int(8, 300), loadTonnes: c.pick([5, 10, 13, 18, 25, 30]),
    material: c.pick(['Bê tông cốt thép', 'Bê tông cốt thép', 'Thép', 'Liên hợp']), yearBuilt: c.int(1975, 2024),
  }),
  'fire-hydrants': (c) => ({
    code: c.seq('TNCC', 3), address: c.address(), kind: c.pick(['Trụ nổi', 'Trụ âm']), diameterMm: c.pick([100, 125, 150]),
    working: c.r() < 0.88, lastInspected: c.date(2024, 2025),
  }),
  'land-use-plan': (c, s) => ({
    code: c.seq('KHSDD', 4), landUse: c.pick(LAND_USES), planYear: c.int(2024, 2026), areaHa: Math.round(s.areaM2 / 100) / 100,
    planStatus: c.pick(['Chưa thực hiện', 'Đang thực hiện', 'Đã hoàn thành']),
  }),
  'street-trees': (c) => ({
    code: c.seq('CX', 5), species: c.pick(['Dầu rái', 'Sao đen', 'Me tây', 'Lim xẹt', 'Bằng lăng', 'Osaka đỏ', 'Phượng vĩ', 'Giáng hương', 'Muồng hoàng yến']),
    street: c.street(), heightM: c.int(3, 25), trunkCm: c.int(10, 120), condition: c.pick(['Tốt', 'Tốt', 'Tốt', 'Trung bình', 'Cần xử lý']), plantedYear: c.int(1985, 2024),
  }),
  'green-areas': (c, s) => ({
    code: c.seq('MX', 4), name: `${c.pick(['Công viên', 'Vườn hoa', 'Mảng xanh'])} ${c.street()}`, kind: c.pick(['Công viên', 'Vườn hoa', 'Dải phân cách', 'Mảng xanh']),
    areaM2: Math.round(s.areaM2),
  }),
  'waste-collection-points': (c) => ({
    code: c.seq('TGR', 4), name: `Điểm thu gom rác ${c.street()}`, address: c.address(),
    kind: c.pick(['Điểm hẹn thu gom', 'Điểm hẹn thu gom', 'Trạm trung chuyển', 'Thùng rác công cộng']), capacityTonnesPerDay: c.int(1, 40),
    schedule: c.pick(['17:00–21:00', '18:00–22:00', '05:00–08:00']),
  }),
  'food-service-businesses': (c) => {
    const issued = c.date(2022, 2025);
    return {
      code: `${String(c.i + 1).padStart(4, '0')}/${issued.slice(0, 4)}/ATTP-CNĐK`,
      name: `${c.pick(['Nhà hàng', 'Quán ăn', 'Quán cà phê', 'Bếp ăn', 'Căng tin'])} ${c.pick(SHOP_WORDS)}`,
      address: c.address(), kind: c.pick(['Nhà hàng', 'Quán ăn', 'Quán cà phê, giải khát', 'Bếp ăn tập thể', 'Căng tin']),
      owner: c.person(), issuedOn: issued, expiresOn: `${Number(issued.slice(0, 4)) + 3}${issued.slice(4)}`, seats: c.int(10, 300),
    };
  },
  hospitals: (c) => ({
    code: c.seq('BV', 3), name: `Bệnh viện ${c.pick(['Đa khoa Nam Sài Gòn', 'Quốc tế Phú Mỹ', 'Đa khoa Tân Hưng', 'Tim mạch Sông Sài Gòn', 'Sản Nhi Phú Thuận', 'Đa khoa khu vực Tân Mỹ'])}`,
    address: c.address(), ownership: c.i === 0 ? 'Công lập' : c.pick(['Công lập', 'Tư nhân']), beds: c.int(50, 750), emergency: c.r() < 0.8, phone: `028${String(c.int(0, 99_999_999)).padStart(8, '0')}`,
  }),
  pharmacies: (c) => ({
    code: `${String(c.i + 1).padStart(4, '0')}/ĐKKDD-HCM`, name: `Nhà thuốc ${c.pick(['Long Châu', 'Pharmacity', 'An Khang', c.pick(SHOP_WORDS), c.pick(SHOP_WORDS)])}`,
    address: c.address(), pharmacist: `DS. ${c.person()}`, openingHours: c.pick(['07:00–22:00', '06:30–21:30', '24/24']),
  }),
  'ward-health-stations': (c) => {
    const old = c.ward.predecessors[c.i % Math.max(1, c.ward.predecessors.length)]?.nameShort ?? c.ward.nameShort;
    return { code: c.seq('TYT', 2), name: `Trạm Y tế phường ${old}`, address: c.address(), staff: c.int(6, 15), phone: `028${String(c.int(0, 99_999_999)).padStart(8, '0')}` };
  },
  'general-clinics': (c) => ({
    code: `${String(c.i + 1).padStart(5, '0')}/HCM-GPHĐ`, name: `Phòng khám đa khoa ${c.pick(SHOP_WORDS)}`, address: c.address(), doctors: c.int(5, 40), phone: c.phone(),
  }),
  'specialist-clinics': (c) => {
    const specialty = c.pick(['Răng hàm mặt', 'Mắt', 'Tai mũi họng', 'Da liễu', 'Nhi', 'Sản phụ khoa', 'Nội', 'Chẩn đoán hình ảnh']);
    return { code: `${String(c.i + 1).padStart(5, '0')}/HCM-GPHĐ-CK`, name: `Phòng khám chuyên khoa ${specialty} ${c.pick(SHOP_WORDS)}`, address: c.address(), specialty, doctorInCharge: `BS. ${c.person()}`, phone: c.phone() };
  },
  schools: (c) => {
    const level = c.pick(['Mầm non', 'Mầm non', 'Tiểu học', 'Trung học cơ sở', 'Trung học phổ thông', 'Liên cấp']);
    const prefix = { 'Mầm non': 'Trường Mầm non', 'Tiểu học': 'Trường Tiểu học', 'Trung học cơ sở': 'Trường THCS', 'Trung học phổ thông': 'Trường THPT', 'Liên cấp': 'Trường Liên cấp' }[level];
    return {
      code: c.seq('TH', 4), name: `${prefix} ${c.pick([...FAMILY.slice(0, 5).map((f) => `${f} ${c.pick(GIVEN_M)}`), ...SHOP_WORDS])}`, address: c.address(),
      level, ownership: c.pick(['Công lập', 'Công lập', 'Tư thục', 'Quốc tế']), students: c.int(150, 2500),
    };
  },
  'security-cameras': (c) => ({
    code: c.seq('CAM', 5), name: `Giao lộ ${c.street()} – ${c.street()}`, kind: c.pick(['Cố định', 'Cố định', 'PTZ', 'Tầm xa']),
    recorderCode: `NVR-${String((c.i % 48) + 1).padStart(3, '0')}`, installedOn: c.date(2019, 2025), status: c.r() < 0.92 ? 'Hoạt động' : c.pick(['Mất tín hiệu', 'Bảo trì']),
  }),
  'camera-recorders': (c) => ({ code: `NVR-${String(c.i + 1).padStart(3, '0')}`, name: `Công an phường ${c.ward.nameShort}, điểm ${c.i + 1}`, channels: c.pick([16, 32, 64]), storageTb: c.pick([8, 16, 32, 48]) }),
  'public-service-points': (c) => ({
    code: c.seq('HCC', 3), name: c.i < 4 ? `Bộ phận Một cửa UBND phường ${c.ward.nameShort}` : `Điểm tiếp nhận hồ sơ ${c.pick(['Bưu điện', 'Nhà văn hóa khu phố'])} ${c.street()}`,
    address: c.address(), services: 'Tiếp nhận và trả kết quả thủ tục hành chính', openingHours: 'Thứ Hai–Thứ Sáu 07:30–17:00, Thứ Bảy 07:30–11:30', phone: `028${String(c.int(0, 99_999_999)).padStart(8, '0')}`,
  }),
};

/** Generic values from a field declaration, for datasets without a maker. */
function genericValue(f: FieldDecl, c: Ctx): unknown {
  switch (f.type) {
    case 'integer':
      return c.int(f.min ?? 0, f.max ?? 1000);
    case 'number':
      return Math.round(((f.min ?? 0) + c.r() * ((f.max ?? 1000) - (f.min ?? 0))) * 100) / 100;
    case 'boolean':
      return c.r() < 0.5;
    case 'date':
      return c.date(2015, 2025);
    case 'enum':
      return c.pick(f.values ?? ['']);
    case 'phone':
      return c.phone();
    case 'email':
      return `lienhe${c.i + 1}@example.vn`;
    case 'url':
      return `https://example.vn/${c.i + 1}`;
    default:
      if (f.pattern) return undefined; // cannot invent a value for an arbitrary pattern
      if (f.name === 'code') return c.seq('REC');
      if (f.name === 'address') return c.address();
      return f.personal ? c.person() : `${f.titleVi} ${c.pick(SHOP_WORDS)} ${c.i + 1}`;
  }
}

function genericProps(decl: DatasetDecl, c: Ctx): Props {
  const out: Props = {};
  for (const f of decl.fields) {
    const v = genericValue(f, c);
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

/** The earlier-period ward a position lay in: the containing predecessor, else the nearest. */
function predecessorOf(ward: DemoWard, p: Pos): DemoArea | undefined {
  if (!ward.predecessors.length) return undefined;
  const inside = ward.predecessors.find((o) => pointInMultiPolygon(p, o.geometry));
  if (inside) return inside;
  let best = ward.predecessors[0]!;
  let bestD = Infinity;
  for (const o of ward.predecessors) {
    const d = distanceToBoundary2(p, o.geometry);
    if (d < bestD) [best, bestD] = [o, d];
  }
  return best;
}

function firstPosition(g: GeoJSON.Geometry | null): Pos | undefined {
  if (!g) return undefined;
  if (g.type === 'Point') return g.coordinates as Pos;
  if (g.type === 'LineString') return g.coordinates[0] as Pos;
  if (g.type === 'Polygon') return g.coordinates[0]![0] as Pos;
  return undefined;
}

/**
 * `count` records of one dataset, shared between the wards by area, each inside its ward.
 * Deterministic: depends only on the declaration id, the count, the wards and the seed.
 */
export function generateDataset(decl: DatasetDecl, count: number, wards: DemoWard[], seed = DEMO_SEED): GeneratedRecord[] {
  const r = prng(hashString(`${seed}:${decl.id}`));
  const perWard = allocate(count, wards.map((w) => planarArea(w.geometry)));
  const out: GeneratedRecord[] = [];
  const maker = MAKERS[decl.id];
  wards.forEach((ward, wi) => {
    const shapes = new ShapeMaker(r, ward.geometry);
    for (let k = 0; k < perWard[wi]!; k++) {
      const c = makeCtx(r, ward, out.length);
      const shape = makeShape(decl, shapes);
      const props = maker ? maker(c, shape) : genericProps(decl, c);
      const first = firstPosition(shape.geometry);
      const old = first ? predecessorOf(ward, first) : undefined;
      out.push({ props, geometry: shape.geometry, areaIds: old ? [ward.id, old.id] : [ward.id] });
    }
  });
  return out;
}

/** Scales the demo counts (e.g. 0.1 for a light city-wide scenario); at least one record each. */
export function scaledCounts(counts: Record<string, number>, scale: number): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, scale === 1 ? v : Math.max(1, Math.round(v * scale))]));
}
