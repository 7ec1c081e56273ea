import { PAGE_PATTERNS } from '../../../../shared/routes.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import { DEMO_COUNTS } from '../datasets/index.ts';
import type { KpiDefinition, KpiDetail, KpiDrilldown, KpiListItem, NotificationPreferences } from '../../../../shared/contracts/kpis.ts';

/** The page pattern a link lands on (query string aside), or null when no page is mounted there. */
function mountedPattern(link: string): string | null {
  const path = link.split('?')[0]!;
  return Object.values(PAGE_PATTERNS).find((p) => new RegExp(`^${p.replace(/:[a-zA-Z]+/g, '[^/]+')}$`).test(path)) ?? null;
}

let s: TestServer;
let admin: string;
let leader: string;
beforeAll(async () => {
  s = await startTestServer();
  admin = await s.login('admin');
  leader = await s.login('leader');
}, 120_000);
afterAll(() => s?.close());

const json = async <T>(res: Response) => {
  if (!res.ok) throw new Error(`${res.status} ${await res.text()}`);
  return (await res.json()) as T;
};
const D7_NEW = ['27475', '27478', '27484', '27487'];

describe('KPI values over the data hub', () => {
  it('lists the built-in KPIs of every domain with values equal to the demo counts', async () => {
    const { kpis } = await json<{ kpis: KpiListItem[] }>(await s.api('/api/kpis', { token: leader }));
    const byId = new Map(kpis.map((k) => [k.definition.id, k]));
    expect(new Set(kpis.map((k) => k.definition.domain))).toEqual(new Set([
      'economy', 'urban', 'environment', 'health', 'public-order-traffic', 'education', 'tourism', 'public-services', 'citizen-feedback', 'live-operations', 'direction',
    ]));
    expect(byId.get('household-businesses')!.current!.value).toBe(DEMO_COUNTS['household-businesses']);
    expect(byId.get('enterprises')!.current!.value).toBe(DEMO_COUNTS.enterprises);
    expect(byId.get('food-service-licensed')!.current!.value).toBe(DEMO_COUNTS['food-service-businesses']);
    expect(byId.get('security-cameras')!.current!.value).toBe(DEMO_COUNTS['security-cameras']);
    const share = byId.get('cameras-online')!.current!;
    expect(share.value).toBeGreaterThan(80);
    expect(share.value).toBeLessThanOrEqual(100);
    expect(['green', 'amber', 'red']).toContain(share.status);
  });

  it('gives each KPI a drill-down whose total equals the count behind the value', async () => {
    const { kpis } = await json<{ kpis: KpiListItem[] }>(await s.api('/api/kpis', { token: leader }));
    for (const k of kpis.filter((x) => x.available)) {
      for (const q of ['', '?area=27478', '?area=27466&scheme=vn2008']) {
        const d = await json<KpiDetail>(await s.api(`/api/kpis/${k.definition.id}${q}`, { token: leader }));
        const dd = await json<KpiDrilldown>(await s.api(`/api/kpis/${k.definition.id}/drilldown${q}${q ? '&' : '?'}limit=5`, { token: leader }));
        expect(dd.total, `${k.definition.id}${q}`).toBe(d.count);
        if (k.definition.computation.source === 'records' && k.definition.computation.agg === 'count') expect(dd.total).toBe(d.value);
        expect(dd.items.length).toBe(Math.min(5, dd.total));
        // Every link is an address a page is mounted on (shared/routes.ts; issue 20, defect 1).
        for (const it of dd.items) expect(mountedPattern(it.link), `${k.definition.id}: ${it.link}`).not.toBeNull();
        if (dd.listLink) expect(mountedPattern(dd.listLink), dd.listLink).not.toBeNull();
        if (k.definition.computation.source === 'sensors') for (const it of dd.items) expect(it.link).toMatch(/^\/sensors\/[^/]+$/);
      }
    }
  });

  it('re-aggregates to the 2025 wards and to the former wards with the same totals', async () => {
    for (const id of ['household-businesses', 'enterprises', 'schools', 'new-enterprises']) {
      const now = await json<KpiDetail>(await s.api(`/api/kpis/${id}?scheme=vn2025`, { token: leader }));
      const old = await json<KpiDetail>(await s.api(`/api/kpis/${id}?scheme=vn2008`, { token: leader }));
      expect(now.byArea.map((a) => a.code)).toEqual(D7_NEW);
      expect(old.byArea).toHaveLength(10);
      const sum = (xs: { count: number }[]) => xs.reduce((t, x) => t + x.count, 0);
      expect(sum(now.byArea), id).toBe(now.count);
      expect(sum(old.byArea), id).toBe(old.count);
      // The former district (vn2008 778) holds the same records as the four new wards.
      const district = await json<KpiDetail>(await s.api(`/api/kpis/${id}?scheme=vn2008&area=778`, { token: leader }));
      expect(district.count).toBe(now.count);
      // One new ward equals the former wards it was formed from (27484 Phú Thuận ← 27484 + part of 27493 is partial; 27475 is whole).
      const tanHung = await json<KpiDetail>(await s.api(`/api/kpis/${id}?area=27475`, { token: leader }));
      const partsOfTanHung = ['27490', '27481', '27472', '27475'];
      const fromOld = old.byArea.filter((a) => partsOfTanHung.includes(a.code)).reduce((t, a) => t + a.count, 0);
      expect(Math.abs(fromOld - tanHung.count) / tanHung.count).toBeLessThan(0.1);
    }
  });

  it('counts a flow KPI in a period, with the previous period and a yearly trend', async () => {
    const d = await json<KpiDetail>(await s.api('/api/kpis/new-enterprises?from=2024-01-01&to=2024-12-31&compare=previous', { token: leader }));
    expect(d.period).toEqual({ from: '2024-01-01', to: '2024-12-31' });
    expect(d.value).toBeGreaterThan(500);
    expect(d.previous!.period).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(d.previous!.value).toBeGreaterThan(500);
    expect(d.trend.length).toBeGreaterThanOrEqual(10);
    expect(d.trend.at(-1)).toEqual({ t: '2024-01-01', value: d.value });
    const dd = await json<KpiDrilldown>(await s.api('/api/kpis/new-enterprises/drilldown?from=2024-01-01&to=2024-12-31', { token: leader }));
    expect(dd.total).toBe(d.value);
    expect(dd.listLink).toBe('/data/enterprises');
    expect(d.byCategory.reduce((t, c) => t + c.count, 0)).toBe(d.value);
  });

  it('gives each category of an enum field its English label, and keeps the stored value', async () => {
    const d = await json<KpiDetail>(await s.api('/api/kpis/schools', { token: leader }));
    const preschool = d.byCategory.find((c) => c.category === 'Mầm non');
    expect(preschool).toMatchObject({ category: 'Mầm non', labelEn: 'Preschool' });
    expect(d.byCategory.every((c) => typeof c.labelEn === 'string' && c.labelEn !== c.category)).toBe(true);
    const decl = await json<{ fields: { name: string; values?: string[]; valuesEn?: string[] }[] }>(await s.api('/api/datasets/schools', { token: leader }));
    const level = decl.fields.find((f) => f.name === 'level')!;
    expect(level.valuesEn![level.values!.indexOf('Tiểu học')]).toBe('Primary');
  });

  it('keeps the category breakdown with its cube: a new record moves it with the value', async () => {
    const url = '/api/kpis/convenience-stores';
    const brand = (x: KpiDetail) => x.byCategory.find((c) => c.category === 'Ministop')?.count ?? 0;
    const before = await json<KpiDetail>(await s.api(url, { token: leader }));
    expect(before.byCategory.reduce((t, c) => t + c.count, 0)).toBe(before.value);
    expect(await json<KpiDetail>(await s.api(url, { token: leader }))).toMatchObject({ value: before.value, byCategory: before.byCategory });
    const created = await s.api('/api/datasets/convenience-stores/records', {
      token: admin, method: 'POST',
      json: { properties: { code: 'CH-KPI-1', name: 'Ministop KPI', address: '1 Huỳnh Tấn Phát', brand: 'Ministop' }, geometry: { type: 'Point', coordinates: [106.7275, 10.7530] } },
    });
    if (created.status !== 201) throw new Error(await created.text());
    let after = before;
    const deadline = Date.now() + 5000;
    while (after.value === before.value && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await json<KpiDetail>(await s.api(url, { token: leader }));
    }
    expect(after.value).toBe(before.value! + 1);
    expect(brand(after)).toBe(brand(before) + 1);
    expect(after.byCategory.reduce((t, c) => t + c.count, 0)).toBe(after.value);
  });

  it('follows a record change (new record → the value and the drill-down move)', async () => {
    const before = await json<KpiDetail>(await s.api('/api/kpis/pharmacies?area=27478', { token: leader }));
    const created = await s.api('/api/datasets/pharmacies/records', {
      token: admin, method: 'POST',
      json: { properties: { code: 'NT-KPI-1', name: 'Nhà thuốc KPI', address: '1 Huỳnh Tấn Phát', pharmacist: 'DS. A' }, geometry: { type: 'Point', coordinates: [106.7275, 10.7530] } },
    });
    if (created.status !== 201) throw new Error(await created.text());
    let after = before;
    const deadline = Date.now() + 5000;
    while (after.value === before.value && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 200));
      after = await json<KpiDetail>(await s.api('/api/kpis/pharmacies?area=27478', { token: leader }));
    }
    expect(after.value).toBe((before.value ?? 0) + 1);
    const dd = await json<KpiDrilldown>(await s.api('/api/kpis/pharmacies/drilldown?area=27478&limit=1000', { token: leader }));
    expect(dd.total).toBe(after.value);
    expect(dd.items.map((i) => i.label)).toContain('Nhà thuốc KPI');
  });

  it('answers every KPI of a dashboard in one request, each equal to its own detail', async () => {
    const q = 'scheme=vn2008&area=778&from=2020-01-01&to=2020-12-31';
    const { details } = await json<{ details: (KpiDetail | { id: string; error: string })[] }>(await s.api(`/api/kpis/details?dashboard=overview&${q}`, { token: leader }));
    const { widgets } = await json<{ widgets: { kpiId?: string }[] }>(await s.api('/api/dashboards/overview', { token: leader }));
    expect(details.map((d) => d.id).sort()).toEqual([...new Set(widgets.map((w) => w.kpiId).filter(Boolean))].sort());
    for (const d of details) {
      if ('error' in d) throw new Error(`${d.id}: ${d.error}`);
      const one = await json<KpiDetail>(await s.api(`/api/kpis/${d.id}?${q}`, { token: leader }));
      expect({ id: d.id, value: d.value, count: d.count, byArea: d.byArea, trend: d.trend }).toEqual({ id: one.id, value: one.value, count: one.count, byArea: one.byArea, trend: one.trend });
    }
    const byIds = await json<{ details: KpiDetail[] }>(await s.api('/api/kpis/details?ids=enterprises,schools', { token: leader }));
    expect(byIds.details.map((d) => [d.id, d.value])).toEqual([['enterprises', DEMO_COUNTS.enterprises], ['schools', expect.any(Number)]]);
    expect((await s.api('/api/kpis/details?ids=enterprises&area=nowhere', { token: leader })).status).toBe(400);
    expect((await s.api('/api/kpis/details?dashboard=no-such-dashboard', { token: leader })).status).toBe(404);
    expect((await s.api('/api/kpis/details?ids=enterprises')).status).toBe(401);
  });

  it('rejects a bad area or period with a clear error', async () => {
    const r1 = await s.api('/api/kpis/enterprises?area=99999', { token: leader });
    expect(r1.status).toBe(400);
    expect(((await r1.json()) as { message: string }).message).toMatch(/no area with code 99999/);
    const r2 = await s.api('/api/kpis/new-enterprises?from=2025-01-01&to=2024-01-01', { token: leader });
    expect(r2.status).toBe(400);
    expect((await s.api('/api/kpis/nope', { token: leader })).status).toBe(404);
    expect((await s.api('/api/kpis')).status).toBe(401);
  });
});

