// Epidemics through the real HTTP API over the seeded demo: the demo's ward levels for two
// chosen weeks against a hand computation (plain SQL counts + the decisions' text) under both
// rule versions; cases and contacts (identities masked per role, reads audited, exports with a
// purpose); follow-up and the supervisor's day; chains with codes only; a contact turning into a
// case raising the ward's level with an alert; green certificates verified publicly without
// identity; zones counted from the data hub; one welfare delivery per household and round.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { Certificate, ChainGraph, ChainsAnswer, Dashboard, GreenList, Outbreak, Person, PersonDetail, PersonList, PublicCertificate, SupervisorDay, WardLevelsAnswer, Zone } from '../../../../shared/contracts/epidemics.ts';

let s: TestServer;
const tokens: Record<string, string> = {};
let outbreak: Outbreak;

async function call<T>(user: string | null, path: string, init: { method?: string; json?: unknown } = {}, status = 200): Promise<T> {
  const res = await s.api(path, { ...init, token: user ? tokens[user] : undefined });
  const text = await res.text();
  expect(res.status, `${init.method ?? 'GET'} ${path} as ${user}: ${text}`).toBe(status);
  return (text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text) as T;
}

beforeAll(async () => {
  s = await startTestServer();
  for (const u of ['admin', 'leader', 'operator', 'officer']) tokens[u] = await s.login(u);
  const list = await call<Outbreak[]>('operator', '/api/epidemics/outbreaks');
  outbreak = list.find((o) => o.code === 'COVID19-Q7-2021')!;
  expect(outbreak).toBeTruthy();
}, 180_000);
afterAll(async () => s?.close());

/** The level by the decisions' text, from plain SQL counts: independent of the module's code. */
async function handLevel(ward: string, week: string, rule: '4800' | '218'): Promise<{ level: number; incidence: number }> {
  const db = s.ctx.db.kysely;
  const one = async <T>(q: ReturnType<typeof sql<T>>) => (await q.execute(db)).rows[0]!;
  const pop = await one(sql<{ total: number; adults: number }>`select sum(population)::int as total, sum(population) filter (where age_group in ('18-49','50-64','65+'))::int as adults
    from epi_populations where ward_code = ${ward}`);
  const cases = await one(sql<{ cw: number; cp: number; aw: number; deaths: number }>`select
      count(*) filter (where community and confirmed_on >= ${week}::date and confirmed_on < ${week}::date + 7)::int as cw,
      count(*) filter (where community and confirmed_on >= ${week}::date - 7 and confirmed_on < ${week}::date)::int as cp,
      count(*) filter (where confirmed_on >= ${week}::date and confirmed_on < ${week}::date + 7)::int as aw,
      (select count(*)::int from epi_persons d where d.ward_code = ${ward} and d.outcome = 'died' and d.outcome_on >= ${week}::date and d.outcome_on < ${week}::date + 7
         and d.outbreak_id in (select id from epi_outbreaks where disease = 'covid-19')) as deaths
    from epi_persons where ward_code = ${ward} and kind = 'case' and classification = 'confirmed' and outbreak_id in (select id from epi_outbreaks where disease = 'covid-19')`);
  const vax = await one(sql<{ d1: number; full: number }>`select coalesce(sum(dose1), 0)::int as d1, coalesce(sum(full_dose), 0)::int as full from (
      select distinct on (age_group) dose1, full_dose, age_group from epi_vaccinations where ward_code = ${ward} and on_date < ${week}::date + 7
      and age_group in ('18-49','50-64','65+') order by age_group, on_date desc) v`);
  const beds = await one(sql<{ beds: number | null; used: number | null }>`select sum(beds)::int as beds, sum(beds_used)::int as used from (
      select distinct on (station_code) beds, beds_used from epi_capacity where ward_code = ${ward} and on_date >= ${week}::date and on_date < ${week}::date + 7
      order by station_code, on_date desc) k`);
  const occupancy = beds.beds ? beds.used! / beds.beds : null;
  let incidence: number;
  let level: number;
  const band = (x: number) => (x >= 150 ? 4 : x >= 50 ? 3 : x >= 20 ? 2 : 1);
  if (rule === '4800') {
    // HCMC: (community cases of two consecutive weeks ÷ 2) ÷ population × 100,000.
    incidence = (((cases.cw + cases.cp) / 2) * 100_000) / pop.total;
    level = band(incidence);
    if (vax.d1 / pop.adults < 0.7) level++;
    if (occupancy !== null && occupancy >= 0.9) level++;
  } else {
    incidence = (cases.aw * 100_000) / pop.total;
    level = band(incidence);
    if (vax.full / pop.adults < 0.7) level++;
    if ((cases.deaths * 100_000) / pop.total > 6) level++;
    if (occupancy !== null && occupancy >= 0.9) level++;
  }
  return { level: Math.min(4, level), incidence };
}

