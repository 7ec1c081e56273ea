// Browser test of the procedures pages: a citizen (no login) looks a finished dossier up by its
// code, sees its steps and due date, and rates the service and the official; a leader sees the
// rating on the officials' ranking, and the 766 index with a drill-down and its formulas, in
// Vietnamese and English. Screenshots docs/screenshots/procedures-*.png.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, navLink, screenshot, signIn, UI_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
let b: TestBrowser;
const CODE = 'E2E-HS-000123';
const OFFICIAL = 'CB-E2E-01';

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
  const token = ((await res.json()) as { token: string }).token;
  // A dossier as a one-stop-shop system sends it: received, one supplementary request, finished.
  const ingest = await fetch(`${baseUrl}/api/procedures/dossiers`, {
    method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify([{
      MaHoSo: CODE, MaTTHC: 'D7-HT-02', KenhThucHien: 2, NgayNopHoSo: '20261102080000', NgayTiepNhan: '20261102090000', NgayHenTra: '20261109170000',
      NgayKetThucXuLy: '20261110100000', TrangThaiHoSo: 10, YeuCauBoSung: [{ NgayYeuCau: '20261103090000', NgayBoSung: '20261104150000' }],
      DonViXuLy: 'ubnd-27475', MaPhuongXa: '27475', MaCanBoXuLy: OFFICIAL, CanBoXuLy: 'Phạm Minh Thư', ChuHoSo: 'Lý Thị Kiểm', SoDienThoai: '0912 345 678',
    }]),
  });
  expect(ingest.status).toBe(200);
  b = await launchBrowser();
});
afterAll(async () => {
  await b?.close();
});

describe('procedures', () => {
  test('a citizen looks a dossier up and rates it; a leader sees it on the officials ranking and reads the 766 index', async () => {
    const { page } = b;
    await page.goto(`${baseUrl}/thu-tuc`);
    await page.getByTestId('pub-catalogue').getByText('Đăng ký kết hôn').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('pub-code').fill(CODE);
    await page.getByTestId('pub-lookup').click();
    await page.getByTestId('pub-dossier').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('pub-status').textContent()).toBe('Đã trả kết quả');
    expect(await page.getByTestId('pub-steps').textContent()).toContain('Yêu cầu bổ sung giấy tờ');
    expect(await page.getByTestId('pub-dossier').textContent()).not.toContain('Lý Thị Kiểm');
    await page.getByTestId('pub-service-4').click();
    await page.getByTestId('pub-official-5').click();
    await page.getByTestId('pub-comment').fill('Cán bộ hướng dẫn rất tận tình');
    await page.getByTestId('pub-digits').fill('5678');
    await screenshot(page, 'procedures-lookup');
    await page.getByTestId('pub-rate-submit').click();
    await page.getByTestId('pub-rated').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('pub-rate-form').count()).toBe(0);
    await page.getByTestId('pub-lang').click();
    await page.getByTestId('pub-status').filter({ hasText: 'Result returned' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'procedures-lookup-en');
    await page.getByTestId('pub-scorecard-link').click();
    await page.getByTestId('pub-scorecard-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'procedures-scorecards-en');
    await page.getByTestId('pub-lang').click();
    await page.getByTestId('pub-scorecards').getByText('Bảng điểm').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'procedures-scorecards');

    // The leader's side.
    await page.goto(`${baseUrl}/`);
    await signIn(page, 'leader', 'demo');
    await (await navLink(page, 'nav-procedures')).click();
    await page.getByTestId('proc-scorecard-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('proc-ind-2.1').click();
    await page.getByTestId('proc-drill-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('proc-indicators').textContent()).toContain('Điểm = tỷ lệ × 14 ÷ 100');
    await screenshot(page, 'procedures-index');
    await page.getByTestId('proc-drill').scrollIntoViewIfNeeded();
    await screenshot(page, 'procedures-index-drill');
    await page.getByTestId('proc-tab-officials').click();
    const row = page.getByTestId(`proc-official-${OFFICIAL}`);
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row.textContent()).toContain('Phạm Minh Thư');
    expect(await row.getByTestId('proc-official-ratings').textContent()).toBe('1');
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'procedures-officials');
    await page.getByTestId('proc-tab-watch').click();
    await page.getByTestId('proc-watch-units').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'procedures-watch');
    await page.getByTestId('proc-tab-index').click();
    await page.getByTestId('proc-scorecard-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: /Service index for citizens/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('proc-ind-5.4').click();
    await page.getByTestId('proc-drill-row').first().waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'procedures-index-en');
    await page.getByTestId('lang-toggle').click();
    expect(b.unexpectedErrors()).toEqual([]);
  });
});
