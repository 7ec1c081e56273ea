// A demo dataset owned by a ward: the demo officer (UBND phường Tân Hưng, auth/demo-accounts.ts)
// may import into the datasets of their own unit only, and none of the built-in ones belongs to
// a ward, so without this the officer's import button had nothing to open (issue 20, defect 4).
// Wards keep such lists themselves: the spots that flood after heavy rain, checked by the ward.
import type { Kysely } from 'kysely';
import type { DB } from '../../../platform/db/database.ts';
import type { DatasetDecl } from '../declarations.ts';
import { ensureDeclaration } from '../builtin-loader.ts';
import { ensureUnits } from '../../auth/index.ts';
import { insertSyntheticRecords, type SyntheticRecord } from '../synthetic-records.ts';
import { readMarker, writeMarker } from '../../../platform/db/app-state.ts';

const MARKER = 'demo.ward-dataset';

export const WARD_DEMO_UNIT = 'ubnd-27475';

export const WARD_FLOOD_SPOTS: DatasetDecl = {
  id: 'tan-hung-flood-spots',
  titleVi: 'Điểm ngập cục bộ phường Tân Hưng',
  titleEn: 'Local flood spots of Tan Hung ward',
  descriptionVi: 'Danh sách điểm ngập sau mưa lớn do UBND phường Tân Hưng theo dõi (dữ liệu minh họa).',
  descriptionEn: 'Spots that flood after heavy rain, kept by the Tan Hung Ward People\'s Committee (demo data).',
  domain: 'urban',
  ownerUnit: WARD_DEMO_UNIT,
  geometryType: 'point',
  publicRead: true,
  naturalKey: ['code'],
  displayField: 'name',
  fields: [
    { name: 'code', type: 'text', titleVi: 'Mã', titleEn: 'Code', required: true, maxLength: 40 },
    { name: 'name', type: 'text', titleVi: 'Vị trí', titleEn: 'Place', required: true, maxLength: 200 },
    { name: 'street', type: 'text', titleVi: 'Tuyến đường', titleEn: 'Street', maxLength: 200 },
    { name: 'depthCm', type: 'number', titleVi: 'Độ sâu ngập lớn nhất', titleEn: 'Greatest depth', unit: 'cm', min: 0, max: 300 },
    { name: 'status', type: 'enum', titleVi: 'Tình trạng', titleEn: 'Status', values: ['Còn ngập', 'Đã cải tạo'], valuesEn: ['Still flooding', 'Fixed'], required: true },
    { name: 'checkedOn', type: 'date', titleVi: 'Ngày kiểm tra', titleEn: 'Checked on' },
  ],
};

const SPOTS: [name: string, street: string, depth: number, status: string, lon: number, lat: number][] = [
  ['Trước chợ Tân Mỹ', 'Tân Mỹ', 35, 'Còn ngập', 106.7172, 10.7391],
  ['Ngã tư Nguyễn Thị Thập – Lê Văn Lương', 'Nguyễn Thị Thập', 25, 'Còn ngập', 106.7036, 10.7392],
  ['Hẻm 1141 Huỳnh Tấn Phát', 'Huỳnh Tấn Phát', 20, 'Đã cải tạo', 106.7346, 10.7391],
  ['Cuối đường Trần Xuân Soạn', 'Trần Xuân Soạn', 40, 'Còn ngập', 106.7120, 10.7520],
  ['Khu dân cư Tân Quy Đông', 'Đường số 17', 15, 'Đã cải tạo', 106.7085, 10.7440],
  ['Trước trường Lê Văn Tám', 'Nguyễn Hữu Thọ', 30, 'Còn ngập', 106.7010, 10.7470],
];

/** Declares the ward's dataset and its few records once (idempotent). */
export async function seedWardDataset(db: Kysely<DB>): Promise<number> {
  await ensureUnits(db, [{ code: WARD_DEMO_UNIT, nameVi: 'UBND phường Tân Hưng', nameEn: "Tan Hung Ward People's Committee" }]);
  await ensureDeclaration(db, WARD_FLOOD_SPOTS);
  if (await readMarker(db, MARKER)) return 0;
  const records: SyntheticRecord[] = SPOTS.map(([name, street, depth, status, lon, lat], i) => ({
    naturalKey: `TH-NGAP-${String(i + 1).padStart(2, '0')}`,
    props: { code: `TH-NGAP-${String(i + 1).padStart(2, '0')}`, name, street, depthCm: depth, status, checkedOn: '2025-10-15' },
    point: [lon, lat],
  }));
  await insertSyntheticRecords(db, WARD_FLOOD_SPOTS, records, 'demo-generator');
  await writeMarker(db, MARKER, { records: records.length });
  return records.length;
}
