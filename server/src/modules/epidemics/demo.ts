// Demo epidemics: a synthetic COVID-19 outbreak over the four wards of former District 7 in the
// second half of 2021 (an SEIR-shaped curve, ~12,000 cases, chains with a market cluster of
// hundreds, contacts with their follow-up visits, lab results, lockdowns, capacity strain,
// vaccination rising), a smaller dengue season in 2022, households in the data hub, and the
// weekly levels under both rule sets. Deterministic (seeded PRNG), set-based (a few bulk
// statements), seeded once. Wards are today's units (the data is mapped onto them).
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { mulberry32, type Random } from '../../platform/random.ts';
import type { FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { insertSyntheticRecords, type DatasetDecl, type SyntheticRecord } from '../datasets/index.ts';
import { addDays } from './epidemics.rules.ts';
import { HOUSEHOLDS_DATASET_ID } from './epidemics.repository.ts';

const STATE_KEY = 'seed.demo-epidemics';
export const DEMO_OUTBREAK_CODE = 'COVID19-Q7-2021';
export const DEMO_DENGUE_CODE = 'SXH-Q7-2022';
const START = '2021-06-15';
const DAYS = 200;
const SEED = 20210615;
const BATCH = 1500;

/** Populations of the four wards (illustrative, summing to District 7's ~366,000) and the age split. */
export const DEMO_WARDS: readonly { code: string; name: string; population: number; shift: number; vaccineLagDays: number }[] = [
  { code: '27475', name: 'Tân Hưng', population: 112_000, shift: -3, vaccineLagDays: 0 },
  { code: '27478', name: 'Tân Thuận', population: 98_000, shift: 0, vaccineLagDays: 7 },
  { code: '27484', name: 'Phú Thuận', population: 84_000, shift: 4, vaccineLagDays: 14 },
  { code: '27487', name: 'Tân Mỹ', population: 72_000, shift: 7, vaccineLagDays: 10 },
];
export const AGE_SPLIT: readonly [group: string, share: number][] = [['0-11', 0.16], ['12-17', 0.08], ['18-49', 0.52], ['50-64', 0.16], ['65+', 0.08]];
/**
 * Tân Mỹ's community cases in two December weeks are pinned (14 and 13: 27 in two weeks, an
 * incidence of 18.75 per 100,000, just under level 2's 20) so that two more cases raise it.
 */
export const PINNED: Record<string, number> = { '2021-12-06': 14, '2021-12-13': 13 };
export const PINNED_WARD = '27487';

export const HOUSEHOLDS_DATASET: DatasetDecl = {
  id: HOUSEHOLDS_DATASET_ID,
  titleVi: 'Hộ gia đình cư trú',
  titleEn: 'Resident households',
  descriptionVi: 'Hộ gia đình theo địa bàn (tổ dân phố, số nhân khẩu), dùng để đếm hộ và người trong vùng phong tỏa, cách ly.',
  descriptionEn: 'Households by place (residential group, members), used to count households and people inside lockdown and quarantine zones.',
  domain: 'health',
  ownerUnit: 'ioc',
  geometryType: 'point',
  publicRead: false,
  naturalKey: ['code'],
  displayField: 'code',
  fields: [
    { name: 'code', type: 'text', titleVi: 'Mã hộ', titleEn: 'Household code', required: true },
    { name: 'head_name', type: 'text', titleVi: 'Chủ hộ', titleEn: 'Head of household', personal: true },
    { name: 'members', type: 'integer', titleVi: 'Số nhân khẩu', titleEn: 'Members', min: 1, max: 30 },
    { name: 'residential_group', type: 'text', titleVi: 'Tổ dân phố', titleEn: 'Residential group' },
    { name: 'ward_code', type: 'text', titleVi: 'Mã phường', titleEn: 'Ward code' },
  ],
};

/** New infections a day from a discrete SEIR model with distancing phases (Directive 16 from 9/7/2021, stricter from 23/8). */
export function seirCurve(population: number, days: number): number[] {
  let s = population - 20;
  let e = 10;
  let i = 10;
  const sigma = 1 / 4;
  const gamma = 1 / 7;
  const beta = (t: number) => (t < 24 ? 0.52 : t < 45 ? 0.36 : t < 70 ? 0.22 : t < 100 ? 0.13 : t < 150 ? 0.125 : 0.12);
  const out: number[] = [];
  for (let t = 0; t < days; t++) {
    const ni = (beta(t) * s * i) / population;
    const ne = sigma * e;
    const nr = gamma * i;
    s -= ni;
    e += ni - ne;
    i += ne - nr;
    out.push(ne);
  }
  return out;
}

/** Daily confirmed cases per ward (ascertainment 13 %), sampled deterministically; Tân Mỹ's December weeks pinned. */
export function demoDailyCases(rand: Random = mulberry32(SEED)): Map<string, number[]> {
  const total = DEMO_WARDS.reduce((a, w) => a + w.population, 0);
  const curve = seirCurve(total, DAYS + 20);
  const out = new Map<string, number[]>();
  for (const w of DEMO_WARDS) {
    const share = w.population / total;
    const days: number[] = [];
    for (let d = 0; d < DAYS; d++) {
      const expected = (curve[Math.max(0, d - w.shift)] ?? 0) * 0.13 * share;
      days.push(Math.max(0, Math.floor(expected + rand())));
    }
    out.set(w.code, days);
  }
  const pinned = out.get(PINNED_WARD)!;
  for (const [week, n] of Object.entries(PINNED)) {
    const from = (Date.parse(week) - Date.parse(START)) / 86_400_000;
    for (let k = 0; k < 7; k++) pinned[from + k] = Math.floor(n / 7) + (k < n % 7 ? 1 : 0);
  }
  return out;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Minh', 'Thanh', 'Ngọc', 'Quốc', 'Thu', 'Đức', 'Hoài'];
const GIVEN = ['An', 'Bình', 'Châu', 'Dũng', 'Giang', 'Hà', 'Hải', 'Hạnh', 'Hoa', 'Hùng', 'Khang', 'Lan', 'Linh', 'Long', 'Mai', 'Nam', 'Nga', 'Phúc', 'Quân', 'Tâm', 'Thảo', 'Trang', 'Tuấn', 'Vy'];
const STREETS = ['Huỳnh Tấn Phát', 'Nguyễn Thị Thập', 'Lê Văn Lương', 'Nguyễn Hữu Thọ', 'Trần Xuân Soạn', 'Lâm Văn Bền', 'Nguyễn Văn Linh', 'Phạm Hữu Lầu', 'Bùi Văn Ba'];

interface SeedPerson {
  id: number; code: string; kind: 'case' | 'contact'; ward: string; lon: number; lat: number; day: string; community: boolean; wasContact: boolean; age: number; sex: string;
  severity: string; outcome: string; outcomeOn: string | null; doses: number; group: string; household: string; treatment: string;
}

async function wardPoints(db: Kysely<DB>, ward: string, n: number, seed: number): Promise<[number, number][]> {
  if (n <= 0) return [];
  const r = await sql<{ lon: number; lat: number }>`select ST_X(d.geom) as lon, ST_Y(d.geom) as lat
    from (select geom from v_areas where level = 'ward' and code = ${ward} order by valid_from desc limit 1) a,
    lateral ST_Dump(ST_GeneratePoints(a.geom, ${n}, ${seed})) d`.execute(db);
  return r.rows.map((p) => [Math.round(p.lon * 1e5) / 1e5, Math.round(p.lat * 1e5) / 1e5]);
}

export async function seedDemoEpidemics(db: Kysely<DB>, cipher: FieldCipher): Promise<{ seeded: boolean; cases: number; contacts: number }> {
  const done = await sql<{ key: string }>`select key from app_state where key = ${STATE_KEY}`.execute(db);
  if (done.rows.length) return { seeded: false, cases: 0, contacts: 0 };
  const have = await sql<{ n: number }>`select count(distinct code)::int as n from v_areas where level = 'ward' and code = any(${DEMO_WARDS.map((w) => w.code)}::text[])`.execute(db);
  if (have.rows[0]!.n < DEMO_WARDS.length) return { seeded: false, cases: 0, contacts: 0 };
  const rand = mulberry32(SEED);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;

  // Populations (denominators) by age group.
  await sql`insert into epi_populations (ward_code, age_group, population, source)
    values ${sql.join(DEMO_WARDS.flatMap((w) => AGE_SPLIT.map(([g, s]) => sql`(${w.code}, ${g}, ${Math.round(w.population * s)}, 'demo (illustrative)')`)))}
    on conflict do nothing`.execute(db);

  // Households in the data hub: 200 a ward, in 10 residential groups each.
  const households: SyntheticRecord[] = [];
  for (const [wi, w] of DEMO_WARDS.entries()) {
    const pts = await wardPoints(db, w.code, 200, SEED + wi);
    pts.forEach((p, k) => households.push({
      naturalKey: `HGD-${w.code}-${String(k + 1).padStart(4, '0')}`,
      props: { code: `HGD-${w.code}-${String(k + 1).padStart(4, '0')}`, head_name: `${pick(FAMILY)} ${pick(MIDDLE)} ${pick(GIVEN)}`, members: 1 + Math.floor(rand() * 6), residential_group: `Tổ ${1 + (k % 10)} – ${w.name}`, ward_code: w.code },
      point: p,
    }));
  }
  await insertSyntheticRecords(db, HOUSEHOLDS_DATASET, households);
  const hhByWard = new Map(DEMO_WARDS.map((w) => [w.code, households.filter((h) => h.props.ward_code === w.code)]));

  // The COVID-19 outbreak with two follow-up teams a ward.
  const outbreakId = (await sql<{ id: number }>`insert into epi_outbreaks (code, disease, name_vi, name_en, area_codes, starts_on, ends_on, follow_up_days, follow_ups_per_day,
      lost_after_days, synthetic, case_form)
    values (${DEMO_OUTBREAK_CODE}, 'covid-19', 'COVID-19 – khu vực quận 7 cũ, 2021', 'COVID-19 – former District 7, 2021', ${DEMO_WARDS.map((w) => w.code)}::text[],
      ${START}::date, '2021-12-31'::date, 14, 1, 3, true,
      ${JSON.stringify([{ key: 'symptoms', labelVi: 'Triệu chứng', labelEn: 'Symptoms', type: 'text' }, { key: 'spo2', labelVi: 'SpO2 (%)', labelEn: 'SpO2 (%)', type: 'number' }])}::jsonb)
    returning id`.execute(db)).rows[0]!.id;
  await sql`insert into epi_teams (outbreak_id, code, name, ward_code)
    values ${sql.join(DEMO_WARDS.flatMap((w) => [1, 2].map((k) => sql`(${outbreakId}, ${`T-${w.code}-${k}`}, ${`Tổ truy vết ${k} – ${w.name}`}, ${w.code})`)))}`.execute(db);
  const teams = (await sql<{ id: number; ward_code: string }>`select id, ward_code from epi_teams where outbreak_id = ${outbreakId} order by id`.execute(db)).rows;
  const market = (await sql<{ id: number }>`insert into epi_clusters (outbreak_id, code, name, place_kind, lon, lat)
    values (${outbreakId}, 'CL-CHO-TM', 'Chùm ca bệnh chợ (Tân Mỹ)', 'market', 106.7240, 10.7300) returning id`.execute(db)).rows[0]!.id;

  // Cases, day by day and ward by ward.
  const daily = demoDailyCases(rand);
  const persons: SeedPerson[] = [];
  const rels: { s: number; t: number; day: string; type: string; certainty: string; cluster: number | null }[] = [];
  const nextId = async (n: number) => (await sql<{ id: number }>`select nextval('epi_persons_id_seq')::int as id from generate_series(1, ${n})`.execute(db)).rows.map((r) => r.id);
  let caseNo = 0;
  for (const [wi, w] of DEMO_WARDS.entries()) {
    const counts = daily.get(w.code)!;
    const total = counts.reduce((a, b) => a + b, 0);
    const pts = await wardPoints(db, w.code, total, SEED + 100 + wi);
    const ids = await nextId(total);
    const byDay: SeedPerson[][] = [];
    const clusterMembers: SeedPerson[] = [];
    let k = 0;
    for (let d = 0; d < DAYS; d++) {
      const day = addDays(START, d);
      const todays: SeedPerson[] = [];
      for (let j = 0; j < counts[d]!; j++, k++) {
        const id = ids[k]!;
        const [lon, lat] = pts[k] ?? pts[0]!;
        const age = Math.min(95, Math.floor(rand() * rand() * 90) + 5);
        const severeP = age >= 65 ? 0.18 : age >= 50 ? 0.07 : 0.02;
        const r1 = rand();
        const severity = r1 < severeP * 0.3 ? 'critical' : r1 < severeP ? 'severe' : r1 < severeP + 0.25 ? 'moderate' : 'mild';
        const died = severity === 'critical' ? rand() < 0.5 : severity === 'severe' ? rand() < 0.08 : false;
        const doses = d < 40 ? 0 : d < 100 ? (rand() < 0.4 ? 1 : 0) : rand() < 0.6 ? 2 : 1;
        const hh = pick(hhByWard.get(w.code)!);
        const p: SeedPerson = {
          id, code: `CA-${String(++caseNo).padStart(6, '0')}`, kind: 'case', ward: w.code, lon, lat, day, community: true, wasContact: false, age, sex: rand() < 0.5 ? 'male' : 'female',
          severity, outcome: died ? 'died' : 'recovered', outcomeOn: addDays(day, died ? 8 + Math.floor(rand() * 12) : 14 + Math.floor(rand() * 7)), doses,
          group: String(hh.props.residential_group), household: hh.naturalKey, treatment: severity === 'mild' ? 'home' : severity === 'moderate' ? (rand() < 0.6 ? 'ward_station' : 'mobile_station') : 'hospital',
        };
        // Transmission: a source among the ward's cases of 2–8 days before (the market cluster in Tân Mỹ, late July to mid-August).
        const inMarket = w.code === '27487' && day >= '2021-07-20' && day <= '2021-08-15';
        const pool: SeedPerson[] = [];
        if (inMarket && clusterMembers.length) pool.push(...clusterMembers.slice(-400));
        else for (let b = 2; b <= 8; b++) for (const c of byDay[d - b] ?? []) pool.push(c);
        const pinnedWeek = w.code === PINNED_WARD && day >= '2021-12-06' && day < '2021-12-20';
        if (pool.length && rand() < (inMarket ? 0.95 : 0.55)) {
          const src = pool[Math.floor(rand() * pool.length)]!;
          if (src.id !== p.id) {
            rels.push({ s: src.id, t: p.id, day: addDays(day, -2 - Math.floor(rand() * 3)), type: inMarket ? 'community' : pick(['household', 'household', 'community', 'workplace']), certainty: pick(['high', 'high', 'medium', 'low']), cluster: inMarket ? market : null });
            // Half of the linked cases were already contacts in quarantine (not community cases).
            if (!pinnedWeek && rand() < 0.5) {
              p.wasContact = true;
              p.community = false;
            }
          }
        }
        if (inMarket) clusterMembers.push(p);
        todays.push(p);
        persons.push(p);
      }
      byDay[d] = todays;
    }
  }

  // Contacts who did not become cases: for one case in five, one or two, followed up for 14 days.
  const contactsPlan: { src: SeedPerson; n: number }[] = [];
  for (const p of persons) if (rand() < 0.2) contactsPlan.push({ src: p, n: 1 + (rand() < 0.4 ? 1 : 0) });
  const nContacts = contactsPlan.reduce((a, c) => a + c.n, 0);
  const contactIds = await nextId(nContacts);
  const contacts: (SeedPerson & { team: number; from: string })[] = [];
  let ci = 0;
  for (const { src, n } of contactsPlan) {
    for (let j = 0; j < n; j++) {
      const id = contactIds[ci++]!;
      const exposure = addDays(src.day, -1);
      const wardTeams = teams.filter((t) => t.ward_code === src.ward);
      contacts.push({
        ...src, id, code: `CO-${String(ci).padStart(6, '0')}`, kind: 'contact', lon: src.lon + (rand() - 0.5) * 0.002, lat: src.lat + (rand() - 0.5) * 0.002, age: 5 + Math.floor(rand() * 70),
        sex: rand() < 0.5 ? 'male' : 'female', severity: '', outcome: '', outcomeOn: null, team: wardTeams[ci % wardTeams.length]!.id, from: addDays(exposure, 1), day: exposure,
      });
      rels.push({ s: src.id, t: id, day: exposure, type: pick(['household', 'household', 'workplace', 'community']), certainty: pick(['high', 'medium']), cluster: null });
    }
  }

  const identity = (p: SeedPerson) => {
    const name = `${pick(FAMILY)} ${p.sex === 'female' ? 'Thị' : pick(MIDDLE)} ${pick(GIVEN)}`;
    const phone = `09${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`;
    const idNumber = `079${String(Math.floor(rand() * 1e9)).padStart(9, '0')}`;
    const address = `${1 + Math.floor(rand() * 400)} ${pick(STREETS)}, ${p.group}`;
    const ctx = (f: string) => `epi_persons.${f}:${p.id}`;
    return { name_enc: cipher.encrypt(name, ctx('name')), phone_enc: cipher.encrypt(phone, ctx('phone')), id_number_enc: cipher.encrypt(idNumber, ctx('id_number')), address_enc: cipher.encrypt(address, ctx('address')) };
  };
  const rows = [
    ...persons.map((p) => ({
      id: p.id, outbreak_id: outbreakId, code: p.code, kind: 'case', ...identity(p), sex: p.sex, age: p.age, ward_code: p.ward, residential_group: p.group, household_key: p.household,
      lon: p.lon, lat: p.lat, classification: 'confirmed', onset_on: addDays(p.day, -2), onset_approximate: rand() < 0.3, became_case_on: p.day, confirmed_on: p.day,
      was_contact: p.wasContact, community: p.community, treatment_place: p.treatment, severity: p.severity, outcome: p.outcome, outcome_on: p.outcomeOn, vaccine_doses: p.doses,
      follow_up_status: null as string | null, follow_up_from: null as string | null, follow_up_to: null as string | null, team_id: null as number | null,
    })),
    ...contacts.map((c) => ({
      id: c.id, outbreak_id: outbreakId, code: c.code, kind: 'contact', ...identity(c), sex: c.sex, age: c.age, ward_code: c.ward, residential_group: c.group, household_key: c.household,
      lon: c.lon, lat: c.lat, classification: null, onset_on: null, onset_approximate: false, became_case_on: null, confirmed_on: null, was_contact: false, community: true,
      treatment_place: null, severity: null, outcome: null, outcome_on: null, vaccine_doses: c.doses, follow_up_status: 'completed', follow_up_from: c.from,
      follow_up_to: addDays(c.from, 13), team_id: c.team,
    })),
  ];
  for (let i = 0; i < rows.length; i += BATCH) {
    await sql`insert into epi_persons (id, outbreak_id, code, kind, name_enc, phone_enc, id_number_enc, address_enc, sex, age, ward_code, residential_group, household_key, lon, lat,
        classification, onset_on, onset_approximate, became_case_on, confirmed_on, was_contact, community, treatment_place, severity, outcome, outcome_on, vaccine_doses,
        follow_up_status, follow_up_from, follow_up_to, team_id, synthetic)
      select id, outbreak_id, code, kind, name_enc, phone_enc, id_number_enc, address_enc, sex, age, ward_code, residential_group, household_key, lon, lat,
        classification, onset_on, onset_approximate, became_case_on, confirmed_on, was_contact, community, treatment_place, severity, outcome, outcome_on, vaccine_doses,
        follow_up_status, follow_up_from, follow_up_to, team_id, true
      from jsonb_to_recordset(${JSON.stringify(rows.slice(i, i + BATCH))}::jsonb) as x(id bigint, outbreak_id bigint, code text, kind text, name_enc text, phone_enc text,
        id_number_enc text, address_enc text, sex text, age int, ward_code text, residential_group text, household_key text, lon float8, lat float8, classification text,
        onset_on date, onset_approximate boolean, became_case_on date, confirmed_on date, was_contact boolean, community boolean, treatment_place text, severity text,
        outcome text, outcome_on date, vaccine_doses int, follow_up_status text, follow_up_from date, follow_up_to date, team_id bigint)`.execute(db);
  }
  for (let i = 0; i < rels.length; i += BATCH * 2) {
    await sql`insert into epi_relationships (outbreak_id, source_id, target_id, contact_on, certainty, exposure_type, cluster_id)
      select ${outbreakId}, s, t, day, certainty, type, cluster from jsonb_to_recordset(${JSON.stringify(rels.slice(i, i + BATCH * 2))}::jsonb)
        as x(s bigint, t bigint, day date, certainty text, type text, cluster bigint)
      on conflict do nothing`.execute(db);
  }
  // Follow-up visits of the contacts (set-based): 14 a contact, most seen, some missed.
  await sql`insert into epi_follow_ups (person_id, due_on, day_index, seq, team_id, status, visited_at)
    select p.id, p.follow_up_from + (g - 1), g, 1, p.team_id,
      case when (p.id * 7 + g * 13) % 100 < 8 then 'missed' else 'seen_ok' end,
      case when (p.id * 7 + g * 13) % 100 < 8 then null else (p.follow_up_from + (g - 1))::timestamptz + interval '9 hours' end
    from epi_persons p cross join generate_series(1, 14) g where p.outbreak_id = ${outbreakId} and p.kind = 'contact'`.execute(db);
  // Lab results: each case's positive sample, each contact's negative one (positivity falls with the curve).
  await sql`insert into epi_lab_results (person_id, sampled_on, result_on, test_type, result, lab)
    select id, confirmed_on - 1, confirmed_on, case when id % 3 = 0 then 'rapid_antigen' else 'rt_pcr' end, 'positive', 'CDC TP.HCM'
      from epi_persons where outbreak_id = ${outbreakId} and kind = 'case'
    union all
    select id, follow_up_from + 6, follow_up_from + 7, 'rt_pcr', 'negative', 'CDC TP.HCM' from epi_persons where outbreak_id = ${outbreakId} and kind = 'contact'`.execute(db);

  // Vaccination, weekly and cumulative: first doses climb from July to ~95 % of adults by October, full doses ~5 weeks behind.
  const vax: ReturnType<typeof sql>[] = [];
  for (const w of DEMO_WARDS) {
    for (let d = 0; d <= DAYS; d += 7) {
      const day = addDays(START, d);
      const t = d - w.vaccineLagDays;
      const s1 = Math.min(0.96, Math.max(0.03, 1 / (1 + Math.exp(-(t - 65) / 10))));
      const s2 = Math.min(0.93, Math.max(0, 1 / (1 + Math.exp(-(t - 100) / 10))));
      for (const [g, share] of AGE_SPLIT) {
        const pop = Math.round(w.population * share);
        const ageFactor = g === '0-11' ? 0 : g === '12-17' ? (d > 120 ? 0.8 : 0) : g === '65+' ? 0.97 : 1;
        vax.push(sql`(${w.code}, ${g}, ${day}::date, ${Math.round(pop * s1 * ageFactor)}, ${Math.round(pop * s2 * ageFactor)})`);
      }
    }
  }
  await sql`insert into epi_vaccinations (ward_code, age_group, on_date, dose1, full_dose) values ${sql.join(vax)}`.execute(db);

  // Capacity: a ward station in each ward and two mobile medical stations; beds fill with the ward's active cases.
  await sql`insert into epi_capacity (station_code, station_name, station_kind, ward_code, on_date, beds, beds_used, icu, icu_used, oxygen, oxygen_available, reported_by)
    select s.code, s.name, s.kind, s.ward, d::date, s.beds,
      least(s.beds, (select count(*) from epi_persons p where p.outbreak_id = ${outbreakId} and p.kind = 'case' and p.ward_code = s.ward
        and p.treatment_place in ('ward_station', 'mobile_station') and p.confirmed_on between d::date - 10 and d::date) * s.beds / s.total_beds)::int,
      s.icu, least(s.icu, (select count(*) from epi_persons p where p.outbreak_id = ${outbreakId} and p.ward_code = s.ward and p.severity = 'critical'
        and p.confirmed_on between d::date - 10 and d::date) / 4)::int,
      s.oxygen, greatest(0, s.oxygen - (select count(*) from epi_persons p where p.outbreak_id = ${outbreakId} and p.ward_code = s.ward and p.severity in ('severe', 'critical')
        and p.confirmed_on between d::date - 7 and d::date))::int, 'demo'
    from (values ('TYT-27475', 'Trạm y tế phường Tân Hưng', 'ward_station', '27475', 70, 70, 2, 30),
                 ('TYT-27478', 'Trạm y tế phường Tân Thuận', 'ward_station', '27478', 40, 100, 2, 24),
                 ('TYLD-27478', 'Trạm y tế lưu động số 1 – Tân Thuận', 'mobile_station', '27478', 60, 100, 0, 20),
                 ('TYT-27484', 'Trạm y tế phường Phú Thuận', 'ward_station', '27484', 60, 60, 2, 24),
                 ('TYT-27487', 'Trạm y tế phường Tân Mỹ', 'ward_station', '27487', 30, 80, 1, 16),
                 ('TYLD-27487', 'Trạm y tế lưu động số 2 – Tân Mỹ', 'mobile_station', '27487', 50, 80, 0, 16))
      as s(code, name, kind, ward, beds, total_beds, icu, oxygen)
    cross join generate_series(${START}::date, '2021-12-31'::date, interval '1 day') d`.execute(db);

  // Lockdowns: ~150 m around the market cluster and a few alleys at the peak; quarantine zones around three apartment blocks.
  await sql`insert into epi_zones (outbreak_id, kind, name, starts_on, ends_on, geom, created_by)
    select ${outbreakId}, z.kind, z.name, z.starts::date, z.ends::date, ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(z.lon, z.lat), 4326)::geography, z.r)::geometry), 'demo'
    from (values ('lockdown', 'Phong tỏa khu chợ (Tân Mỹ)', '2021-07-25', '2021-08-22', 106.7240, 10.7300, 180),
                 ('lockdown', 'Phong tỏa hẻm 1 (Tân Hưng)', '2021-08-05', '2021-08-26', 106.7050, 10.7470, 120),
                 ('lockdown', 'Phong tỏa hẻm 2 (Tân Thuận)', '2021-08-10', '2021-09-05', 106.7330, 10.7540, 120),
                 ('quarantine', 'Cách ly tập trung chung cư (Phú Thuận)', '2021-08-15', '2021-09-15', 106.7420, 10.7290, 150),
                 ('quarantine', 'Cách ly khu nhà trọ (Tân Hưng)', '2021-09-01', '2021-09-21', 106.6990, 10.7420, 100))
      as z(kind, name, starts, ends, lon, lat, r)`.execute(db);

  // A welfare round for the households of the lockdowns.
  const round = (await sql<{ id: number }>`insert into epi_welfare_rounds (name, starts_on, ends_on) values ('Hỗ trợ đợt 1 (túi an sinh)', '2021-08-20', '2021-09-05') returning id`.execute(db)).rows[0]!.id;
  await sql`insert into epi_welfare_deliveries (round_id, household_key, ward_code, delivered_on, package, delivered_by)
    select ${round}, r.natural_key, r.props ->> 'ward_code', '2021-08-20'::date + (r.id % 14)::int, 'Túi an sinh 10 kg gạo và thực phẩm', 'demo'
    from v_records r where r.dataset_id = ${HOUSEHOLDS_DATASET_ID} and r.id % 3 = 0`.execute(db);

  // The dengue season of 2022: ~400 cases, May to November, no contact tracing.
  const dengueId = (await sql<{ id: number }>`insert into epi_outbreaks (code, disease, name_vi, name_en, area_codes, starts_on, ends_on, follow_up_days, follow_ups_per_day, synthetic)
    values (${DEMO_DENGUE_CODE}, 'dengue', 'Sốt xuất huyết – khu vực quận 7 cũ, 2022', 'Dengue – former District 7, 2022', ${DEMO_WARDS.map((w) => w.code)}::text[],
      '2022-05-01'::date, '2022-11-30'::date, 14, 1, true) returning id`.execute(db)).rows[0]!.id;
  await sql`insert into epi_persons (outbreak_id, code, kind, ward_code, lon, lat, classification, onset_on, became_case_on, confirmed_on, outcome, outcome_on, age, sex, treatment_place, synthetic)
    select ${dengueId}, 'SXH-' || lpad(g::text, 5, '0'), 'case', w.code, ST_X(p.geom), ST_Y(p.geom), 'confirmed', d - 2, d, d, 'recovered', d + 7,
      5 + (g * 37) % 60, case when g % 2 = 0 then 'male' else 'female' end, case when g % 5 = 0 then 'hospital' else 'home' end, true
    from (select g, ('2022-05-01'::date + (110 + round(45 * sin(g * 12.9898) * cos(g * 4.1414)))::int) as d, (array['27475','27478','27484','27487'])[1 + g % 4] as code
          from generate_series(1, 400) g) w
    cross join lateral (select (ST_Dump(ST_GeneratePoints(a.geom, 1, w.g))).geom from v_areas a where a.level = 'ward' and a.code = w.code order by a.valid_from desc limit 1) p`.execute(db);
  await sql`insert into epi_zones (outbreak_id, kind, name, starts_on, ends_on, geom, created_by)
    select ${dengueId}, 'exposure_place', z.name, z.starts::date, z.ends::date, ST_Multi(ST_Buffer(ST_SetSRID(ST_MakePoint(z.lon, z.lat), 4326)::geography, 200)::geometry), 'demo'
    from (values ('Ổ dịch SXH khu phố 3 (Tân Hưng)', '2022-08-01', '2022-09-10', 106.7010, 10.7500), ('Ổ dịch SXH khu nhà trọ (Phú Thuận)', '2022-08-20', '2022-09-30', 106.7400, 10.7300))
      as z(name, starts, ends, lon, lat)`.execute(db);

  await sql`insert into app_state (key, value) values (${STATE_KEY}, ${JSON.stringify({ cases: persons.length, contacts: contacts.length })}::jsonb) on conflict (key) do nothing`.execute(db);
  return { seeded: true, cases: persons.length, contacts: contacts.length };
}
