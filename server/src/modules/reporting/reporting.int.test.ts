// Reporting through the real HTTP API with an injected clock: a form declared as data, entry
// blocked by a rule, submission, approval and acceptance, rejection and correction across Tết,
// locking and an admin's lock exception, reporting and on-time rates against a hand count,
// reminders, the DHIS2 data-value CSV and XLSX imports, a scheduled consolidated report whose
// PDF (read back with pdftotext) carries the approved figure with its source submission, and
// the demo (three forms, twelve issued reports).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../../test/test-server.ts';
import type { Analysis, Completeness, Entry, ImportResult, ReportForm, ReportRun, ReportRunList, SubmissionDetail, SubmissionList } from '../../../../shared/contracts/reporting.ts';
import type { NotificationList } from '../../../../shared/contracts/notifications.ts';

let s: TestServer;
const tokens: Record<string, string> = {};
const PASSWORDS: Record<string, string> = { 'officer-tt': 'officer-tt-pass-2026' };
let signedAt = 0;
/** Sets the clock to a local (UTC+7) time; signs everyone in again when sessions would have expired. */
async function at(local: string) {
  const t = Date.parse(`${local}+07:00`);
  s.ctx.clock = { now: () => new Date(t) };
  if (Math.abs(t - signedAt) < 20 * 86_400_000) return;
  signedAt = t;
  for (const u of Object.keys(tokens)) tokens[u] = await s.login(u, PASSWORDS[u]);
}
async function call<T>(user: string, path: string, init: { method?: string; json?: unknown } = {}, status = 200): Promise<T> {
  const res = await s.api(path, { ...init, token: tokens[user] });
  const text = await res.text();
  expect(res.status, `${init.method ?? 'GET'} ${path} as ${user}: ${text}`).toBe(status);
  return (text ? JSON.parse(text) : null) as T;
}
const save = (user: string, unit: string, period: string, values: Record<string, unknown>, status = 200) =>
  call<SubmissionDetail>(user, '/api/reporting/submissions', { method: 'PUT', json: { form: 'test-form', unit, period, values } }, status);
const act = (user: string, id: number, action: string, json?: unknown, status = 200) =>
  call<SubmissionDetail>(user, `/api/reporting/submissions/${id}/${action}`, { method: 'POST', ...(json ? { json } : {}) }, status);

const FORM = {
  code: 'test-form', titleVi: 'Báo cáo tiêm chủng (thử)', titleEn: 'Vaccination report (test)', periodType: 'month', cutoffDay: 15, deadlineWorkingDays: 2, graceDays: 3,
  units: ['27475', '27478'],
  elements: [
    { code: 'population', nameVi: 'Trẻ dưới 1 tuổi', nameEn: 'Children under one', type: 'number', unitVi: 'trẻ', unitEn: 'children', compulsory: true, min: 0, dhis2: 'PoP0000001' },
    { code: 'vaccinated', nameVi: 'Trẻ được tiêm đủ', nameEn: 'Fully vaccinated', type: 'number', unitVi: 'trẻ', unitEn: 'children', compulsory: true,
      disaggregation: { code: 'sex', nameVi: 'Giới tính', nameEn: 'Sex', options: [{ code: 'm', nameVi: 'Nam', nameEn: 'Male' }, { code: 'f', nameVi: 'Nữ', nameEn: 'Female' }] } },
    { code: 'note', nameVi: 'Ghi chú', nameEn: 'Note', type: 'text', compulsory: false },
    { code: 'dossiers', nameVi: 'Hồ sơ tiếp nhận', nameEn: 'Dossiers received', type: 'number', compulsory: false, auto: { source: 'dossiers-received' } },
  ],
  rules: [{ code: 'vax_le_pop', nameVi: 'Số trẻ tiêm đủ ≤ số trẻ', nameEn: 'Vaccinated ≤ children', left: 'vaccinated', operator: '<=', right: 'population', importance: 'high', blocking: true }],
};

