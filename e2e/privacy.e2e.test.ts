// Browser test of the Personal data page (/privacy), as admin, in Vietnamese then English:
// the retention policies and their run; a data-subject request found by phone, downloaded,
// erased after a confirmation, and found no more. Screenshots docs/screenshots/privacy*.png.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, navLink, screenshot, signIn, UI_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
let b: TestBrowser;
let phone = '';

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
  const token = ((await res.json()) as { token: string }).token;
  // A household business owner's phone from the demo register: the person of the request.
  const page = (await (await fetch(`${baseUrl}/api/datasets/household-businesses/records?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { records: { properties: Record<string, unknown> }[] };
  phone = String(page.records.find((r) => typeof r.properties.ownerPhone === 'string')!.properties.ownerPhone);
  b = await launchBrowser();
});
afterAll(async () => {
  await b?.close();
});

describe('personal data page', () => {
  test('retention policies, then a data-subject request found, downloaded and erased', async () => {
    const { page } = b;
    await page.goto(`${baseUrl}/`);
    await signIn(page, 'admin', 'demo');
    await (await navLink(page, 'nav-privacy')).click();
    await page.waitForURL(/\/privacy$/, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('retention-feedback-contacts').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('retention-feedback-contacts').textContent()).toContain('365');
    await page.getByTestId('retention-run').click();
    await page.getByTestId('retention-import-files').getByTestId('retention-last').filter({ hasText: 'dòng' }).waitFor({ timeout: UI_TIMEOUT_MS });

    await page.getByTestId('subject-phone').fill(phone);
    await page.getByTestId('subject-basis').fill('Đơn yêu cầu số 12/2026 của chủ thể dữ liệu');
    await page.getByTestId('subject-search').click();
    await page.getByTestId('subject-results').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('subject-results').textContent()).toContain('Hộ kinh doanh');
    expect(await page.getByTestId('subject-results').textContent()).toContain(phone);
    await screenshot(page, 'privacy');

    const download = page.waitForEvent('download');
    await page.getByTestId('subject-download').click();
    expect((await download).suggestedFilename()).toBe('du-lieu-ca-nhan.json');

    await page.getByTestId('subject-erase').click();
    await page.getByTestId('subject-confirm').waitFor();
    await page.getByTestId('subject-erase-confirm').click();
    await page.getByTestId('subject-erased').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('subject-erased').textContent()).toMatch(/^Đã xóa thông tin cá nhân khỏi [1-9]\d* bản ghi/);

    await page.getByTestId('subject-search').click();
    await page.getByTestId('subject-results').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('subject-results').textContent()).toContain('Bản ghi trong kho dữ liệu: 0');

    // The same page in English.
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Personal data protection' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('retention').textContent()).toContain('Uploaded import files');
    await screenshot(page, 'privacy-en');
    await page.getByTestId('lang-toggle').click();
    expect(b.unexpectedErrors()).toEqual([]);
  });
});