describe('officers see area KPIs over their own wards', () => {
  // The demo officer acts for ward 27475 (2025 units), formed wholly from four former wards.
  it('gives the officer the value of their ward, a drill-down equal to it, and 403 for another ward', async () => {
    const officer = await s.login('officer');
    for (const id of ['enterprises', 'new-enterprises', 'enterprises-active-share', 'household-business-density']) {
      const asLeader = await json<KpiDetail>(await s.api(`/api/kpis/${id}?area=27475`, { token: leader }));
      const all = await json<KpiDetail>(await s.api(`/api/kpis/${id}`, { token: leader }));
      const mine = await json<KpiDetail & { scopedTo: string[] | null }>(await s.api(`/api/kpis/${id}`, { token: officer }));
      expect(mine.count, id).toBeGreaterThan(0);
      expect(mine.count, id).toBeLessThan(all.count);
      expect({ value: mine.value, count: mine.count, trend: mine.trend }).toEqual({ value: asLeader.value, count: asLeader.count, trend: asLeader.trend });
      expect(mine.area?.code).toBe('27475');
      expect(mine.scopedTo).toEqual(['27475']);
      expect(mine.byArea.map((a) => a.code)).toEqual(['27475']);
      const dd = await json<KpiDrilldown>(await s.api(`/api/kpis/${id}/drilldown?limit=3`, { token: officer }));
      expect(dd.total, id).toBe(mine.count);
      const { kpis } = await json<{ kpis: KpiListItem[] }>(await s.api(`/api/kpis?ids=${id}`, { token: officer }));
      expect(kpis[0]!.current!.count).toBe(mine.count);
      // Their own ward asked explicitly: the same.
      expect((await json<KpiDetail>(await s.api(`/api/kpis/${id}?area=27475`, { token: officer }))).count).toBe(mine.count);
    }
    // Every KPI the officer sees: the drill-down count equals the tile, in both schemes.
    const { kpis: visible } = await json<{ kpis: KpiListItem[] }>(await s.api('/api/kpis', { token: officer }));
    for (const k of visible.filter((x) => x.available)) {
      for (const q of ['', '?scheme=vn2008']) {
        const d = await json<KpiDetail>(await s.api(`/api/kpis/${k.definition.id}${q}`, { token: officer }));
        const dd = await json<KpiDrilldown>(await s.api(`/api/kpis/${k.definition.id}/drilldown${q}${q ? '&' : '?'}limit=1`, { token: officer }));
        expect(dd.total, `${k.definition.id}${q}`).toBe(d.count);
      }
    }
    const other = await s.api('/api/kpis/enterprises?area=27478', { token: officer });
    expect(other.status).toBe(403);
    expect(((await other.json()) as { message: string }).message).toMatch(/outside your wards \(27475\)/);
    expect((await s.api('/api/kpis/enterprises/drilldown?area=27478', { token: officer })).status).toBe(403);
    expect((await s.api('/api/kpis/details?ids=enterprises&area=27478', { token: officer })).status).toBe(403);
    expect((await s.api('/api/kpis?area=27478', { token: officer })).status).toBe(403);
    expect((await s.api('/api/kpis/enterprises?area=778&scheme=vn2008', { token: officer })).status).toBe(403);
    // Leaders are unchanged: the district value without an area.
    expect((await json<KpiDetail>(await s.api('/api/kpis/enterprises', { token: leader }))).count).toBe(DEMO_COUNTS.enterprises);
  });

  it('maps the officer\'s ward to the former wards when the lineage is clean, else 400', async () => {
    const officer = await s.login('officer');
    const now = await json<KpiDetail>(await s.api('/api/kpis/enterprises', { token: officer }));
    const old = await json<KpiDetail & { scopedTo: string[] }>(await s.api('/api/kpis/enterprises?scheme=vn2008', { token: officer }));
    expect([...old.scopedTo].sort()).toEqual(['27472', '27475', '27481', '27490']);
    expect(old.byArea.map((a) => a.code).sort()).toEqual(['27472', '27475', '27481', '27490']);
    expect(Math.abs(old.count - now.count) / now.count).toBeLessThan(0.1);
    const dd = await json<KpiDrilldown>(await s.api('/api/kpis/enterprises/drilldown?scheme=vn2008&limit=1', { token: officer }));
    expect(dd.total).toBe(old.count);
    expect((await json<KpiDetail>(await s.api('/api/kpis/enterprises?scheme=vn2008&area=27472', { token: officer }))).count).toBeGreaterThan(0);
    expect((await s.api('/api/kpis/enterprises?scheme=vn2008&area=27466', { token: officer })).status).toBe(403);
    // An officer of Phú Thuận (27484): former Phú Mỹ was split between it and Tân Mỹ → not clean.
    const { areas } = await json<{ areas: { id: number; code: string; validFrom: string }[] }>(await s.api('/api/areas?code=27484', { token: admin }));
    const phuThuan = areas.find((a) => a.validFrom === '2025-07-01')!;
    const created = await s.api('/api/users', { token: admin, method: 'POST', json: { username: 'kpi-officer-27484', displayName: 'Cán bộ Phú Thuận', role: 'officer', unitCode: 'ubnd-27484', password: 'kpi-officer-pass-27484', areaIds: [phuThuan.id] } });
    if (created.status !== 201) throw new Error(`${created.status} ${await created.text()}`);
    const token = await s.login('kpi-officer-27484', 'kpi-officer-pass-27484');
    expect((await json<KpiDetail>(await s.api('/api/kpis/enterprises', { token }))).area?.code).toBe('27484');
    const unclean = await s.api('/api/kpis/enterprises?scheme=vn2008', { token });
    expect(unclean.status).toBe(400);
    expect(((await unclean.json()) as { message: string }).message).toMatch(/do not map cleanly/);
  });

  it('hides from officers KPIs without an area dimension over rows they see only for their areas', async () => {
    const officer = await s.login('officer');
    const def: KpiDefinition = {
      id: 'test-feedback-district', titleVi: 'Phản ánh toàn quận', titleEn: 'Feedback, district', domain: 'citizen-feedback', unit: 'phản ánh',
      computation: { source: 'feedback', query: 'received' }, dimensions: ['time'], higherIsBetter: false, ownerUnit: 'ubnd-27475', updateFrequency: 'daily',
    };
    expect((await s.api('/api/kpis', { token: admin, method: 'POST', json: def })).status).toBe(201);
    const noArea: KpiDefinition = { ...def, id: 'test-enterprises-district', domain: 'economy', computation: { source: 'records', dataset: 'enterprises', agg: 'count' }, dimensions: [] };
    expect((await s.api('/api/kpis', { token: admin, method: 'POST', json: noArea })).status).toBe(201);
    const { kpis } = await json<{ kpis: KpiListItem[] }>(await s.api('/api/kpis', { token: officer }));
    expect(kpis.map((k) => k.definition.id)).not.toContain(def.id);
    expect((await s.api(`/api/kpis/${def.id}`, { token: officer })).status).toBe(403);
    expect((await s.api(`/api/kpis/${def.id}/drilldown`, { token: officer })).status).toBe(403);
    expect((await s.api(`/api/kpis/${def.id}`, { token: leader })).status).toBe(200);
    // Data-hub records are readable by all staff: the district-wide figure is unchanged for officers.
    const k = kpis.find((x) => x.definition.id === noArea.id)!;
    expect(k.current!.count).toBe(DEMO_COUNTS.enterprises);
    await s.api(`/api/kpis/${def.id}`, { token: admin, method: 'DELETE' });
    await s.api(`/api/kpis/${noArea.id}`, { token: admin, method: 'DELETE' });
  });
});

