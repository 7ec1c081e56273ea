// Browser test of direction and e-documents: a leader finds an incoming document typed without
// diacritics, assigns a task from it to a ward; the ward's officer reports progress and marks
// it done; the leader confirms; the direction dashboard counts one more task done on time.
// Vietnamese, then the dashboard and the register in English. Screenshots docs/screenshots/direction*.png, documents*.png, task*.png.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, navLink, screenshot, signIn, UI_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
let b: TestBrowser;
let documentId = 0;
const SUBJECT = 'Kế hoạch ra quân lập lại trật tự vỉa hè đường Huỳnh Tấn Phát';

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
  const token = ((await res.json()) as { token: string }).token;
  const doc = await fetch(`${baseUrl}/api/documents`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ direction: 'incoming', docType: 'ke-hoach', number: '812', notation: 'KH-UBND', issuer: 'UBND Thành phố Hồ Chí Minh', issuedDate: '2026-12-01', subject: SUBJECT, urgency: 'khan' }),
  });
  expect(doc.status).toBe(201);
  documentId = ((await doc.json()) as { id: number }).id;
  b = await launchBrowser();
});
afterAll(async () => {
  await b?.close();
});

async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('logout').click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.getByTestId('login-username').waitFor();
}
const doneOnTime = async (page: Page) => Number((await page.getByTestId('dash-bucket-done-on-time').locator('strong').textContent())!.replace(/\D/g, ''));

describe('direction round trip', () => {
  test('leader assigns from a document, the officer reports done, the leader confirms, the dashboard changes', async () => {
    const { page } = b;
    await page.goto(`${baseUrl}/`);
    await signIn(page, 'leader', 'demo');
    await (await navLink(page, 'nav-direction')).click();
    await page.waitForURL(/\/direction$/, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('dash-bucket-done-on-time').waitFor({ timeout: UI_TIMEOUT_MS });
    const before = await doneOnTime(page);
    expect(before).toBeGreaterThan(100);

    // The register: found without diacritics, the match highlighted.
    await (await navLink(page, 'nav-documents')).click();
    await page.getByTestId('doc-search').fill('ra quan trat tu via he huynh tan phat');
    await page.getByTestId('doc-search-button').click();
    await page.getByTestId(`doc-row-${documentId}`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId(`doc-row-${documentId}`).locator('mark').first().textContent()).toBe('ra');
    await page.getByTestId(`doc-row-${documentId}`).getByRole('button').click();
    await page.getByTestId('doc-card').getByText(SUBJECT).first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'documents');

    // Assign a task from it to Tân Hưng ward, due in a week.
    await page.getByTestId('doc-assign-task').click();
    await page.getByTestId('task-assign-form').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('task-title').fill('Ra quân lập lại trật tự vỉa hè đường Huỳnh Tấn Phát');
    await page.getByTestId('task-lead').selectOption('ubnd-27475');
    const due = new Date(Date.now() + 7 * 3600_000 + 7 * 86_400_000).toISOString().slice(0, 10);
    await page.getByTestId('task-due-date').fill(due);
    await page.getByTestId('task-submit').click();
    await page.waitForURL(/\/tasks\/\d+$/, { timeout: UI_TIMEOUT_MS });
    const taskUrl = page.url();
    expect(await page.getByTestId('task-status').textContent()).toBe('Chưa thực hiện');
    await signOut(page);

    // The ward's officer reports progress, then done.
    await signIn(page, 'officer', 'demo');
    await page.getByTestId('nav-map').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.goto(taskUrl);
    await page.getByTestId('task-progress').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('task-note').fill('Đã ra quân 2 đợt, xử lý 35 trường hợp lấn chiếm');
    await page.getByTestId('task-percent').fill('60');
    await page.getByTestId('task-send').click();
    await page.getByTestId('task-status').filter({ hasText: 'Đang thực hiện' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('task-note').fill('Hoàn thành, tuyến đường đã thông thoáng');
    await page.getByTestId('task-done').click();
    await page.getByTestId('task-status').filter({ hasText: 'Chờ xác nhận' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'task-officer');
    await signOut(page);

    // The leader confirms; the dashboard counts it.
    await signIn(page, 'leader', 'demo');
    await page.getByTestId('nav-map').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.goto(taskUrl);
    await page.getByTestId('task-confirm-accept').click();
    await page.getByTestId('task-status').filter({ hasText: 'Đã hoàn thành' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('task-bucket').textContent()).toBe('Hoàn thành đúng hạn');
    expect(await page.getByTestId('task-history').textContent()).toContain('Xác nhận hoàn thành');
    await screenshot(page, 'task');
    await (await navLink(page, 'nav-direction')).click();
    await page.getByTestId('dash-bucket-done-on-time').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('dash-by-unit').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await doneOnTime(page)).toBe(before + 1);
    await screenshot(page, 'direction');

    // English.
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Direction' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('dash-completion').textContent()).toContain('Completion rate of tasks due');
    await screenshot(page, 'direction-en');
    await page.goto(`${baseUrl}/documents?q=ra%20quan&id=${documentId}`);
    await page.getByTestId('doc-card').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole('heading', { name: 'Incoming and outgoing documents' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'documents-en');
    await page.getByTestId('lang-toggle').click();
    expect(b.unexpectedErrors()).toEqual([]);
  });
});