describe('ward levels of the demo equal a hand computation', () => {
  for (const week of ['2021-08-23', '2021-12-13']) {
    for (const rule of ['4800', '218'] as const) {
      it(`week of ${week} under Decision ${rule}`, async () => {
        const answer = await call<WardLevelsAnswer>('leader', `/api/epidemics/levels?week=${week}&rule=${rule}`);
        expect(answer.levels.map((l) => l.wardCode).sort()).toEqual(['27475', '27478', '27484', '27487']);
        for (const l of answer.levels) {
          const hand = await handLevel(l.wardCode, week, rule);
          expect(l.level, `${l.wardCode} ${week} ${rule}`).toBe(hand.level);
          expect(l.figures.incidence).toBeCloseTo(hand.incidence, 6);
        }
      });
    }
  }
  it('the figures are those the text gives: Tân Mỹ, week of 13/12/2021, 4800 — (14 + 13) ÷ 2 ÷ 72,000 × 100,000 = 18.75 → level 1', async () => {
    const answer = await call<WardLevelsAnswer>('leader', '/api/epidemics/levels?week=2021-12-13&rule=4800');
    const tm = answer.levels.find((l) => l.wardCode === '27487')!;
    expect(tm.figures).toMatchObject({ population: 72_000, casesWeek: 13, casesPrevWeek: 14, incidence: 18.75 });
    expect(tm.level).toBe(1);
    expect(tm.wardName).toBe('Tân Mỹ');
    // Levels change over the demo: the peak week is red somewhere.
    const peak = await call<WardLevelsAnswer>('leader', '/api/epidemics/levels?week=2021-08-23&rule=4800');
    expect(Math.max(...peak.levels.map((l) => l.level))).toBe(4);
    const history = await call<{ level: number; ruleCode: string; weekStart: string }[]>('leader', '/api/epidemics/levels/27487/history');
    expect(new Set(history.map((h) => h.level)).size).toBeGreaterThanOrEqual(3);
    expect(history.filter((h) => h.weekStart >= '2022-01-31').every((h) => h.ruleCode === '218')).toBe(true);
  });
});