describe('KPI definitions are data, changed by admins only', () => {
  const def: KpiDefinition = {
    id: 'test-public-hospitals', titleVi: 'Thử', titleEn: 'Test', domain: 'health', unit: 'cơ sở',
    computation: { source: 'records', dataset: 'hospitals', agg: 'count', filter: [{ field: 'ownership', op: 'eq', value: 'Công lập' }] },
    dimensions: ['area'], higherIsBetter: true, ownerUnit: 'phong-yte', updateFrequency: 'daily', target: 10, thresholds: { green: 10, amber: 5 },
  };

  it('creates, changes and deletes a definition as admin; others get 403', async () => {
    expect((await s.api('/api/kpis', { token: leader, method: 'POST', json: def })).status).toBe(403);
    const created = await s.api('/api/kpis', { token: admin, method: 'POST', json: def });
    expect(created.status).toBe(201);
    expect((await s.api('/api/kpis', { token: admin, method: 'POST', json: def })).status).toBe(409);
    const d = await json<KpiDetail>(await s.api(`/api/kpis/${def.id}`, { token: leader }));
    const dd = await json<KpiDrilldown>(await s.api(`/api/kpis/${def.id}/drilldown`, { token: leader }));
    expect(dd.total).toBe(d.value);
    expect((await s.api(`/api/kpis/${def.id}`, { token: leader, method: 'PUT', json: def })).status).toBe(403);
    const changed = await s.api(`/api/kpis/${def.id}`, { token: admin, method: 'PUT', json: { ...def, titleEn: 'Changed' } });
    expect(changed.status).toBe(200);
    expect((await json<KpiDetail>(await s.api(`/api/kpis/${def.id}`, { token: leader }))).definition.titleEn).toBe('Changed');
    expect((await s.api(`/api/kpis/${def.id}`, { token: leader, method: 'DELETE' })).status).toBe(403);
    expect((await s.api(`/api/kpis/${def.id}`, { token: admin, method: 'DELETE' })).status).toBe(204);
    expect((await s.api(`/api/kpis/${def.id}`, { token: leader })).status).toBe(404);
  });

  it('accepts only whitelisted sources and declared fields (no SQL)', async () => {
    const bad = async (computation: unknown) => s.api('/api/kpis', { token: admin, method: 'POST', json: { ...def, id: 'test-bad', computation } });
    expect((await bad({ source: 'sql', query: 'select 1' })).status).toBe(400);
    const r = await bad({ source: 'records', dataset: 'pharmacies', agg: 'count', filter: [{ field: 'nope', op: 'eq', value: 'x' }] });
    expect(r.status).toBe(400);
    expect(((await r.json()) as { message: string }).message).toMatch(/no field "nope"/);
    expect((await bad({ source: 'records', dataset: 'pharmacies', agg: 'count', filter: [{ field: "x') or true --", op: 'eq', value: 'x' }] })).status).toBe(400);
    expect((await bad({ source: 'feedback', query: 'drop table' })).status).toBe(400);
    expect((await bad({ source: 'records', dataset: 'no-such-dataset', agg: 'count' })).status).toBe(400);
  });

  it('keeps an admin-changed built-in through the next start-up', async () => {
    const d = await json<KpiDetail>(await s.api('/api/kpis/bridges', { token: admin }));
    await json(await s.api('/api/kpis/bridges', { token: admin, method: 'PUT', json: { ...d.definition, target: 120 } }));
    const { createKpisService } = await import('./kpis.service.ts');
    await createKpisService(s.ctx).prepare();
    const again = await json<KpiDetail>(await s.api('/api/kpis/bridges', { token: admin }));
    expect(again.definition.target).toBe(120);
  });
});

