// Browser tests of the map workspace against the real server (see global-setup.ts): dataset
// layers from vector tiles (toggle, URL and reload), a choropleth by ward, a zone drawn with
// terra-draw and the counts inside it, the nearest fire hydrants, and the distance measure.
// Each answer shown in the UI is checked against the HTTP API called directly with the same
// geometry. Screenshots: docs/screenshots/map-*.png.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import type { ChoroplethResponse, NearestResponse, SpatialSelectResponse } from '../shared/contracts/index.ts';
import { launchBrowser, MAP_READY_TIMEOUT_MS, UI_TIMEOUT_MS, screenshot, signIn, waitForMapReady, waitForValue, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');

/** Features of a MapLibre layer rendered in the current view (0 when the layer is absent). */
async function renderedCount(page: Page, layerId: string): Promise<number> {
  return page.evaluate((id) => {
    const map = window.__cityopsMap;
    if (!map || !map.getLayer(id)) return 0;
    return map.queryRenderedFeatures({ layers: [id] }).length;
  }, layerId);
}

/** Waits for the map to be idle with every source loaded (tiles included). */
async function waitForTiles(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const map = window.__cityopsMap;
      if (!map) return false;
      map.triggerRepaint();
      return map.loaded() && map.areTilesLoaded();
    },
    undefined,
    { timeout: MAP_READY_TIMEOUT_MS, polling: 250 },
  );
}