describe('cases, contacts, masking, audit', () => {
  let caseP: Person;
  const contacts: Person[] = [];
  it('records a case and two contacts (follow-up scheduled and assigned), masked per role, every read audited', async () => {
    caseP = await call<Person>('operator', `/api/epidemics/outbreaks/${outbreak.id}/cases`, {
      method: 'POST', json: { name: 'Trần Thị Kiểm Thử', phone: '0901234567', idNumber: '079123456789', address: '12 Lê Văn Lương, Tân Mỹ', classification: 'confirmed', confirmedOn: '2021-12-15', onsetOn: '2021-12-13', onsetApproximate: true, lon: 106.7240, lat: 10.7300, treatmentPlace: 'home', vaccineDoses: 2 },
    }, 201);
    expect(caseP).toMatchObject({ kind: 'case', wardCode: '27487', name: 'Trần Thị Kiểm Thử', masked: false });
    for (const [name, exposure] of [['Lê Văn Một', 'household'], ['Phạm Thị Hai', 'workplace']] as const) {
      contacts.push(await call<Person>('operator', `/api/epidemics/outbreaks/${outbreak.id}/contacts`, {
        method: 'POST', json: { name, phone: '0909000111', sourceCode: caseP.code, exposureType: exposure, contactOn: '2021-12-14', certainty: 'high', lon: 106.7245, lat: 10.7305 },
      }, 201));
    }
    expect(contacts.map((c) => c.followUpStatus)).toEqual(['under_follow_up', 'under_follow_up']);
    expect(contacts[0]!.followUpFrom).toBe('2021-12-15');
    expect(contacts[0]!.followUpTo).toBe('2021-12-28');
    expect(contacts[0]!.teamId).not.toBe(contacts[1]!.teamId); // round-robin over the ward's two teams

    // Stored encrypted: the database never holds the name in clear.
    const raw = (await sql<{ name_enc: string }>`select name_enc from epi_persons where id = ${caseP.id}`.execute(s.ctx.db.kysely)).rows[0]!;
    expect(raw.name_enc).not.toContain('Kiểm');
    expect(raw.name_enc.startsWith('v1.')).toBe(true);

    const asOperator = await call<PersonDetail>('operator', `/api/epidemics/persons/${contacts[0]!.id}`);
    expect(asOperator.person).toMatchObject({ name: 'Lê Văn Một', phone: '0909000111', masked: false });
    expect(asOperator.followUps).toHaveLength(14);
    expect(asOperator.exposures[0]).toMatchObject({ sourceCode: caseP.code, exposureType: 'household' });
    for (const role of ['leader', 'officer']) {
      const d = await call<PersonDetail>(role, `/api/epidemics/persons/${caseP.id}`);
      expect(d.person).toMatchObject({ name: 'T. T. K. T***', phone: '*******567', idNumber: '*********789', masked: true, lon: null });
    }
    const list = await call<PersonList>('admin', `/api/epidemics/outbreaks/${outbreak.id}/persons?code=${caseP.code}`);
    expect(list.persons[0]!.name).toBe('T. T. K. T***');
    const audit = await call<{ entries: { action: string; actor: string; targetId: string | null }[] }>('admin', `/api/audit?targetType=epi_person&targetId=${caseP.id}&limit=50`);
    const actions = audit.entries.map((e) => `${e.actor}:${e.action}`);
    expect(actions).toEqual(expect.arrayContaining(['leader:epidemics.person_read_masked', 'officer:epidemics.person_read_masked', 'operator:epidemics.case.create']));
    expect((await call<{ entries: unknown[] }>('admin', `/api/audit?action=epidemics.person_read&targetId=${contacts[0]!.id}&limit=5`)).entries).toHaveLength(1);
  });

  it('exports only with a purpose, recorded; identities only for the roles that need them', async () => {
    await call('operator', `/api/epidemics/outbreaks/${outbreak.id}/export?purpose=x`, {}, 400);
    await call('leader', `/api/epidemics/outbreaks/${outbreak.id}/export?purpose=B%C3%A1o%20c%C3%A1o%20S%E1%BB%9F%20Y%20t%E1%BA%BF`, {}, 403);
    const csv = await call<string>('operator', `/api/epidemics/outbreaks/${outbreak.id}/export?purpose=${encodeURIComponent('Chuyển danh sách F1 cho CDC')}`);
    expect(csv).toContain('Trần Thị Kiểm Thử');
    const audit = await call<{ entries: { action: string; details: { purpose?: string } }[] }>('admin', '/api/audit?action=epidemics.personal_export&limit=5');
    expect(audit.entries[0]!.details.purpose).toBe('Chuyển danh sách F1 cho CDC');
  });

  it('the supervisor\'s day per team: due, visited, missed, lost', async () => {
    const detail = await call<PersonDetail>('operator', `/api/epidemics/persons/${contacts[1]!.id}`);
    const first = detail.followUps.find((f) => f.dueOn === '2021-12-15')!;
    await call('officer', `/api/epidemics/follow-ups/${first.id}`, { method: 'POST', json: { status: 'seen_ok' } });
    const day = await call<SupervisorDay>('leader', `/api/epidemics/outbreaks/${outbreak.id}/supervisor?day=2021-12-15`);
    const teamsOf = (id: number) => day.teams.find((t) => t.contacts.some((c) => c.personId === id))!;
    expect(teamsOf(contacts[1]!.id)).toMatchObject({ due: 1, visited: 1 });
    expect(teamsOf(contacts[0]!.id)).toMatchObject({ due: 1, pending: 1, visited: 0 });
    // Five days on, contact 0 has never been seen (since 14/12): lost; contact 1 was seen on 15/12: 4 days > 3 → lost too.
    const later = await call<SupervisorDay>('leader', `/api/epidemics/outbreaks/${outbreak.id}/supervisor?day=2021-12-19`);
    const c0 = later.teams.flatMap((t) => t.contacts).find((c) => c.personId === contacts[0]!.id)!;
    expect(c0).toMatchObject({ lost: true, visitsDone: 0, visitsMissed: 4, daysLeft: 9 });
  });

  it('chains carry codes only; a contact turning into a case raises the ward\'s level, with an alert', async () => {
    const graph = await call<ChainGraph>('leader', `/api/epidemics/outbreaks/${outbreak.id}/graph?member=${caseP.code}`);
    expect(graph.nodes.map((n) => n.code).sort()).toEqual([caseP.code, contacts[0]!.code, contacts[1]!.code].sort());
    expect(graph.edges).toHaveLength(2);
    const text = JSON.stringify(graph);
    for (const secret of ['Kiểm Thử', 'Lê Văn Một', '0909000111', '079123456789']) expect(text).not.toContain(secret);

    // 27 + 1 = 28 community cases in two weeks: 19.44 → still level 1.
    let lv = await call<WardLevelsAnswer>('leader', '/api/epidemics/levels?week=2021-12-13&rule=4800');
    expect(lv.levels.find((l) => l.wardCode === '27487')).toMatchObject({ level: 1, figures: { casesWeek: 14 } });
    const converted = await call<Person>('operator', `/api/epidemics/persons/${contacts[0]!.id}/convert`, { method: 'POST', json: { classification: 'confirmed', confirmedOn: '2021-12-16' } });
    expect(converted).toMatchObject({ kind: 'case', code: contacts[0]!.code, wasContact: true, followUpStatus: 'became_case', confirmedOn: '2021-12-16' });
    lv = await call<WardLevelsAnswer>('leader', '/api/epidemics/levels?week=2021-12-13&rule=4800');
    const tm = lv.levels.find((l) => l.wardCode === '27487')!;
    expect(tm.figures.incidence).toBeCloseTo((29 / 2 / 72_000) * 100_000, 9); // 20.14
    expect(tm.level).toBe(2);
    const alerts = await call<{ alerts: { titleVi: string; areaCode: string | null; category: string }[] }>('leader', '/api/alerts?limit=50');
    expect(alerts.alerts.find((a) => a.areaCode === '27487' && a.titleVi.includes('cấp 2'))).toMatchObject({ category: 'Health' });
    const mine = await call<ChainsAnswer>('leader', `/api/epidemics/outbreaks/${outbreak.id}/chains?day=2021-12-16&member=${contacts[1]!.code}`);
    expect(mine.chains).toEqual([expect.objectContaining({ rootCode: caseP.code, size: 3, cases: 2, contacts: 1, generations: 2, active: true, firstCaseOn: '2021-12-15', lastCaseOn: '2021-12-16' })]);
    const chains = await call<ChainsAnswer>('leader', `/api/epidemics/outbreaks/${outbreak.id}/chains?day=2021-12-16`);
    expect(chains.summary.chains).toBeGreaterThan(100);
    expect(chains.summary.activeChains).toBeGreaterThan(0);
    // The market cluster is a chain of hundreds.
    expect(chains.chains[0]!.size).toBeGreaterThan(200);
  });
});

