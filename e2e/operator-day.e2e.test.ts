// The operator's day in the browser (issue 20), in Vietnamese and in English: alerts on the live
// screen (filters, bulk acknowledgement with confirmation, sensor and camera context) → an
// incident from an alert and one by hand → assign → note → attachment → close with a
// resolution; then the admin's walk: create a user, create and revoke an API token, filter the
// audit log. Screenshots docs/screenshots/operator-day-*.png and admin-*.png.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, waitForValue, UI_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
let token: string;
let b: TestBrowser;

const api = async (path: string, init: { method?: string; json?: unknown } = {}) =>
  fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });

const T = {
  vi: { status: 'Đã đóng', closed: 'Đã đóng', ack: 'Đã xác nhận', late: /Còn|Quá hạn/ },
  en: { status: 'Closed', closed: 'Closed', ack: 'Acknowledged', late: /left|Overdue/ },
} as const;

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
  token = ((await res.json()) as { token: string }).token;
  // Start from an empty panel: whatever other tests or the simulator raised is resolved first.
  const open = (await (await api('/api/alerts?status=open,acknowledged&limit=500')).json()) as { alerts: { id: number }[] };
  for (const a of open.alerts) await api(`/api/alerts/${a.id}/resolve`, { method: 'POST', json: { comment: 'e2e reset' } });
  b = await launchBrowser();
  await b.page.goto(`${baseUrl}/live`);
  await signIn(b.page, 'operator', 'demo');
  await b.page.waitForURL(/\/live$/, { timeout: UI_TIMEOUT_MS });
});
afterAll(() => b?.close());

async function setLanguage(page: Page, lang: 'vi' | 'en') {
  await page.evaluate((l) => localStorage.setItem('cityops.lang', l), lang);
}

/** Text of the page's own interface without the data the test typed. */
async function bodyText(page: Page): Promise<string> {
  return page.locator('body').innerText();
}

