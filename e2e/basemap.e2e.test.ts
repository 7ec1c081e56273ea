// Browser test of the offline base map and the GIS tools (issue 20), with no internet: the map
// page draws OpenStreetMap streets from this server with the ODbL attribution, finds a street
// typed without diacritics, shows a legend of the active layers, opens a layer's attribute
// table (paged, sortable) and exports the selected rows as CSV, and prints to a non-blank PDF;
// a dashboard choropleth has its base map and legend. Screenshots in Vietnamese and English:
// docs/screenshots/basemap-*.png.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { launchBrowser, screenshot, signIn, UI_TIMEOUT_MS, waitForMapReady, waitForValue, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
const SLOW = 120_000;

let browser: TestBrowser;
let page: Page;
const dir = mkdtempSync(join(tmpdir(), 'cityops-basemap-e2e-'));

beforeAll(async () => {
  browser = await launchBrowser({ blockExternalRequests: true });
  page = browser.page;
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Base-map features drawn in the view, per style layer. */
async function drawn(layers: string[]): Promise<number> {
  return page.evaluate((ids) => {
    const map = window.__cityopsMap;
    if (!map) return 0;
    return map.queryRenderedFeatures({ layers: ids.filter((id) => map.getLayer(id)) }).length;
  }, layers);
}

/**
 * Number of distinct colours the map's canvas shows on screen (the page's panels, labels and
 * controls hidden for the picture): a plain background has one or two, a drawn base map thousands.
 */
async function canvasColours(): Promise<number> {
  const hide = await page.addStyleTag({ content: 'body * { visibility: hidden !important } canvas.maplibregl-canvas { visibility: visible !important }' });
  const png = await page.locator('.map-page__map canvas.maplibregl-canvas').screenshot();
  await hide.evaluate((element) => (element as HTMLElement).remove());
  const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const seen = new Set<number>();
  for (let i = 0; i < data.length; i += info.channels) seen.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
  return seen.size;
}

function pdfText(pdf: Buffer, name: string): { text: string; images: number; pages: number } {
  const file = join(dir, name);
  writeFileSync(file, pdf);
  const text = execFileSync('pdftotext', [file, '-']).toString();
  const images = execFileSync('pdfimages', ['-list', file]).toString().trim().split('\n').length - 2;
  const pages = Number(/Pages:\s+(\d+)/.exec(execFileSync('pdfinfo', [file]).toString())?.[1] ?? 0);
  return { text, images, pages };
}

describe('offline base map and GIS tools', () => {
  test('map page: streets, attribution, place search, legend, attribute table with CSV export, print to PDF; vi and en', async () => {
    await page.goto(`${baseUrl}/map`);
    await signIn(page, 'operator', 'demo');
    await waitForMapReady(page, 'current');

    // The OSM base map from this server: streets and water drawn, attribution shown.
    expect(await page.evaluate(() => window.__cityopsMap?.getStyle().name)).toBe('cityops-basemap-day');
    await waitForValue(() => drawn(['roads-major', 'roads-medium', 'water']), (n) => n > 10);
    // And on screen once the page is ready: major roads (the day style's #fbd38d) and water
    // (#a8cde8, under the wards' light tint) are drawn, the style's background is not all.
    // And on screen once the page is ready (the map page holds back partial frames while it
    // loads): streets, water, labels in thousands of shades, not a plain background.
    expect(await canvasColours()).toBeGreaterThan(500);
    await expect(page.locator('.maplibregl-ctrl-attrib').first().innerText()).resolves.toContain('© OpenStreetMap contributors (ODbL)');
    expect(browser.blockedRequests, 'requests to the internet').toEqual([]);

    // Legend of the active layers.
    await page.getByTestId('layer-toggle-bridges').click();
    await page.getByTestId('legend-layer-bridges').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('map-legend').innerText()).toContain('Cầu');

    // Address search without diacritics.
    await page.getByTestId('map-search').fill('nguyen van linh');
    const first = page.getByTestId('search-place-0');
    await first.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await first.innerText()).toContain('Đường Nguyễn Văn Linh');
    await first.click();
    await page.getByTestId('place-marker').waitFor({ timeout: UI_TIMEOUT_MS });

    // Attribute table of the layer: paged, sortable; two rows selected and exported as CSV.
    await page.getByTestId('layer-table-bridges').click();
    const table = page.getByTestId('attribute-table');
    await table.waitFor({ timeout: UI_TIMEOUT_MS });
    await waitForValue(() => table.locator('tbody tr').count(), (n) => n === 25);
    expect(await page.getByTestId('attribute-page').innerText()).toBe('Trang 1 / 4');
    const firstIdAsc = await table.locator('tbody tr').first().getAttribute('data-testid');
    await page.getByTestId('attribute-sort-id').click();
    await waitForValue(() => table.locator('tbody tr').first().getAttribute('data-testid'), (id) => id !== firstIdAsc);
    const rows = table.locator('tbody tr');
    await rows.nth(0).locator('input[type=checkbox]').check();
    await rows.nth(1).locator('input[type=checkbox]').check();
    expect(await page.getByTestId('attribute-table-selected').innerText()).toBe('Đã chọn 2');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('attribute-table-export').click()]);
    const csv = readFileSync((await download.path())!).toString('utf8');
    const lines = csv.replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^id,/);
    await screenshot(page, 'basemap-map-vi');
    await page.getByTestId('attribute-table-close').click();

    // Print: the layout (title, map picture with scale, legend, attribution, date) to a PDF.
    await page.evaluate(() => {
      window.print = () => undefined;
    });
    await page.getByTestId('map-print').click();
    await page.getByTestId('map-print-image').waitFor({ state: 'attached', timeout: UI_TIMEOUT_MS });
    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    await page.evaluate(() => window.dispatchEvent(new Event('afterprint')));
    const printed = pdfText(pdf, 'map.pdf');
    expect(printed.pages).toBe(1);
    expect(printed.images).toBeGreaterThanOrEqual(1);
    expect(printed.text).toContain('Bản đồ điều hành');
    expect(printed.text).toContain('OpenStreetMap');
    expect(printed.text).toContain('Chú giải');

    // English.
    await page.getByTestId('lang-toggle').click();
    await waitForValue(() => page.getByTestId('map-legend').innerText(), (text) => text.startsWith('Legend'));
    await page.getByTestId('map-search').fill('ben thanh');
    await waitForValue(() => page.getByTestId('search-place-0').innerText().catch(() => ''), (text) => text.includes('Bến Thành'));
    await waitForMapReady(page, 'current');
    await screenshot(page, 'basemap-map-en');
    await page.getByTestId('lang-toggle').click();
    expect(browser.unexpectedErrors(), 'console or page errors').toEqual([]);
  }, SLOW);

  test('dashboard choropleth: base map, legend; the dashboard prints to PDF pages with content', async () => {
    await page.goto(`${baseUrl}/dashboards`);
    const map = page.getByTestId('map-map-hb');
    await map.waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="map-map-hb"][data-map-ready="true"]').waitFor({ timeout: 60_000 });
    const legend = page.getByTestId('map-map-hb-legend');
    await legend.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await legend.locator('li').count()).toBeGreaterThanOrEqual(1);
    expect(await map.locator('.maplibregl-ctrl-attrib').innerText()).toContain('© OpenStreetMap contributors (ODbL)');
    // The built-in KPI's definition on the widget help.
    await page.getByTestId('help-map-hb').click();
    expect(await page.getByTestId('help-text-map-hb').innerText()).toContain('hộ kinh doanh');
    await page.getByTestId('help-map-hb').click();
    await screenshot(page, 'basemap-dashboard-vi');

    await page.emulateMedia({ media: 'print' });
    const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const printed = pdfText(pdf, 'dashboard.pdf');
    // Every page carries text: no nearly blank pages.
    const pages = printed.text.split('\f').filter((p, i, all) => i < all.length - 1 || p.trim());
    expect(pages.length).toBe(printed.pages);
    for (const [i, text] of pages.entries()) expect(text.trim().length, `page ${i + 1} of ${pages.length}`).toBeGreaterThan(40);
    expect(printed.text).toContain('Hộ kinh doanh');
    expect(browser.unexpectedErrors(), 'console or page errors').toEqual([]);
  }, SLOW);
});