describe('green certificates, places, dashboard, welfare', () => {
  it('issues a certificate only for a green household; the public check shows no identity', async () => {
    const list = await call<GreenList>('leader', '/api/epidemics/green/household?day=2021-12-20');
    expect(list.green + list.notGreen).toBe(800);
    const notGreen = list.subjects.find((x) => !x.green)!;
    expect(notGreen.daysClear === null || notGreen.daysClear < 7 || notGreen.activeCases > 0).toBe(true);
    const green = list.subjects.find((x) => x.green && x.subjectKey !== 'HGD-27475-0002')!;
    // A case confirmed today in a household: not green today, so no certificate.
    await call('operator', `/api/epidemics/outbreaks/${outbreak.id}/cases`, { method: 'POST', json: { name: 'Hộ có ca', classification: 'confirmed', householdKey: 'HGD-27475-0002', wardCode: '27475' } }, 201);
    expect((await call<GreenList>('leader', '/api/epidemics/green/household?key=HGD-27475-0002')).subjects[0]).toMatchObject({ green: false, activeCases: 1 });
    await call('operator', '/api/epidemics/green/household/certificates', { method: 'POST', json: { key: 'HGD-27475-0002' } }, 409);
    const cert = await call<Certificate>('operator', '/api/epidemics/green/household/certificates', { method: 'POST', json: { key: green.subjectKey } }, 201);
    expect(cert.qrSvg).toContain('<svg');
    expect(cert.verifyPath).toBe(`/xac-minh-xanh/${cert.token}`);
    const pub = await call<PublicCertificate>(null, `/api/epidemics/public/certificates/${cert.token}`);
    expect(pub).toMatchObject({ subjectKind: 'household', status: 'valid', label: green.subjectKey });
    const heads = (await sql<{ head: string }>`select props ->> 'head_name' as head from records where dataset_id = 'households' and natural_key = ${green.subjectKey}`.execute(s.ctx.db.kysely)).rows;
    expect(JSON.stringify(pub)).not.toContain(heads[0]!.head);
    await call(null, '/api/epidemics/public/certificates/nope', {}, 404);
  });

  it('zones count the households and people inside from the data hub', async () => {
    const zones = await call<Zone[]>('leader', '/api/epidemics/zones?day=2021-08-20');
    expect(zones.length).toBeGreaterThanOrEqual(3);
    expect(zones.reduce((a, z) => a + z.households, 0)).toBeGreaterThan(0);
    const z = zones.find((x) => x.households > 0)!;
    const hand = (await sql<{ n: number; p: number }>`select count(*)::int as n, coalesce(sum((props ->> 'members')::int), 0)::int as p from records r, epi_zones z
      where z.id = ${z.id} and r.dataset_id = 'households' and ST_Intersects(r.geom, z.geom)`.execute(s.ctx.db.kysely)).rows[0]!;
    expect([z.households, z.people]).toEqual([hand.n, hand.p]);
    const made = await call<Zone>('officer', '/api/epidemics/zones', { method: 'POST', json: { kind: 'quarantine', name: 'Khu cách ly thử', startsOn: '2021-12-16', geometry: { type: 'Polygon', coordinates: [[[106.70, 10.72], [106.75, 10.72], [106.75, 10.76], [106.70, 10.76], [106.70, 10.72]]] } } }, 201);
    expect(made.households).toBeGreaterThan(0);
  });

  it('the dashboard: cases per day, 7-day rate, positivity, follow-up, capacity, coverage, levels', async () => {
    const d = await call<Dashboard>('leader', `/api/epidemics/outbreaks/${outbreak.id}/dashboard?day=2021-08-25`);
    expect(d.daily.length).toBeGreaterThan(60);
    const last7 = d.daily.filter((x) => x.day > '2021-08-18').reduce((a, x) => a + x.cases, 0);
    expect(d.rate7dPer100k).toBeCloseTo(Math.round((last7 / 366_000) * 100_000 * 10) / 10, 1);
    expect(d.positivity7d).toBeGreaterThan(0);
    expect(d.capacity.beds).toBeGreaterThan(0);
    expect(d.wards.every((w) => w.level !== null)).toBe(true);
    expect(d.coverage.length).toBe(20);
    // The heat map of the last 7 days: the same cases, positions rounded to 1/500 degree.
    const heat = await call<{ points: [number, number][] }>('leader', `/api/epidemics/outbreaks/${outbreak.id}/heat?day=2021-08-25&days=7`);
    expect(heat.points.length).toBe(last7);
    expect(heat.points.every(([x, y]) => Math.abs(x * 500 - Math.round(x * 500)) < 1e-6 && Math.abs(y * 500 - Math.round(y * 500)) < 1e-6)).toBe(true);
  });

  it('no household is served twice in a welfare round', async () => {
    const { id } = await call<{ id: number }>('operator', '/api/epidemics/welfare/rounds', { method: 'POST', json: { name: 'Đợt thử', startsOn: '2021-12-16' } }, 201);
    await call('officer', `/api/epidemics/welfare/rounds/${id}/deliveries`, { method: 'POST', json: { householdKey: 'HGD-27487-0001', deliveredOn: '2021-12-16', package: 'Túi an sinh' } });
    await call('officer', `/api/epidemics/welfare/rounds/${id}/deliveries`, { method: 'POST', json: { householdKey: 'HGD-27487-0001', deliveredOn: '2021-12-17', package: 'Túi an sinh' } }, 409);
  });

  it('rule sets are versioned data: a new revision is kept beside the old one', async () => {
    const sets = await call<{ code: string; revision: number; rules: { incidence: { bands: number[] } } }[]>('leader', '/api/epidemics/level-rules');
    const d4800 = sets.find((x) => x.code === '4800')!;
    expect(d4800.rules.incidence.bands).toEqual([20, 50, 150]);
    await call('operator', '/api/epidemics/level-rules/4800', { method: 'PUT', json: { ...d4800, rules: d4800.rules } }, 403);
    const saved = await call<{ revision: number }>('admin', '/api/epidemics/level-rules/4800', { method: 'PUT', json: { titleVi: 'QĐ 4800 (sửa)', titleEn: '4800 (edited)', disease: 'covid-19', validFrom: '2021-01-01', rules: { ...d4800.rules, incidence: { ...d4800.rules.incidence, bands: [10, 50, 150] } } } });
    expect(saved.revision).toBe(d4800.revision + 1);
    expect((await call<unknown[]>('leader', '/api/epidemics/level-rules/4800/revisions')).length).toBe(d4800.revision + 1);
  });
});