describe.each(['vi', 'en'] as const)('the operator\'s day (%s)', (lang) => {
  test('live alerts → bulk acknowledge → incident (from an alert and by hand) → assign, note, file → close', async () => {
    const { page } = b;
    const tag = lang.toUpperCase();
    // Two alerts in Tân Hưng, next to the demo's sensors and cameras.
    const mk = async (vi: string, en: string, severity: string) => {
      const r = await api('/api/alerts', { method: 'POST', json: { titleVi: `${vi} ${tag}`, titleEn: `${en} ${tag}`, severity, category: 'Fire', areaCode: '27475', point: { type: 'Point', coordinates: [106.7035, 10.7478] } } });
      expect(r.status).toBe(201);
      return ((await r.json()) as { id: number }).id;
    };
    const smoke = await mk('Khói tại kho hàng', 'Smoke at the warehouse', 'Severe');
    const alarm = await mk('Chuông báo cháy tầng 2', 'Fire alarm on floor 2', 'Extreme');

    await setLanguage(page, lang);
    await page.goto(`${baseUrl}/live`);
    await page.getByTestId(`alert-${alarm}`).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('[data-testid="live-map"][data-map-ready="true"]').waitFor({ timeout: 60_000 });
    // Context: the cameras near the alert (the demo's CAM sensors) or the plain statement that there are none.
    const context = await page.getByTestId(`alert-${alarm}`).locator('.live-context').innerText();
    expect(context).toMatch(lang === 'vi' ? /Camera gần|Không có camera/ : /Cameras nearby|No camera within/);
    // Filters: only Extreme shows the alarm, not the smoke.
    await page.getByTestId('live-filter-severity').selectOption('Extreme');
    expect(await waitForValue(() => page.getByTestId(`alert-${smoke}`).count(), (n) => n === 0)).toBe(0);
    // The filter is in the address: a reload (or a shared link) keeps the view.
    expect(new URL(page.url()).searchParams.get('severity')).toBe('Extreme');
    await page.reload();
    await page.getByTestId(`alert-${alarm}`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('live-filter-severity').inputValue()).toBe('Extreme');
    expect(await page.getByTestId(`alert-${smoke}`).count()).toBe(0);
    await page.getByTestId('live-filter-severity').selectOption('');
    await page.getByTestId(`alert-${smoke}`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).searchParams.has('severity')).toBe(false);
    await page.getByTestId('live-sort').selectOption('severity');
    // Bulk acknowledgement asks first.
    await page.getByTestId(`alert-pick-${smoke}`).check();
    await page.getByTestId(`alert-pick-${alarm}`).check();
    await page.getByTestId('live-bulk-ack').click();
    await page.getByTestId('bulk-dialog').waitFor();
    expect(await page.getByTestId('bulk-dialog').locator('h3').innerText()).toBe(lang === 'vi' ? 'Xác nhận 2 cảnh báo?' : 'Acknowledge 2 alerts?');
    await screenshot(page, `operator-day-live-${lang}`);
    await page.getByTestId('bulk-comment').fill(lang === 'vi' ? 'Đã cử tổ kiểm tra' : 'Team on its way');
    await page.getByTestId('bulk-submit').click();
    await page.locator(`[data-testid="alert-${alarm}"][data-status="acknowledged"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator(`[data-testid="alert-${smoke}"][data-status="acknowledged"]`).waitFor({ timeout: UI_TIMEOUT_MS });

    // The alarm becomes an incident.
    await page.getByTestId(`alert-${alarm}`).getByTestId('alert-escalate').click();
    await page.getByTestId('incident-type').selectOption('fire');
    await page.getByTestId('alert-dialog-submit').click();
    await page.waitForURL(/\/incidents\/\d+$/, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('incident-page').waitFor({ timeout: UI_TIMEOUT_MS });
    const incidentId = Number(page.url().split('/').pop());
    expect(await page.getByTestId('sla-timer').innerText()).toMatch(T[lang].late);

    // Link the second alert, assign named people, write a note, attach a file.
    await page.getByTestId('incident-link-select').selectOption(String(smoke));
    await page.getByTestId('incident-link-submit').click();
    await page.getByTestId(`incident-alert-${smoke}-status`).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('incident-assign').click();
    await page.getByTestId('assign-dialog').waitFor();
    await page.getByTestId('assign-unit').selectOption('ubnd-27475');
    await page.getByTestId('assign-person-officer').check();
    await page.getByTestId('assign-submit').click();
    await page.getByTestId('assign-dialog').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    // People by their names, not their usernames.
    await waitForValue(() => page.getByTestId('incident-assignees').innerText(), (t) => t.includes('Cán bộ phường Tân Hưng'));
    const note = lang === 'vi' ? 'Lực lượng PCCC đã có mặt' : 'Fire brigade on site';
    await page.getByTestId('incident-note').fill(note);
    await page.getByTestId('incident-note-submit').click();
    await page.getByTestId('incident-timeline').getByText(note).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('incident-file').setInputFiles({ name: 'bien-ban.txt', mimeType: 'text/plain', buffer: Buffer.from('Biên bản hiện trường') });
    await page.getByTestId('incident-attachments').getByText('bien-ban.txt').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, `operator-day-incident-${lang}`);
    const inc = (await (await api(`/api/incidents/${incidentId}`)).json()) as { assignees: string[]; assignedUnit: string; attachments: unknown[]; alerts: { id: number }[] };
    expect(inc).toMatchObject({ assignees: ['officer'], assignedUnit: 'ubnd-27475' });
    expect(inc.attachments).toHaveLength(1);
    expect(inc.alerts.map((a) => a.id).sort()).toEqual([smoke, alarm].sort());

    // Close with a resolution (steps left: a reason; the alerts are resolved).
    await page.getByTestId('incident-close').click();
    await page.getByTestId('incident-resolution-input').fill(lang === 'vi' ? 'Đã dập tắt, không thiệt hại về người' : 'Fire out, nobody hurt');
    await page.getByTestId('incident-reason-input').fill(lang === 'vi' ? 'Các bước còn lại không cần' : 'Remaining steps not needed');
    await page.getByTestId('incident-dialog-submit').click();
    await page.getByTestId('incident-resolution').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('incident-status').textContent()).toBe(T[lang].closed);
    expect(await page.getByTestId(`incident-alert-${alarm}-status`).textContent()).toBe(lang === 'vi' ? 'Đã xử lý' : 'Resolved');

    // An incident by hand, placed by its ward.
    await page.goto(`${baseUrl}/incidents`);
    await page.getByTestId('incident-new').click();
    await page.getByTestId('new-incident-dialog').waitFor();
    await page.getByTestId('new-incident-title').fill(lang === 'vi' ? 'Cây đổ chắn đường Nguyễn Hữu Thọ' : 'Fallen tree on Nguyen Huu Tho street');
    await page.getByTestId('new-incident-type').selectOption('fallen_tree');
    await page.getByTestId('new-incident-severity').selectOption('Severe');
    await page.getByTestId('new-incident-ward').selectOption('27475');
    await page.getByTestId('new-incident-person-operator').check();
    await screenshot(page, `operator-day-new-${lang}`);
    const dialogText = await page.getByTestId('new-incident-dialog').innerText();
    if (lang === 'vi') expect(dialogText).not.toMatch(/\b(Severity|Ward|Title|Cancel|Assignees)\b/);
    else expect(dialogText).not.toMatch(/Mức độ|Phường|Hủy/);
    await page.getByTestId('new-incident-submit').click();
    await page.waitForURL(/\/incidents\/\d+$/, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('incident-page').waitFor({ timeout: UI_TIMEOUT_MS });
    // The ward by its name in the interface language.
    const ward = lang === 'vi' ? 'Tân Hưng' : 'Tan Hung';
    await waitForValue(() => page.locator('.incident-meta').innerText(), (t) => t.includes(ward));
    expect(await page.locator('.incident-meta').innerText()).toContain(ward);

    // The list: filters by assignee, timer on each row.
    await page.goto(`${baseUrl}/incidents?assignee=operator`);
    await page.getByTestId('incident-list').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('incident-list').locator('[data-testid="sla-timer"]').count()).toBeGreaterThan(0);
    await screenshot(page, `operator-day-list-${lang}`);
    const text = await bodyText(page);
    if (lang === 'vi') expect(text).not.toMatch(/\b(Severity|Status|Overdue|Assignee|left)\b/);
    else expect(text).not.toMatch(/Mức độ|Trạng thái|Quá hạn|Người xử lý/);
    expect(b.unexpectedErrors()).toEqual([]);
  }, 180_000);
});

describe('the admin\'s walk', () => {
  test('create a user, create and revoke an API token, filter the audit log', async () => {
    const { page } = b;
    await setLanguage(page, 'vi');
    await page.context().clearCookies();
    await page.goto(`${baseUrl}/admin`);
    await signIn(page, 'admin', 'demo');
    await page.getByTestId('admin-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('user-list').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('user-new').click();
    await page.getByTestId('user-username').fill('trucban2');
    await page.getByTestId('user-display-name').fill('Trực ban ca 2');
    await page.getByTestId('user-role').selectOption('operator');
    await page.getByTestId('user-password').fill('Ca-truc-dem-2026');
    await screenshot(page, 'admin-user-new');
    await page.getByTestId('user-save').click();
    await page.getByTestId('user-row-trucban2').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('user-row-trucban2').innerText()).toContain('Điều hành viên');

    await page.getByTestId('admin-tab-tokens').click();
    await page.getByTestId('token-new').click();
    await page.getByTestId('token-name').fill('Bảng điện tử phường');
    await page.getByTestId('token-scope').selectOption('read');
    await page.getByTestId('token-create').click();
    await page.getByTestId('token-issued').waitFor({ timeout: UI_TIMEOUT_MS });
    const secret = await page.getByTestId('token-value').innerText();
    expect(secret.length).toBeGreaterThan(20);
    await screenshot(page, 'admin-token');
    // The token works until it is revoked.
    const me = () => fetch(`${baseUrl}/api/auth/me`, { headers: { authorization: `Bearer ${secret}` } });
    expect((await me()).status).toBe(200);
    const row = page.locator('[data-testid^="token-row-"]', { hasText: 'Bảng điện tử phường' }).first();
    const tokenId = (await row.getAttribute('data-testid'))!.replace('token-row-', '');
    await page.getByTestId(`token-revoke-${tokenId}`).click();
    await page.getByTestId('confirm-submit').click();
    await waitForValue(() => page.getByTestId(`token-status-${tokenId}`).innerText(), (t) => t === 'Đã thu hồi');
    expect((await me()).status).toBe(401);

    await page.getByTestId('admin-tab-audit').click();
    await page.getByTestId('audit-actor').selectOption('admin');
    await page.getByTestId('audit-action').fill('token.*');
    // Today in Ho Chi Minh City, typed as dd/mm/yyyy (the same in both languages).
    const today = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric' }).format(new Date());
    await page.getByTestId('audit-from').fill(today);
    await page.getByTestId('audit-to').fill(today);
    await page.getByTestId('audit-apply').click();
    await waitForValue(() => page.getByTestId('audit-list').locator('tbody tr').count(), (n) => n === 2);
    const rows = await page.getByTestId('audit-list').innerText();
    // Actions and objects by their names, not their codes.
    expect(rows).toContain('Tạo khóa API');
    expect(rows).toContain('Thu hồi khóa API');
    expect(rows).not.toContain('token.');
    expect(await page.getByTestId('audit-csv').getAttribute('href')).toMatch(/^\/api\/audit\.csv\?actor=admin&action=token\.\*&from=.+&to=.+$/);
    const csv = await page.evaluate(async (href) => (await fetch(href!)).text(), await page.getByTestId('audit-csv').getAttribute('href'));
    expect(csv.trim().split('\r\n')).toHaveLength(3);
    await screenshot(page, 'admin-audit');
    // Incident deadlines are data the admin changes.
    await page.getByTestId('admin-tab-sla').click();
    // The current deadlines are shown first (the fields are read-only until then).
    await waitForValue(() => page.getByTestId('sla-Extreme').inputValue(), (v) => /^\d+$/.test(v), 60_000);
    await page.getByTestId('sla-Minor').fill('2880');
    await page.getByTestId('sla-save').click();
    await page.getByRole('status').getByText('Đã lưu.').waitFor({ timeout: UI_TIMEOUT_MS });
    const slas = (await (await api('/api/incident-sla')).json()) as { slas: { severity: string; minutes: number }[] };
    expect(slas.slas.find((x) => x.severity === 'Minor')!.minutes).toBe(2880);
    // And in English.
    await setLanguage(page, 'en');
    await page.reload();
    await page.getByTestId('admin-tab-audit').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('admin-tab-users').innerText()).toBe('Users and roles');
    expect(await page.getByTestId('admin-own-password').innerText()).toBe('Change my password');
    expect(b.unexpectedErrors()).toEqual([]);
  }, 120_000);
});