describe('exports', () => {
  it('exports a KPI as CSV and as an XLSX that opens', async () => {
    const csv = await s.api('/api/kpis/enterprises/export?format=csv&scheme=vn2008', { token: leader });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text).toContain(`enterprises,Doanh nghiệp,DN,${DEMO_COUNTS.enterprises}`);
    const xlsx = await s.api('/api/kpis/enterprises/export?format=xlsx', { token: leader });
    expect(xlsx.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await xlsx.arrayBuffer());
    expect(wb.worksheets.map((w) => w.name)).toEqual(['value', 'by area', 'trend', 'by category']);
    expect(wb.getWorksheet('value')!.getRow(2).getCell(4).value).toBe(DEMO_COUNTS.enterprises);
    const byArea = wb.getWorksheet('by area')!;
    let sum = 0;
    byArea.eachRow((row, i) => { if (i > 1) sum += Number(row.getCell(5).value); });
    expect(sum).toBe(DEMO_COUNTS.enterprises);
  });
});

describe('dashboards', () => {
  it('ships the overview and one dashboard per domain; admins save a new layout', async () => {
    const { dashboards } = await json<{ dashboards: { id: string; widgets: { id: string; kpiId?: string; w: number }[] }[] }>(await s.api('/api/dashboards', { token: leader }));
    expect(dashboards.map((d) => d.id)).toEqual(expect.arrayContaining(['overview', 'economy', 'live-operations', 'citizen-feedback', 'tourism']));
    const overview = dashboards.find((d) => d.id === 'overview')!;
    const widgets = [...overview.widgets].reverse().map((w) => ({ ...w, w: Math.min(12, w.w + 1) }));
    const body = { id: 'overview', titleVi: 'Toàn cảnh', titleEn: 'Overview', domain: 'overview', widgets };
    expect((await s.api('/api/dashboards/overview', { token: leader, method: 'PUT', json: body })).status).toBe(403);
    const saved = await json<{ widgets: { id: string }[]; updatedBy: string }>(await s.api('/api/dashboards/overview', { token: admin, method: 'PUT', json: body }));
    expect(saved.widgets.map((w) => w.id)).toEqual(widgets.map((w) => w.id));
    expect(saved.updatedBy).toBe('admin');
    const bad = await s.api('/api/dashboards', { token: admin, method: 'POST', json: { ...body, id: 'mine', widgets: [{ id: 'x', kind: 'kpi', kpiId: 'nope', w: 2, h: 1 }] } });
    expect(bad.status).toBe(400);
  });

  it("serves the wall's pages and the phone's key KPIs as dashboards made for those screens, whose KPIs all exist", async () => {
    type D = { id: string; screen?: string; titleVi: string; titleEn: string; widgets: { id: string; kind: string; kpiId?: string; titleVi?: string; titleEn?: string }[] };
    const { dashboards } = await json<{ dashboards: D[] }>(await s.api('/api/dashboards', { token: leader }));
    const wall = dashboards.filter((d) => d.screen === 'wall');
    expect(wall.map((d) => d.id)).toEqual(['wall-1', 'wall-2', 'wall-3']);
    expect(wall[0]!.widgets.filter((w) => w.kind === 'kpi').map((w) => w.kpiId)).toEqual(['household-businesses', 'enterprises', 'food-service-licensed', 'security-cameras', 'alerts-open', 'feedback-open']);
    // A list panel carries its own title in both languages.
    for (const w of wall.flatMap((d) => d.widgets).filter((x) => x.kind === 'alerts' || x.kind === 'feedback')) expect(w.titleVi && w.titleEn).toBeTruthy();
    const phone = dashboards.find((d) => d.screen === 'phone')!;
    expect(phone.id).toBe('phone');
    expect(phone.widgets.map((w) => w.kpiId)).toEqual([
      'alerts-open', 'alerts-open-severe', 'incidents-open', 'sensors-reporting', 'feedback-open', 'feedback-overdue', 'feedback-on-time',
      'tasks-completion-rate', 'tasks-on-time-rate', 'tasks-overdue', 'household-businesses', 'enterprises', 'cameras-online',
    ]);
    const { kpis } = await json<{ kpis: { definition: { id: string } }[] }>(await s.api('/api/kpis', { token: leader }));
    const known = new Set(kpis.map((k) => k.definition.id));
    for (const w of [...wall, phone].flatMap((d) => d.widgets)) if (w.kpiId) expect(known.has(w.kpiId), w.kpiId).toBe(true);
    // An admin arranges the phone like any dashboard; the screen it is made for is kept.
    const saved = await json<D>(await s.api('/api/dashboards/phone', { token: admin, method: 'PUT', json: { ...phone, widgets: phone.widgets.slice(0, 3) } }));
    expect(saved).toMatchObject({ screen: 'phone', widgets: phone.widgets.slice(0, 3) });
  });
});

describe('notification preferences', () => {
  it('keeps my choices, per user', async () => {
    const mine = await json<NotificationPreferences>(await s.api('/api/me/notification-preferences', { token: leader }));
    expect(mine.channels.inApp).toBe(true);
    const p: NotificationPreferences = { alertTypes: ['flood', 'air-quality'], minSeverity: 'critical', channels: { inApp: true, email: true, webhook: false }, email: 'leader@example.vn', webhookUrl: null };
    await json(await s.api('/api/me/notification-preferences', { token: leader, method: 'PUT', json: p }));
    expect(await json(await s.api('/api/me/notification-preferences', { token: leader }))).toEqual(p);
    expect((await json<NotificationPreferences>(await s.api('/api/me/notification-preferences', { token: admin }))).alertTypes).toEqual([]);
    const bad = await s.api('/api/me/notification-preferences', { token: leader, method: 'PUT', json: { ...p, email: null } });
    expect(bad.status).toBe(400);
  });
});