describe('a closed outbreak is anonymised on schedule (Law 91/2025)', () => {
  it('closing is for managers; after EPI_ANONYMISE_AFTER_DAYS the retention run removes identities and keeps the figures', async () => {
    const made = async (code: string) => {
      const o = await call<Outbreak>('operator', '/api/epidemics/outbreaks', {
        method: 'POST', json: { code, disease: 'dengue', nameVi: `Sốt xuất huyết ${code}`, nameEn: `Dengue ${code}`, areaCodes: ['27487'], startsOn: '2023-06-01', followUpDays: 7, followUpsPerDay: 1 },
      }, 201);
      const p = await call<Person>('operator', `/api/epidemics/outbreaks/${o.id}/cases`, {
        method: 'POST', json: { name: 'Nguyễn Văn Ẩn Danh', phone: '0907654321', idNumber: '079200000001', address: '5 Nguyễn Thị Thập', classification: 'confirmed', confirmedOn: '2023-06-10', lon: 106.72345, lat: 10.73456 },
      }, 201);
      return { o, p };
    };
    const closedOne = await made('SXH-ANON-1');
    const openOne = await made('SXH-ANON-2');
    await call('leader', `/api/epidemics/outbreaks/${closedOne.o.id}`, { method: 'PATCH', json: { closed: true } }, 403);
    expect((await call<Outbreak>('operator', `/api/epidemics/outbreaks/${closedOne.o.id}`, { method: 'PATCH', json: { closed: true } })).closed).toBe(true);
    // Closed long enough ago (the default is 365 days).
    await sql`update epi_outbreaks set closed_at = ${new Date(s.ctx.clock.now().getTime() - 400 * 86_400_000)} where id = ${closedOne.o.id}`.execute(s.ctx.db.kysely);

    const ran = await s.api('/api/retention/run', { method: 'POST', token: tokens.admin });
    expect(ran.status).toBe(200);
    const policy = ((await ran.json()) as { policies: { kind: string; lastRun: { changed: number; error: string | null } | null }[] }).policies.find((p) => p.kind === 'epidemics-closed-outbreaks');
    expect(policy?.lastRun).toMatchObject({ error: null });
    expect(policy!.lastRun!.changed).toBeGreaterThanOrEqual(1);

    const row = async (id: number) => (await sql<{ name_enc: string | null; phone_enc: string | null; id_number_enc: string | null; address_enc: string | null; lon: number; lat: number; code: string; ward_code: string; confirmed_on: string }>`
      select name_enc, phone_enc, id_number_enc, address_enc, lon, lat, code, ward_code, confirmed_on::text as confirmed_on from epi_persons where id = ${id}`.execute(s.ctx.db.kysely)).rows[0]!;
    const gone = await row(closedOne.p.id);
    expect(gone).toMatchObject({ name_enc: null, phone_enc: null, id_number_enc: null, address_enc: null, lon: 106.723, lat: 10.735, code: closedOne.p.code, ward_code: '27487', confirmed_on: '2023-06-10' });
    // Even the roles that see identities now see none; the case still counts.
    expect((await call<PersonDetail>('operator', `/api/epidemics/persons/${closedOne.p.id}`)).person).toMatchObject({ name: null, phone: null, code: closedOne.p.code });
    expect((await call<PersonList>('admin', `/api/epidemics/outbreaks/${closedOne.o.id}/persons`)).persons).toHaveLength(1);
    // The outbreak that is still open keeps its people as they were.
    expect((await row(openOne.p.id)).name_enc).not.toBeNull();
    expect((await call<PersonDetail>('operator', `/api/epidemics/persons/${openOne.p.id}`)).person.name).toBe('Nguyễn Văn Ẩn Danh');
  });
});
