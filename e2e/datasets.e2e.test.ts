// Browser test of the data hub: catalogue → table → search and area filter → record detail →
// edit (with a validation error from the API) → history → restore. Writes the README
// screenshots docs/screenshots/datasets-*.png.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, navLink, screenshot, signIn, waitForValue, MAP_READY_TIMEOUT_MS, UI_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');

describe('data hub screens (operator, no internet)', () => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser({ blockExternalRequests: true });
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
  });
  /** Set by a test that provokes a validation error: the browser logs the API's 400 answer. */
  let expectBadRequest = false;
  afterEach(() => {
    const errors = browser.unexpectedErrors().filter((e) => !(expectBadRequest && e.includes('status of 400')));
    expectBadRequest = false;
    expect(errors, 'console or page errors').toEqual([]);
    expect(browser.blockedRequests, 'requests to the internet').toEqual([]);
  });

  const total = async () => (await page.getByTestId('records-total').textContent()) ?? '';
  const count = (text: string) => Number(text.replace(/[^\d]/g, '') || NaN);

  test('catalogue lists the datasets by domain with counts and quality scores', async () => {
    await page.goto(`${baseUrl}/login`);
    await signIn(page, 'operator', 'demo');
    await page.waitForURL((url) => url.pathname === '/');
    await (await navLink(page, 'nav-data')).click();
    await page.waitForURL((url) => url.pathname === '/data');
    const row = page.getByTestId('dataset-enterprises');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.textContent()).toContain('30.025'); // Vietnamese number format
    expect(await page.getByTestId('domain-health').textContent()).toContain('Nhà thuốc');
    expect(await page.getByTestId('dataset-operational-zones').textContent()).toContain('Vùng tác nghiệp');
    // Scores are computed in the background on first sight: reload until the big ones show.
    await waitForValue(
      async () => {
        await page.reload();
        await page.getByTestId('dataset-enterprises').waitFor({ timeout: 60_000 });
        return (await page.getByTestId('dataset-enterprises').locator('.datasets-score').count()) > 0;
      },
      (ready) => ready,
      180_000,
    );
    await screenshot(page, 'datasets-catalogue');
  });

  test('table view: search without diacritics, area filter, map, quality panel, export links', async () => {
    await page.getByTestId('dataset-pharmacies').getByRole('link').click();
    await page.waitForURL((url) => url.pathname === '/data/pharmacies');
    const all = count(await waitForValue(total, (t) => /\d/.test(t)));
    expect(all).toBeGreaterThan(200);
    await page.getByTestId('records-search').fill('nha thuoc');
    await page.getByTestId('records-search').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === 'nha thuoc');
    await page.getByTestId('records-area').selectOption('27475');
    // The area filter lists today's wards with those the server says the centre serves (client config) first, in its order.
    const served = (await page.evaluate(async () => ((await (await fetch('/api/client-config')).json()) as { wards: string[] }).wards)) as string[];
    expect(served.length).toBeGreaterThan(0);
    const areaOptions = await page.getByTestId('records-area').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value).filter(Boolean));
    expect(areaOptions.length).toBeGreaterThan(served.length);
    expect(areaOptions.slice(0, served.length)).toEqual(served);
    const filtered = count(await waitForValue(total, (t) => /\d/.test(t) && count(t) < all));
    expect(filtered).toBeGreaterThan(0);
    expect(filtered).toBeLessThan(all);
    expect(await page.getByTestId('record-row').count()).toBe(Math.min(25, filtered));
    const csv = await page.getByTestId('export-csv').getAttribute('href');
    expect(csv).toContain('format=csv');
    expect(csv).toContain('area=27475');
    expect(await page.getByTestId('import-button').getAttribute('href')).toBe('/data/pharmacies/import');
    await page.getByTestId('quality-panel').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.locator('[data-testid="records-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    await screenshot(page, 'datasets-table');
  });

  test('record detail: edit with a validation error, history, restore', async () => {
    expectBadRequest = true;
    await page.getByTestId('record-row').first().locator('a').click();
    await page.waitForURL((url) => /\/data\/pharmacies\/records\/\d+$/.test(url.pathname));
    const name = page.getByTestId('field-name');
    await name.waitFor();
    const original = (await name.textContent()) ?? '';
    expect(original.length).toBeGreaterThan(3);
    await page.locator('[data-testid="record-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });

    // A required field emptied: the API refuses, the form shows why beside the field.
    await page.getByTestId('record-edit').click();
    await page.locator('input[name="name"]').fill('');
    await page.getByTestId('record-save').click();
    await page.getByTestId('problem-name').waitFor();
    // Worded from the problem's code in the page's language, not the server's English.
    expect(await page.getByTestId('problem-name').textContent()).toBe('Trường này là bắt buộc.');
    await screenshot(page, 'datasets-record-edit');

    await page.locator('input[name="name"]').fill('Nhà thuốc Đổi Tên Thử Nghiệm');
    await page.getByTestId('record-save').click();
    await waitForValue(async () => (await name.textContent()) ?? '', (t) => t === 'Nhà thuốc Đổi Tên Thử Nghiệm');
    expect(await name.textContent()).toBe('Nhà thuốc Đổi Tên Thử Nghiệm');
    const entries = page.getByTestId('history-entry');
    await waitForValue(() => entries.count(), (n) => n >= 1);
    expect(await entries.first().getAttribute('data-action')).toBe('update');
    expect(await entries.first().textContent()).toContain('Nhà thuốc Đổi Tên Thử Nghiệm');

    // Change the name back, then restore the renamed version from its history entry.
    const updateId = await entries.first().locator('button').getAttribute('data-testid');
    expect(updateId).toMatch(/^restore-\d+$/);
    await page.getByTestId('record-edit').click();
    await page.locator('input[name="name"]').fill(original);
    await page.getByTestId('record-save').click();
    await waitForValue(async () => (await name.textContent()) ?? '', (t) => t === original);
    await page.getByTestId(updateId!).click();
    await waitForValue(async () => (await name.textContent()) ?? '', (t) => t === 'Nhà thuốc Đổi Tên Thử Nghiệm');
    await waitForValue(() => entries.count(), (n) => n >= 3);
    expect(await entries.first().getAttribute('data-action')).toBe('restore');
    await screenshot(page, 'datasets-record-history');
  });
});

