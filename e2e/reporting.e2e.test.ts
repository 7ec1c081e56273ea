// Browser test of periodic reports: the Tân Hưng officer, on a phone-sized screen (390×844),
// files this month's health activities report (previous values beside each field, a blocking
// rule caught as she types, then submitted); a leader approves it on the desktop and issues the
// monthly consolidated report, which shows her figure linked to her submission; its PDF,
// read back with pdftotext, carries the same figure. Vietnamese, then English.
// Screenshots docs/screenshots/reporting-*.png.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, navLink, screenshot, SCREENSHOT_DIR, signIn, UI_TIMEOUT_MS, waitForValue, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
let phone: TestBrowser;
let desk: TestBrowser;

beforeAll(async () => {
  phone = await launchBrowser({ viewport: { width: 390, height: 844 } });
  desk = await launchBrowser();
});
afterAll(async () => {
  await phone?.close();
  await desk?.close();
});

/** The monthly period being entered today (Decree 09/2019 cut-off: from the 15th, next month's). */
function currentPeriod(): string {
  const local = new Date(Date.now() + 7 * 3600_000);
  let y = local.getUTCFullYear(), m = local.getUTCMonth() + 1;
  if (local.getUTCDate() >= 15) { m++; if (m > 12) { m = 1; y++; } }
  return `${y}${String(m).padStart(2, '0')}`;
}

const text = async (page: Page, testId: string) => (await page.getByTestId(testId).textContent()) ?? '';