beforeAll(async () => {
  s = await startTestServer({ SESSION_HOURS: '720' });
  for (const u of ['admin', 'leader', 'officer']) tokens[u] = '';
  await at('2026-01-10T09:00:00');
  // An officer bound to Tân Thuận (27478) as formed in 2025.
  const areas = await call<{ areas: { id: number }[] }>('admin', '/api/areas?code=27478&date=2026-01-01');
  const res = await s.api('/api/users', { method: 'POST', token: tokens.admin, json: { username: 'officer-tt', displayName: 'Cán bộ phường Tân Thuận', role: 'officer', unitCode: 'ubnd-27478', areaIds: [areas.areas[0]!.id], password: 'officer-tt-pass-2026' } });
  expect(res.status, await res.text()).toBe(201);
  tokens['officer-tt'] = await s.login('officer-tt', 'officer-tt-pass-2026');
}, 240_000);
afterAll(async () => s?.close());

describe('a form, its entry and approval', () => {
  const ids: Record<string, number> = {};
  it('declares a form (versioned) and refuses bad rules', async () => {
    await call('officer', '/api/reporting/forms', { method: 'POST', json: FORM }, 403);
    await call('admin', '/api/reporting/forms', { method: 'POST', json: { ...FORM, rules: [{ ...FORM.rules[0], right: 'nobody' }] } }, 400);
    const f = await call<ReportForm>('admin', '/api/reporting/forms', { method: 'POST', json: FORM }, 201);
    expect(f.version).toBe(1);
    expect(f.unitRefs.map((u) => u.code)).toEqual(['27475', '27478']);
    expect(f.currentPeriod).toBe('202601');
  });

  it('entry: previous values, a blocking rule stops submission, then submit, approve, accept', async () => {
    await at('2026-01-15T10:00:00');
    const e = await call<Entry>('officer', '/api/reporting/entry?form=test-form&unit=27475&period=202601');
    expect(e.window).toEqual({ start: '2025-12-15', end: '2026-01-14' });
    expect(e.locked).toBe(false);
    expect(typeof e.autoValues.dossiers).toBe('number');
    await save('officer', '27478', '202601', { population: 1 }, 403);
    // An automatic value is counted by the server whatever the officer sends.
    const d = await save('officer', '27475', '202601', { population: 100, 'vaccinated.m': 60, 'vaccinated.f': 50, dossiers: -5 });
    expect(d.submission.values.dossiers).toBe(e.autoValues.dossiers);
    ids.a01 = d.submission.id;
    expect(d.submission.status).toBe('draft');
    expect(d.can.submit).toBe(false);
    const blocked = await s.api(`/api/reporting/submissions/${ids.a01}/submit`, { method: 'POST', token: tokens.officer });
    expect(blocked.status).toBe(409);
    expect((await blocked.json() as { error: string }).error).toBe('blocked_by_rules');
    await save('officer', '27475', '202601', { population: 120, 'vaccinated.m': 60, 'vaccinated.f': 50 });
    const sub = await act('officer', ids.a01, 'submit');
    expect(sub.submission.status).toBe('submitted');
    expect(sub.submission.onTime).toBe(true);
    await act('officer', ids.a01, 'approve', undefined, 403);
    await act('leader', ids.a01, 'accept', undefined, 409);
    expect((await act('leader', ids.a01, 'approve')).submission.status).toBe('approved');
    const acc = await act('leader', ids.a01, 'accept');
    expect(acc.submission.status).toBe('accepted');
    expect(acc.events.map((x) => x.action)).toEqual(['created', 'saved', 'submitted', 'approved', 'accepted']);
    // The next period shows this one's values beside each field.
    const next = await call<Entry>('officer', '/api/reporting/entry?form=test-form&unit=27475&period=202602');
    expect(next.previousValues).toMatchObject({ population: 120, 'vaccinated.m': 60 });
  });

  it('late submission, locking and an admin\'s lock exception', async () => {
    // 202601 closes Wed 14/01; deadline two working days later (Fri 16/01), lock 3 days after.
    await at('2026-01-17T09:00:00');
    const b = await save('officer-tt', '27478', '202601', { population: 80, 'vaccinated.m': 30, 'vaccinated.f': 35 });
    ids.b01 = b.submission.id;
    expect(new Date(b.submission.deadline).toISOString()).toBe('2026-01-16T16:59:59.999Z');
    expect((await act('officer-tt', ids.b01, 'submit')).submission.onTime).toBe(false);
    // December closed 14/12/2025: locked long ago.
    const locked = await s.api('/api/reporting/submissions', { method: 'PUT', token: tokens.officer, json: { form: 'test-form', unit: '27475', period: '202512', values: { population: 1 } } });
    expect(locked.status).toBe(409);
    expect((await locked.json() as { error: string }).error).toBe('locked');
    await call('officer', '/api/reporting/lock-exceptions', { method: 'POST', json: { form: 'test-form', unit: '27475', period: '202512', until: '2026-01-18T00:00:00+07:00' } }, 403);
    await call('admin', '/api/reporting/lock-exceptions', { method: 'POST', json: { form: 'test-form', unit: '27475', period: '202512', until: '2026-01-18T00:00:00+07:00' } });
    expect((await save('officer', '27475', '202512', { population: 1 })).can.edit).toBe(true);
    await at('2026-01-19T09:00:00');
    await save('officer', '27475', '202512', { population: 2 }, 409);
  });

  it('rejection with a reason returns the report; corrected after the Tết deadline, still on time by its first submission', async () => {
    await at('2026-02-12T10:00:00');
    const d = await save('officer', '27475', '202602', { population: 110, 'vaccinated.m': 50, 'vaccinated.f': 52 });
    ids.a02 = d.submission.id;
    // 202602 closes Sat 14/02; Tết 16–20/02: two working days are 23 and 24/02.
    expect(new Date(d.submission.deadline).toISOString()).toBe('2026-02-24T16:59:59.999Z');
    await act('officer', ids.a02, 'submit');
    await call('leader', `/api/reporting/submissions/${ids.a02}/reject`, { method: 'POST', json: { reason: '' } }, 400);
    const r = await act('leader', ids.a02, 'reject', { reason: 'Thiếu số liệu phân theo giới tính' });
    expect(r.submission.status).toBe('rejected');
    expect(r.submission.rejectionReason).toBe('Thiếu số liệu phân theo giới tính');
    const inbox = await call<NotificationList>('officer', '/api/notifications');
    expect(inbox.notifications.some((n) => n.titleVi.includes('Thiếu số liệu phân theo giới tính'))).toBe(true);
    await at('2026-02-26T10:00:00');
    await save('officer', '27475', '202602', { population: 110, 'vaccinated.m': 51, 'vaccinated.f': 52 });
    const again = await act('officer', ids.a02, 'submit');
    expect(again.submission.onTime).toBe(true);
    await act('leader', ids.a02, 'approve');
  });

  it('completeness and timeliness equal a hand count', async () => {
    await at('2026-03-01T10:00:00');
    const c = await call<Completeness>('leader', '/api/reporting/completeness?form=test-form&from=202601&to=202602');
    // Expected 2 units × 2 periods = 4; received A01, B01, A02 = 3; on time A01, A02 = 2.
    expect(c.overall).toEqual({ expected: 4, received: 3, onTime: 2, reportingRate: 75, onTimeRate: 50 });
    expect(c.byUnit.map((u) => [u.unit.code, u.expected, u.received, u.onTime, u.reportingRate, u.onTimeRate])).toEqual([
      ['27475', 2, 2, 2, 100, 100], ['27478', 2, 1, 0, 50, 0],
    ]);
    expect(c.byPeriod.map((p) => [p.period, p.received, p.onTime])).toEqual([['202601', 2, 1], ['202602', 1, 1]]);
    expect(c.late.map((l) => [l.unit.code, l.period, l.status])).toEqual([['27478', '202602', null], ['27478', '202601', 'submitted']]);
    const sent = await call<{ reports: number; recipients: number }>('leader', '/api/reporting/reminders', { method: 'POST', json: { form: 'test-form', period: '202602' } });
    expect(sent).toEqual({ reports: 1, recipients: 1 });
    expect((await call<{ reports: number }>('leader', '/api/reporting/reminders', { method: 'POST', json: { form: 'test-form', period: '202602' } })).reports).toBe(0);
    const inbox = await call<NotificationList>('officer-tt', '/api/notifications');
    expect(inbox.notifications.filter((n) => n.titleVi.startsWith('Chưa gửi báo cáo')).length).toBe(1);
  });

  it('a scheduled consolidated report carries the approved figure, traceable to its submission; the PDF says so', async () => {
    await call('admin', '/api/reports/templates', { method: 'POST', json: {
      code: 'test-monthly', titleVi: 'Tình hình tiêm chủng', titleEn: 'Vaccination', periodType: 'month',
      items: [{ form: 'test-form', element: 'population' }, { form: 'test-form', element: 'vaccinated' }],
      issuerVi: 'Trung tâm Điều hành đô thị thông minh', numberSuffix: 'BC-TEST', placeVi: 'Thành phố Hồ Chí Minh', signerTitleVi: 'Giám đốc', signerName: 'Nguyễn Văn Thử',
      schedule: { dayOfMonth: 16, hour: 8, minute: 0 }, recipientRoles: ['leader'], webhookUrl: null,
    } });
    await at('2026-03-01T10:00:00');
    expect(await s.services.reports.runSchedules()).toBeGreaterThanOrEqual(1);
    const runs = await call<ReportRunList>('leader', '/api/reports/runs?template=test-monthly');
    expect(runs.runs.map((r) => [r.period, r.number, r.scheduled])).toEqual([['202602', '1/BC-TEST', true]]);
    const run = runs.runs[0]!;
    const pop = run.figures.find((f) => f.element === 'population')!;
    expect(pop.value).toBe(110);
    expect(pop.byUnit).toEqual([
      { code: '27475', nameVi: expect.any(String), nameEn: expect.any(String), value: 110, submissionId: ids.a02 },
      { code: '27478', nameVi: expect.any(String), nameEn: expect.any(String), value: null, submissionId: null },
    ]);
    expect(run.figures.find((f) => f.element === 'vaccinated')!.value).toBe(103);
    expect(run.delivery.inApp).toBeGreaterThanOrEqual(1);
    // The source submission holds the figure.
    const src = await call<SubmissionDetail>('leader', `/api/reporting/submissions/${ids.a02}`);
    expect(src.submission.values.population).toBe(110);
    // A second issue of the same period is refused; nothing is issued twice by the schedule.
    await call('leader', '/api/reports/runs', { method: 'POST', json: { template: 'test-monthly', period: '202602' } }, 409);
    expect(await s.services.reports.runSchedules()).toBe(0);

    const pdf = await s.api(`/api/reports/runs/${run.id}/files/pdf`, { token: tokens.leader });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    writeFileSync(join(dir, 'r.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(text).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(text).toContain('Số: 1/BC-TEST');
    expect(text).toContain('THÁNG 2/2026');
    expect(text).toMatch(new RegExp(`Trẻ dưới 1 tuổi\\s+trẻ\\s+110\\s+#${ids.a02}`));
    expect(text).toContain('Nguyễn Văn Thử');
    // The report missing at issue is named, not coded.
    expect(text.replace(/\s+/g, ' ')).toContain('Phường Tân Thuận (Báo cáo tiêm chủng (thử))');
    for (const f of ['xlsx', 'docx']) {
      const res = await s.api(`/api/reports/runs/${run.id}/files/${f}`, { token: tokens.leader });
      expect(res.status).toBe(200);
      expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
    }
  });

  it('imports DHIS2 data values (CSV) and the form\'s own XLSX into drafts', async () => {
    await at('2026-03-05T10:00:00');
    const csv = [
      'dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value,storedby,lastupdated,comment,followup',
      'PoP0000001,202603,27475,,,130,dhis,2026-03-04,,false',
      'vaccinated,202603,27475,m,,61,dhis,2026-03-04,,false',
      'vaccinated,202603,27475,f,,62,dhis,2026-03-04,,false',
      'nothing,202603,27475,,,1,dhis,2026-03-04,,false',
      'vaccinated,202603,27475,x,,1,dhis,2026-03-04,,false',
      'PoP0000001,202603,99999,,,1,dhis,2026-03-04,,false',
    ].join('\n');
    const r = await call<ImportResult>('officer', '/api/reporting/import', { method: 'POST', json: { form: 'test-form', format: 'dhis2-csv', content: csv } });
    expect(r.saved).toBe(1);
    expect(r.values).toBe(3);
    expect(r.problems.map((p) => [p.row, p.code])).toEqual([[5, 'unknown_element'], [6, 'unknown_category_option_combo'], [7, 'unit_not_in_form']]);
    const list = await call<SubmissionList>('officer', '/api/reporting/submissions?form=test-form&unit=27475&period=202603');
    expect(list.submissions).toHaveLength(1);
    expect(list.submissions[0]!.values).toMatchObject({ population: 130, 'vaccinated.m': 61, 'vaccinated.f': 62 });
    expect(list.submissions[0]!.source).toBe('dhis2-csv');

    const tpl = await s.api('/api/reporting/forms/test-form/template.xlsx?unit=27475&period=202603', { token: tokens.officer });
    expect(tpl.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await tpl.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.getCell('D7').value).toBe(130);
    ws.getCell('D7').value = 140;
    const out = Buffer.from(await wb.xlsx.writeBuffer());
    const x = await call<ImportResult>('officer', '/api/reporting/import', { method: 'POST', json: { form: 'test-form', format: 'xlsx', content: out.toString('base64') } });
    expect(x.saved).toBe(1);
    const after = await call<SubmissionList>('officer', '/api/reporting/submissions?form=test-form&unit=27475&period=202603');
    expect(after.submissions[0]!.values.population).toBe(140);
  });

  it('re-aggregates the former wards to the new one through the lineage (history before the 2025 merger), never twice', async () => {
    await at('2026-03-06T10:00:00');
    // New Tân Hưng (27475) was formed whole from Tân Phong 27490, Tân Quy 27481, Tân Kiểng 27472 and the old Tân Hưng 27475.
    const former = { '27490': 10, '27481': 20, '27472': 30, '27475': 40 };
    for (const unit of Object.keys(former)) {
      await call('admin', '/api/reporting/lock-exceptions', { method: 'POST', json: { form: 'test-form', unit, period: '202503', until: '2026-03-07T00:00:00+07:00' } });
    }
    const csv = ['dataelement,period,orgunit,categoryoptioncombo,attributeoptioncombo,value',
      ...Object.entries(former).flatMap(([u, v]) => [`population,202503,${u},,,${v}`, `vaccinated,202503,${u},m,,1`, `vaccinated,202503,${u},f,,1`]),
      'population,202503,27484,,,5'].join('\n');
    const r = await call<ImportResult>('admin', '/api/reporting/import', { method: 'POST', json: { form: 'test-form', format: 'dhis2-csv', content: csv } });
    expect(r.saved).toBe(4);
    expect(r.problems.map((p) => [p.code, p.detail])).toEqual([['unit_not_in_form', '27484']]);
    const list = await call<SubmissionList>('admin', '/api/reporting/submissions?form=test-form&period=202503');
    expect(list.submissions.map((x) => x.unit.code).sort()).toEqual(['27472', '27475', '27481', '27490']);
    // The old Tân Hưng is its own unit (the code was reused in 2025).
    const oldTanHung = list.submissions.find((x) => x.unit.code === '27475')!;
    expect(oldTanHung.unit.areaId).not.toBe((await call<ReportForm>('admin', '/api/reporting/forms/test-form')).unitRefs[0]!.areaId);
    for (const x of list.submissions) {
      await act('admin', x.id, 'submit');
      await act('admin', x.id, 'approve');
    }
    const a = await call<Analysis>('leader', '/api/reporting/analysis?form=test-form&element=population&year=2025');
    const tanHung = a.byUnit.find((u) => u.unit.code === '27475')!;
    expect(tanHung.values[2]).toBe(100);
    expect(tanHung.submissionIds.sort()).toEqual(list.submissions.map((x) => x.id).sort());
    expect(a.byUnit.find((u) => u.unit.code === '27478')!.values[2]).toBeNull();
    expect(a.series[2]).toMatchObject({ period: '202503', value: 100 });
  });

  it('a new form version never rewrites past submissions', async () => {
    const v2 = await call<ReportForm>('admin', '/api/reporting/forms', { method: 'POST', json: { ...FORM, titleVi: 'Báo cáo tiêm chủng (v2)', graceDays: 4 } }, 201);
    expect(v2.version).toBe(2);
    const old = await call<SubmissionDetail>('leader', `/api/reporting/submissions/${ids.a01}`);
    expect(old.submission.formVersion).toBe(1);
    expect(old.submission.values.population).toBe(120);
  });
});

describe('the demo', () => {
  it('three monthly forms of the four wards, two years of submissions, twelve issued reports, analysis with targets', async () => {
    // The demo is seeded relative to the day the template was built: back to the real clock.
    await at(new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 19));
    const forms = await call<{ forms: ReportForm[] }>('leader', '/api/reporting/forms');
    const demo = forms.forms.filter((f) => ['kinh-te-xa-hoi', 'an-ninh-trat-tu', 'y-te'].includes(f.code));
    expect(demo).toHaveLength(3);
    for (const f of demo) expect(f.unitRefs).toHaveLength(4);
    const subs = await call<SubmissionList>('leader', '/api/reporting/submissions?form=y-te&limit=1');
    expect(subs.total).toBeGreaterThan(80);
    // Dossiers received are pulled from the procedures module, not typed.
    const ktxh = await call<SubmissionList>('leader', '/api/reporting/submissions?form=kinh-te-xa-hoi&limit=200');
    expect(ktxh.submissions.some((x) => typeof x.values.ho_so_tiep_nhan === 'number' && x.values.ho_so_tiep_nhan > 0)).toBe(true);
    const rejected = await call<SubmissionList>('leader', '/api/reporting/submissions?status=accepted&limit=1000');
    expect(rejected.total).toBeGreaterThan(200);
    const runs = await call<ReportRunList>('leader', '/api/reports/runs?template=tong-hop-thang');
    expect(runs.runs.length).toBe(12);
    const run = await call<ReportRun>('leader', `/api/reports/runs/${runs.runs[0]!.id}`);
    expect(run.figures.length).toBe(11);
    const a = await call<Analysis>('leader', '/api/reporting/analysis?form=kinh-te-xa-hoi&element=thu_ngan_sach');
    expect(a.series).toHaveLength(12);
    expect(a.yearTarget).toBeGreaterThan(0);
    expect(a.byUnit.map((u) => u.rank).sort()).toEqual([1, 2, 3, 4]);
    // Each ward's year total is the sum of its approved monthly values.
    const u = a.byUnit[0]!;
    expect(u.total).toBe(u.values.reduce<number>((x, v) => x + (v ?? 0), 0));
  });
});