describe('officer (issue 20: the demo officer can import into their ward\'s dataset)', () => {
  test('sees owners by name, imports only into the dataset of their unit', async () => {
    const browser = await launchBrowser({ blockExternalRequests: true });
    try {
      const { page } = browser;
      await page.goto(`${baseUrl}/data`);
      await signIn(page, 'officer', 'demo');
      await page.waitForURL((url) => url.pathname === '/data');
      const row = page.getByTestId('dataset-tan-hung-flood-spots');
      await row.waitFor({ timeout: 60_000 });
      // Owner units by name, never their codes.
      await waitForValue(() => page.getByTestId('owner-tan-hung-flood-spots').textContent(), (t) => t === 'UBND phường Tân Hưng');
      expect(await page.getByTestId('owner-enterprises').textContent()).not.toMatch(/phong-|ubnd-/);
      await row.locator('a').click();
      await page.waitForURL((url) => url.pathname === '/data/tan-hung-flood-spots');
      const importButton = page.getByTestId('import-button');
      await importButton.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await importButton.getAttribute('href')).toBe('/data/tan-hung-flood-spots/import');
      await screenshot(page, 'daily-officer-dataset');
      await importButton.click();
      await page.waitForURL((url) => url.pathname === '/data/tan-hung-flood-spots/import');
      await page.getByTestId('import-file').waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
      // A dataset of another unit: no import button (the server would refuse it too).
      await page.goto(`${baseUrl}/data/enterprises`);
      await page.getByTestId('records-total').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('import-button').count()).toBe(0);
      expect(browser.unexpectedErrors()).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
