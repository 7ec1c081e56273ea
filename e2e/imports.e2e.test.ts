// The import wizard in a real browser against the real server: upload a CSV with a bad row,
// check the suggested mapping, the preview with row errors and the map, a dry run, the import
// with its progress bar, a page reload on the job, and the report with the rejected rows; rows that
// are not data (a title line, a totals row) and a point in another city are reported with their
// reasons, in Vietnamese and in English (issue 15).
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, screenshot, signIn, waitForValue, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
const CSV = [
  'DANH SÁCH TRỤ NƯỚC CHỮA CHÁY',
  'Mã,Địa chỉ,Loại trụ,Đường kính (mm),Kinh độ,Vĩ độ',
  'E2E-TN-01,"12 Nguyễn Thị Thập, phường Tân Hưng",Trụ nổi,100,"106,7050","10,7420"',
  'E2E-TN-02,"45 Lê Văn Lương, phường Tân Hưng",Trụ âm,125,"106,7010","10,7380"',
  'E2E-TN-03,"8 Huỳnh Tấn Phát, phường Tân Thuận",Trụ nổi,20,"106,7290","10,7510"',
  'E2E-TN-04,"101 Nguyễn Hữu Thọ, phường Tân Hưng",Trụ chìm,100,"106,7000","10,7350"',
  'E2E-TN-05,"3 đường số 17, phường Tân Hưng",Trụ âm,150,"106,7080","10,7460"',
  'E2E-TN-06,"Sukhumvit, Bangkok",Trụ nổi,100,"100,5018","13,7563"',
  'Tổng cộng,,,,,',
].join('\r\n');

describe('import wizard', () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('upload → mapping → preview with errors → dry run → import with progress → report', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/data/fire-hydrants/import`);
    await signIn(page, 'operator', 'demo');
    await page.getByTestId('import-file').setInputFiles({ name: 'tru-nuoc.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${CSV}`, 'utf8') });
    await page.getByTestId('import-read').click();

    await page.getByTestId('import-mapping').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('map-code').inputValue()).toBe('Mã');
    expect(await page.getByTestId('map-address').inputValue()).toBe('Địa chỉ');
    expect(await page.getByTestId('map-kind').inputValue()).toBe('Loại trụ');
    expect(await page.getByTestId('geom-east').inputValue()).toBe('Kinh độ');
    expect(await page.getByTestId('geom-north').inputValue()).toBe('Vĩ độ');
    // "Đường kính (mm)" is suggested for diameterMm; the user may change any choice.
    await page.getByTestId('map-diameterMm').selectOption('Đường kính (mm)');
    await screenshot(page, 'imports-mapping');

    await page.getByTestId('import-preview').click();
    await page.getByTestId('import-preview-step').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('preview-valid').textContent()).toContain('3');
    // The point in Bangkok is rejected already in the preview, as the import will.
    expect(await page.getByTestId('preview-rejected').textContent()).toContain('3');
    const errors = await page.getByTestId('import-errors').textContent();
    expect(errors).toContain('Đường kính (mm)');
    expect(errors).toContain('Loại trụ');
    expect(errors).toContain('ngoài địa bàn');
    // Worded in Vietnamese, not the server's English.
    expect(errors).not.toMatch(/must|not a|required|outside/i);
    await page.locator('[data-testid="import-map"][data-ready="true"]').waitFor({ timeout: 60_000 });

    await page.getByTestId('import-dryrun-button').click();
    const dry = await waitForValue(() => page.getByTestId('import-dryrun').textContent().catch(() => ''), (t) => !!t && /3/.test(t), 60_000);
    expect(dry).toMatch(/3/);
    await screenshot(page, 'imports-preview');

    await page.getByTestId('import-start').click();
    await page.waitForURL(/\/data\/fire-hydrants\/import\/\d+$/, { timeout: 30_000 });
    await page.getByTestId('import-progress').waitFor();
    await page.locator('[data-testid="import-job"][data-status="done"]').waitFor({ timeout: 60_000 });
    // The job is in the URL: a reload shows the same report.
    await page.reload();
    await page.locator('[data-testid="import-job"][data-status="done"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-inserted').textContent()).toContain('3');
    expect(await page.getByTestId('job-rejected').textContent()).toContain('3');
    expect(await page.getByTestId('job-skipped').textContent()).toContain('2');
    // Row by row: the title line and the totals row skipped as not data, the point in Bangkok
    // rejected as outside the territory — each with its reason in the user's language.
    const reportRow = (n: number) => page.getByTestId(`report-row-${n}`);
    await reportRow(1).waitFor({ timeout: 30_000 });
    expect(await reportRow(1).getAttribute('data-outcome')).toBe('skipped');
    expect(await reportRow(1).textContent()).toContain('Dòng tiêu đề');
    expect(await reportRow(9).getAttribute('data-outcome')).toBe('skipped');
    expect(await reportRow(9).textContent()).toContain('Dòng tổng cộng');
    expect(await reportRow(8).getAttribute('data-outcome')).toBe('rejected');
    expect(await reportRow(8).textContent()).toContain('ngoài địa bàn');
    expect(await page.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('100');
    const href = await page.getByTestId('download-rejected-csv').getAttribute('href');
    const csv = await page.evaluate(async (u) => (await fetch(u!)).text(), href);
    expect(csv).toContain('_reasons');
    expect(csv).toContain('E2E-TN-03');
    await screenshot(page, 'imports-report');

    await page.evaluate(() => localStorage.setItem('cityops.lang', 'en'));
    await page.reload();
    await reportRow(8).waitFor({ timeout: 30_000 });
    expect(await reportRow(1).textContent()).toContain('A title line above the table');
    expect(await reportRow(9).textContent()).toContain('A totals or subtotal row');
    expect(await reportRow(8).textContent()).toContain('outside the area this system covers');
    await screenshot(page, 'imports-report-en');
    await page.evaluate(() => localStorage.setItem('cityops.lang', 'vi'));
    expect(browser.unexpectedErrors()).toEqual([]);
  });
});