async function apiJson<T>(page: Page, path: string, body?: unknown): Promise<T> {
  return page.evaluate(
    async ({ path, body }) => {
      const response = await fetch(path, {
        method: body === undefined ? 'GET' : 'POST',
        credentials: 'same-origin',
        headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
      return (await response.json()) as unknown;
    },
    { path, body },
  ) as Promise<T>;
}

/** Centre of a ward label on screen (labels let pointer events through to the map). */
async function labelCentre(page: Page, code: string): Promise<{ x: number; y: number }> {
  const found = await page.getByTestId(`area-label-${code}`).boundingBox();
  if (!found) throw new Error(`label of ${code} is not rendered`);
  return { x: found.x + found.width / 2, y: found.y + found.height / 2 };
}

/** Screen point → [lon, lat] through MapLibre (same as the drawing tool does). */
async function unproject(page: Page, points: { x: number; y: number }[]): Promise<[number, number][]> {
  return page.evaluate((pts) => {
    const map = window.__cityopsMap;
    if (!map) throw new Error('no map');
    const rect = map.getCanvas().getBoundingClientRect();
    return pts.map((p) => {
      const lngLat = map.unproject([p.x - rect.left, p.y - rect.top]);
      return [lngLat.lng, lngLat.lat] as [number, number];
    });
  }, points);
}

describe('map workspace', () => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser({ blockExternalRequests: true });
    page = browser.page;
    await page.goto(`${baseUrl}/login`);
    await signIn(page, 'operator', 'demo');
    await page.waitForURL((url) => url.pathname === '/');
    await waitForMapReady(page, 'current');
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(browser.unexpectedErrors(), 'console or page errors').toEqual([]);
    expect(browser.blockedRequests, 'requests to the internet').toEqual([]);
  });

  test('layers are grouped by domain with counts; toggling shows the tiles; the choice survives a reload and is in the URL', async () => {
    const datasets = await apiJson<{ datasets: { id: string; recordCount: number; geometryType: string; domain: string }[] }>(page, '/api/datasets');
    const hydrants = datasets.datasets.find((dataset) => dataset.id === 'fire-hydrants');
    expect(hydrants, 'fire hydrant dataset').toBeDefined();
    await page.getByTestId('layer-group-urban').waitFor();
    expect(await page.getByTestId('layer-count-fire-hydrants').textContent()).toBe(String(hydrants!.recordCount));
    // Every spatial dataset the operator may read is a layer.
    const spatial = datasets.datasets.filter((dataset) => dataset.geometryType !== 'none');
    expect(await page.locator('[data-testid^="layer-toggle-"]').count()).toBe(spatial.length);

    // The layer state lives in the URL, updated by a router navigation: click, then wait for it.
    for (const id of ['fire-hydrants', 'schools']) {
      const box = page.getByTestId(`layer-toggle-${id}`);
      // Domain groups without an active layer start folded (only "urban" is open): unfold it.
      if (!(await box.isVisible())) await page.getByTestId(`layer-group-${datasets.datasets.find((d) => d.id === id)!.domain}`).click();
      await box.click();
      await expect.poll(() => box.isChecked(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    }
    await waitForTiles(page);
    const hydrantsShown = await waitForValue(() => renderedCount(page, 'ds-fire-hydrants-circle'), (n) => n > 0, MAP_READY_TIMEOUT_MS);
    expect(hydrantsShown).toBeGreaterThan(0);
    expect(await renderedCount(page, 'ds-schools-circle')).toBeGreaterThan(0);
    const url = new URL(page.url());
    expect(url.searchParams.get('layers')).toBe('schools,fire-hydrants');

    await screenshot(page, 'map-layers');

    // Reload: same layers (URL); then "/" alone: restored from localStorage into the URL.
    await page.reload();
    await waitForMapReady(page, 'current');
    expect(await page.getByTestId('layer-toggle-fire-hydrants').isChecked()).toBe(true);
    await page.goto(`${baseUrl}/`);
    await waitForMapReady(page, 'current');
    await waitForValue(async () => new URL(page.url()).searchParams.get('layers'), (value) => value === 'schools,fire-hydrants');
    expect(await page.getByTestId('layer-toggle-schools').isChecked()).toBe(true);

    // Off again: nothing drawn from the layer.
    for (const id of ['schools', 'fire-hydrants']) {
      const box = page.getByTestId(`layer-toggle-${id}`);
      await box.click();
      await expect.poll(() => box.isChecked(), { timeout: UI_TIMEOUT_MS }).toBe(false);
    }
    expect(await waitForValue(() => renderedCount(page, 'ds-fire-hydrants-circle'), (n) => n === 0)).toBe(0);
    expect(new URL(page.url()).searchParams.has('layers')).toBe(false);
  });

  // Guards a fixed defect: the popup opened with an empty body (only the close button) because
  // it was built in a useMemo factory, which StrictMode calls twice; the discarded popup's
  // setDOMContent moved the RecordDetails portal node out of the popup in use.
  test('clicking a point opens its record popup with key fields and a link to the record', async () => {
    const layer = 'schools';
    const box = page.getByTestId(`layer-toggle-${layer}`);
    if (!(await box.isVisible())) await page.getByTestId('layer-group-education').click();
    await box.click();
    await expect.poll(() => box.isChecked(), { timeout: UI_TIMEOUT_MS }).toBe(true);
    await waitForTiles(page);
    await waitForValue(() => renderedCount(page, `ds-${layer}-circle`), (n) => n > 0, MAP_READY_TIMEOUT_MS);

    // A single-record point that is really clickable: inside the canvas, with the canvas itself
    // under it (not the side panel, a control or the time slider) and no other feature near it.
    const target = await page.evaluate((circleLayer) => {
      const map = window.__cityopsMap;
      if (!map) throw new Error('no map');
      const canvas = map.getCanvas();
      const rect = canvas.getBoundingClientRect();
      for (const feature of map.queryRenderedFeatures({ layers: [circleLayer] })) {
        if (feature.properties.count !== 1 || typeof feature.properties.id !== 'number' || feature.geometry.type !== 'Point') continue;
        const p = map.project(feature.geometry.coordinates as [number, number]);
        if (p.x < 30 || p.y < 30 || p.x > rect.width - 30 || p.y > rect.height - 30) continue;
        const x = rect.left + p.x;
        const y = rect.top + p.y;
        if (document.elementFromPoint(x, y) !== canvas) continue;
        const near = map.queryRenderedFeatures([
          [p.x - 8, p.y - 8],
          [p.x + 8, p.y + 8],
        ]).filter((f) => f.layer.id.startsWith('ds-'));
        if (near.length !== 1) continue;
        return { x, y, id: feature.properties.id as number };
      }
      return null;
    }, `ds-${layer}-circle`);
    expect(target, 'a clickable school in view').not.toBeNull();
    const record = await apiJson<{ id: number; properties: Record<string, unknown> }>(page, `/api/datasets/${layer}/records/${target!.id}`);

    await page.mouse.click(target!.x, target!.y);
    const popup = page.getByTestId('record-popup');
    await popup.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await popup.getAttribute('data-dataset')).toBe(layer);
    expect(await popup.getAttribute('data-record-id')).toBe(String(target!.id));
    await expect.poll(() => popup.locator('.record-details__name').textContent(), { timeout: UI_TIMEOUT_MS }).toBe(String(record.properties.name));
    // Key fields, as the record holds them (once the record and its declaration are loaded).
    const facts = popup.locator('.record-details__fact dd');
    await waitForValue(() => facts.count(), (n) => n >= 2, UI_TIMEOUT_MS);
    const values = Object.values(record.properties).map((value) => String(value));
    // Numbers are shown in the interface's format (Vietnamese here: 1.402; 12,5).
    const shownNumber = (text: string) => Number((text.split(' ')[0] ?? '').replace(/\./g, '').replace(',', '.'));
    for (const text of await facts.allTextContents()) {
      // A value, or a value and its unit.
      const isValue = (value: string) =>
        text === value || text.startsWith(`${value} `) || (value.trim() !== '' && !Number.isNaN(Number(value)) && shownNumber(text) === Number(value));
      expect(values.some(isValue), `"${text}" is a field of the record`).toBe(true);
    }
    // Fully visible: inside the map and not under the side panel, which floats above the map
    // (the popup is re-anchored once the record has filled it).
    const placement = () =>
      page.evaluate(() => {
        const popupBox = document.querySelector('.maplibregl-popup.record-popup')?.getBoundingClientRect();
        const mapBox = document.querySelector('[data-testid="map"]')?.getBoundingClientRect();
        const panelBox = document.querySelector('.map-panel')?.getBoundingClientRect();
        if (!popupBox || !mapBox || !panelBox) return 'missing';
        if (popupBox.left < panelBox.right) return `under the panel: ${popupBox.left} < ${panelBox.right}`;
        if (popupBox.top < mapBox.top || popupBox.bottom > mapBox.bottom || popupBox.right > mapBox.right) return 'cut off';
        return 'ok';
      });
    await expect.poll(placement, { timeout: UI_TIMEOUT_MS }).toBe('ok');
    await screenshot(page, 'map-popup');

    // The link opens the record page.
    await page.getByTestId('record-popup-link').click();
    await page.waitForURL((url) => url.pathname === `/data/${layer}/records/${target!.id}`);
    await page.getByTestId('record-fields').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-testid="record-view"] h1').textContent()).toBe(String(record.properties.name));

    // Back to the map, layer off again for the next tests.
    await page.goBack();
    await waitForMapReady(page, 'current');
    await box.click();
    await expect.poll(() => box.isChecked(), { timeout: UI_TIMEOUT_MS }).toBe(false);
    expect(new URL(page.url()).searchParams.has('layers')).toBe(false);
  });

  test('a choropleth by ward: legend with class breaks, colours and tooltips from the API', async () => {
    await page.getByTestId('ws-tab-theme').click();
    await page.getByTestId('theme-dataset').selectOption('pharmacies');
    await page.getByTestId('theme-method').selectOption('equal');
    await page.locator('[data-testid="map"][data-choropleth="pharmacies"]').waitFor({ state: 'attached', timeout: MAP_READY_TIMEOUT_MS });
    const expected = await apiJson<ChoroplethResponse>(page, '/api/spatial/choropleth?dataset=pharmacies&measure=count&method=equal&classes=5&scheme=vn2025');
    await page.getByTestId('choropleth-legend').waitFor();
    // `breaks` are class boundaries (min … max), cut over the wards that have records (issue 20):
    // one class fewer than boundaries, none of them empty like "0 – 0", and the legend says so.
    expect(await page.getByTestId('choropleth-class').count()).toBe(Math.max(1, expected.breaks.length - 1));
    expect(await page.getByTestId('choropleth-basis').textContent()).toBe(`Chia lớp theo ${expected.areasWithData}/${expected.areas.length} đơn vị có dữ liệu.`);
    expect(await page.getByTestId('choropleth-unit').textContent()).toBe('bản ghi');
    expect(new URL(page.url()).searchParams.get('theme')).toBe('pharmacies~count~equal~5');

    // Hovering Tân Hưng shows its value as the API gives it.
    const tanHung = expected.areas.find((area) => area.code === '27475');
    expect(tanHung).toBeDefined();
    const centre = await labelCentre(page, '27475');
    await page.mouse.move(centre.x, centre.y);
    const tooltip = page.getByTestId('choropleth-tooltip');
    await tooltip.waitFor();
    expect(await tooltip.textContent()).toContain('Phường Tân Hưng');
    expect(await tooltip.textContent()).toContain(`${tanHung!.count} bản ghi`);
    await screenshot(page, 'map-choropleth');

    // The former wards: the same measure over the pre-2025 units.
    await page.getByTestId('units-switch-old').click();
    await waitForMapReady(page, 'old');
    const old = await apiJson<ChoroplethResponse>(page, '/api/spatial/choropleth?dataset=pharmacies&measure=count&method=equal&classes=5&scheme=vn2008&date=2025-06-30');
    expect(old.scheme).toBe('vn2008');
    await page.getByTestId('choropleth-legend').waitFor();
    await screenshot(page, 'map-choropleth-old-wards');
    await page.getByTestId('units-switch-2025').click();
    await waitForMapReady(page, 'current');

    await page.getByTestId('theme-dataset').selectOption('');
    await waitForValue(async () => page.locator('[data-testid="map"]').getAttribute('data-choropleth'), (value) => value === '');
    await page.mouse.move(5, 5);
  });

  test('draws a zone, reads the counts inside (as the API computes them), measures it and saves it', async () => {
    await page.getByTestId('ws-tab-tools').click();
    await page.getByTestId('tool-polygon').click();
    const c = await labelCentre(page, '27475');
    const corners = [
      { x: c.x - 90, y: c.y - 70 },
      { x: c.x + 90, y: c.y - 70 },
      { x: c.x + 90, y: c.y + 70 },
      { x: c.x - 90, y: c.y + 70 },
    ];
    for (const corner of corners) {
      await page.mouse.click(corner.x, corner.y);
      await page.waitForTimeout(150); // terra-draw ignores clicks closer together than a double click
    }
    await page.mouse.click(corners[0]!.x, corners[0]!.y); // closes the polygon
    const result = page.getByTestId('select-result');
    await result.waitFor({ timeout: MAP_READY_TIMEOUT_MS });

    const ring = await unproject(page, [...corners, corners[0]!]);
    const direct = await apiJson<SpatialSelectResponse>(page, '/api/spatial/select', { geometry: { type: 'Polygon', coordinates: [ring] } });
    const nonZero = direct.counts.filter((count) => count.count > 0);
    expect(nonZero.length).toBeGreaterThan(0);
    for (const count of nonZero) {
      const row = page.getByTestId(`select-count-${count.datasetId}`);
      expect(await row.textContent(), count.datasetId).toContain(new Intl.NumberFormat('vi-VN').format(count.count));
      expect(await row.locator('a').getAttribute('href')).toMatch(new RegExp(`^/data/${count.datasetId}\\?bbox=`));
    }
    expect(await page.getByTestId('measure-area').textContent()).toMatch(/(m²|ha|km²)$/);

    await page.getByTestId('zone-name').fill('Khu sự kiện thử nghiệm');
    await page.getByTestId('zone-kind').selectOption('event');
    await page.getByTestId('zone-save').click();
    const saved = page.getByTestId('zone-saved');
    await saved.waitFor();
    const id = await saved.getAttribute('data-record-id');
    const record = await apiJson<{ properties: Record<string, unknown>; geometry: GeoJSON.Polygon }>(page, `/api/datasets/operational-zones/records/${id}`);
    expect(record.properties).toMatchObject({ name: 'Khu sự kiện thử nghiệm', kind: 'event' });
    expect(record.geometry.type).toBe('Polygon');
    await screenshot(page, 'map-zone');
    await page.getByTestId('tool-clear').click();
  });

  test('the three nearest fire hydrants from a clicked point, with distances as the API gives them', async () => {
    await page.getByTestId('tool-nearest').click();
    await page.getByTestId('tool-nearest-dataset').selectOption('fire-hydrants');
    const at = await labelCentre(page, '27484');
    await page.mouse.click(at.x + 20, at.y + 30);
    const items = page.getByTestId('nearest-item');
    await waitForValue(() => items.count(), (n) => n === 3, MAP_READY_TIMEOUT_MS);
    const [lonLat] = await unproject(page, [{ x: at.x + 20, y: at.y + 30 }]);
    const direct = await apiJson<NearestResponse>(page, `/api/spatial/nearest?dataset=fire-hydrants&lon=${lonLat![0]}&lat=${lonLat![1]}&n=3`);
    const shown = await page.getByTestId('nearest-distance').evaluateAll((elements) => elements.map((element) => Number(element.getAttribute('data-distance-m'))));
    expect(shown).toHaveLength(3);
    expect(shown.map((d) => Math.round(d))).toEqual(direct.features.map((feature) => Math.round(feature.distanceM)));
    expect([...shown].sort((a, b) => a - b)).toEqual(shown);
    await screenshot(page, 'map-nearest');
    await page.getByTestId('tool-clear').click();
  });

  test('measures a drawn line', async () => {
    await page.getByTestId('tool-linestring').click();
    const c = await labelCentre(page, '27478');
    await page.mouse.click(c.x - 80, c.y);
    await page.waitForTimeout(150);
    await page.mouse.click(c.x + 80, c.y);
    await page.waitForTimeout(150);
    await page.mouse.click(c.x + 80, c.y); // a second click on the last point finishes the line
    const length = page.getByTestId('measure-length');
    await length.waitFor();
    expect(await length.textContent()).toMatch(/^[\d.,]+ (m|km)$/);
    await page.getByTestId('tool-clear').click();
  });
});