describe('periodic reports round trip', () => {
  test('an officer files on a phone, a leader approves, the consolidated report carries the figure', async () => {
    const page = phone.page;
    await page.goto(`${baseUrl}/reporting`);
    await signIn(page, 'officer', 'demo');
    await page.getByTestId('login-username').waitFor({ state: 'detached', timeout: 60_000 });
    await page.waitForURL((url) => url.pathname === '/reporting', { timeout: UI_TIMEOUT_MS });
    const enter = page.getByTestId('enter-y-te-27475');
    await enter.waitFor({ timeout: UI_TIMEOUT_MS });
    await enter.click();
    await page.getByTestId('reporting-entry').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('input-tre_duoi_1_tuoi').waitFor({ timeout: UI_TIMEOUT_MS });
    // Last month's value stands beside the field.
    expect(await text(page, 'prev-tre_duoi_1_tuoi')).toMatch(/^Kỳ trước: \d/);
    await page.getByTestId('input-luot_kham.nam').fill('1012');
    await page.getByTestId('input-luot_kham.nu').fill('1230');
    await page.getByTestId('input-tre_duoi_1_tuoi').fill('150');
    await page.getByTestId('input-tre_tiem_du_mui').fill('160');
    await page.getByTestId('input-sot_xuat_huyet').fill('9');
    await page.getByTestId('input-bao_hiem_y_te').fill('93.5');
    // Validation as she types: vaccinated ≤ children is broken, submission is held back.
    await page.getByTestId('rule-problem').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await text(page, 'rule-problem')).toContain('Số trẻ tiêm đủ không vượt số trẻ dưới 1 tuổi');
    expect(await page.getByTestId('entry-submit').isDisabled()).toBe(true);
    await screenshot(page, 'reporting-entry-rule');
    await page.getByTestId('input-tre_tiem_du_mui').fill('147');
    await page.getByTestId('rule-problem').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await page.getByTestId('entry-save').click();
    await page.getByRole('status').filter({ hasText: 'Đã lưu bản nháp.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'reporting-entry');
    await page.getByTestId('entry-submit').click();
    await page.waitForURL(/\/reporting\/submissions\/\d+$/, { timeout: UI_TIMEOUT_MS });
    const submissionId = Number(/(\d+)$/.exec(page.url())![1]);
    await page.getByTestId('submission-status').filter({ hasText: 'Đã gửi' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'reporting-submitted');
    expect(phone.unexpectedErrors()).toEqual([]);

    // The leader, at the desk: approval queue → approve.
    const d = desk.page;
    await d.goto(`${baseUrl}/`);
    await signIn(d, 'leader', 'demo');
    await (await navLink(d, 'nav-reporting')).click();
    await d.goto(`${baseUrl}/reporting/approvals`);
    await d.getByTestId(`review-${submissionId}`).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(d, 'reporting-approvals');
    await d.getByTestId(`review-${submissionId}`).click();
    await d.getByTestId('approve').click();
    await d.getByTestId('submission-status').filter({ hasText: 'Phường đã duyệt' }).waitFor({ timeout: UI_TIMEOUT_MS });

    // The monthly consolidated report of this period carries the figure, linked to the submission.
    await d.goto(`${baseUrl}/reporting/reports`);
    // The period offered is the one being entered now (once the forms have loaded).
    expect(await waitForValue(() => d.getByTestId('issue-period').inputValue(), (v) => v !== '')).toBe(currentPeriod());
    await d.getByTestId('issue-tong-hop-thang').click();
    const row = d.getByTestId(`run-${currentPeriod()}`);
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await d.getByTestId('runs').locator('tbody tr').count()).toBe(13);
    await screenshot(d, 'reporting-reports');
    await row.getByRole('link').first().click();
    const cell = d.getByTestId('figure-tre_tiem_du_mui-27475');
    await cell.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await cell.textContent()).toBe('147');
    expect(await cell.getByRole('link').getAttribute('href')).toBe(`/reporting/submissions/${submissionId}`);
    const runId = Number(/(\d+)$/.exec(d.url())![1]);
    await screenshot(d, 'reporting-run');

    // The PDF, read back: the national heading and the figure with its source submission.
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password: 'demo' }) });
    const token = ((await login.json()) as { token: string }).token;
    const pdf = await fetch(`${baseUrl}/api/reports/runs/${runId}/files/pdf`, { headers: { authorization: `Bearer ${token}` } });
    expect(pdf.status).toBe(200);
    const dir = mkdtempSync(join(tmpdir(), 'report-pdf-'));
    writeFileSync(join(dir, 'r.pdf'), Buffer.from(await pdf.arrayBuffer()));
    const pdfText = execFileSync('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'], { encoding: 'utf8' });
    expect(pdfText).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(pdfText).toMatch(new RegExp(`Tân Hưng\\s+trẻ\\s+147\\s+#${submissionId}`));
    // Screenshots of the PDF pages: the new report's page with the figure, and last month's issued report (all wards).
    const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [join(dir, 'r.pdf')], { encoding: 'utf8' }))![1]);
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', String(pages), '-l', String(pages), '-singlefile', join(dir, 'r.pdf'), join(SCREENSHOT_DIR, 'reporting-pdf-new')]);
    const runs = (await (await fetch(`${baseUrl}/api/reports/runs?template=tong-hop-thang`, { headers: { authorization: `Bearer ${token}` } })).json()) as { runs: { id: number; period: string }[] };
    const previous = runs.runs.find((r) => r.id !== runId)!;
    const old = await fetch(`${baseUrl}/api/reports/runs/${previous.id}/files/pdf`, { headers: { authorization: `Bearer ${token}` } });
    writeFileSync(join(dir, 'old.pdf'), Buffer.from(await old.arrayBuffer()));
    execFileSync('pdftoppm', ['-png', '-r', '70', '-f', '1', '-l', '1', '-singlefile', join(dir, 'old.pdf'), join(SCREENSHOT_DIR, 'reporting-pdf')]);
    rmSync(dir, { recursive: true, force: true });

    await d.goto(`${baseUrl}/reporting/completeness`);
    await d.getByTestId('completeness-units').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await text(d, 'rate-reporting')).toMatch(/^\d+(,\d)? %$/);
    await screenshot(d, 'reporting-completeness');
    await d.goto(`${baseUrl}/reporting/analysis`);
    await d.getByTestId('analysis-wards').waitFor({ timeout: UI_TIMEOUT_MS });
    await d.getByTestId('analysis-form').selectOption('kinh-te-xa-hoi');
    await d.getByTestId('analysis-target').filter({ hasText: /\d/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await d.getByTestId('analysis-total').filter({ hasText: /\d/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(d, 'reporting-analysis');

    // English.
    await d.getByTestId('lang-toggle').click();
    await d.getByRole('heading', { name: 'Socio-economic analysis' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(d, 'reporting-analysis-en');
    await d.goto(`${baseUrl}/reporting/reports/${runId}`);
    await d.getByTestId('figure-tre_tiem_du_mui-27475').waitFor({ timeout: UI_TIMEOUT_MS });
    await d.getByText('Children under one fully vaccinated').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(d, 'reporting-run-en');
    await d.goto(`${baseUrl}/reporting/submissions/${submissionId}`);
    await d.getByTestId('submission-status').filter({ hasText: 'Approved by the ward' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(d, 'reporting-submission-en');
    await d.getByTestId('lang-toggle').click();
    expect(desk.unexpectedErrors()).toEqual([]);
  });
});
