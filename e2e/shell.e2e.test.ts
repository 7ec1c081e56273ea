// Browser tests of the web shell against the real server (see global-setup.ts): sign-in, the
// map of the 2025 wards and of the former wards, language switching, roles, sign-out, and the
// map working without internet. Also writes the README screenshots to docs/screenshots/.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { launchBrowser, navLink, screenshot, signIn, UI_TIMEOUT_MS, waitForMapReady, waitForValue, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');

/** The four 2025 wards covering former District 7, as the server names them. */
const WARDS_2025: Record<string, { vi: string; en: string }> = {
  '27475': { vi: 'Phường Tân Hưng', en: 'Tan Hung Ward' },
  '27478': { vi: 'Phường Tân Thuận', en: 'Tan Thuan Ward' },
  '27484': { vi: 'Phường Phú Thuận', en: 'Phu Thuan Ward' },
  '27487': { vi: 'Phường Tân Mỹ', en: 'Tan My Ward' },
};
/** The ten former wards of District 7 (before 2025-07-01). */
const OLD_WARD_CODES = ['27466', '27469', '27472', '27475', '27478', '27481', '27484', '27487', '27490', '27493'];
/** Wards of the whole city in force today (the 2025 reform). */
const MIN_CURRENT_WARDS = 168;

type Box = { x: number; y: number; width: number; height: number };

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

function inside(inner: Box, outer: Box): boolean {
  return inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;
}

async function requiredBox(page: Page, testId: string): Promise<Box> {
  const found = await page.getByTestId(testId).boundingBox();
  if (!found) throw new Error(`${testId} is not rendered`);
  return found;
}

/** data-testid codes of the ward labels currently on the map, sorted. */
async function labelCodes(page: Page): Promise<string[]> {
  const ids = await page.locator('[data-testid^="area-label-"]').evaluateAll((elements) => elements.map((element) => element.getAttribute('data-testid') ?? ''));
  return ids.map((id) => id.replace('area-label-', '')).sort();
}

/** Number of features in the map's boundary source, read from MapLibre itself. */
async function sourceFeatureCount(page: Page): Promise<number> {
  return page.evaluate(async () => {
    const map = window.__cityopsMap;
    if (!map) throw new Error('window.__cityopsMap is not set');
    const source = map.getSource('areas') as { getData?: () => Promise<GeoJSON.GeoJSON> } | undefined;
    if (!source?.getData) throw new Error('the map has no "areas" GeoJSON source');
    const data = await source.getData();
    return data.type === 'FeatureCollection' ? data.features.length : -1;
  });
}

/** Areas of the map's source that MapLibre actually rendered in the current view. */
async function renderedAreaCodes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const map = window.__cityopsMap;
    if (!map) throw new Error('window.__cityopsMap is not set');
    const codes = map.queryRenderedFeatures({ layers: ['areas-fill'] }).map((feature) => String(feature.properties.code));
    return [...new Set(codes)].sort();
  });
}

/** Checks the four District 7 wards are labelled with `names`, fully on the map, clear of the panel and of each other. */
async function expectDistrict7Labels(page: Page, language: 'vi' | 'en'): Promise<void> {
  const mapBox = await requiredBox(page, 'map');
  const panel = await page.locator('.map-panel').boundingBox();
  const boxes: Box[] = [];
  for (const [code, names] of Object.entries(WARDS_2025)) {
    const label = page.getByTestId(`area-label-${code}`);
    expect(await label.textContent(), `label of ${code}`).toBe(names[language]);
    expect(await label.isVisible(), `label of ${code} visible`).toBe(true);
    const labelBox = await requiredBox(page, `area-label-${code}`);
    expect(inside(labelBox, mapBox), `label of ${code} inside the map`).toBe(true);
    if (panel) expect(intersects(labelBox, panel), `label of ${code} clear of the info panel`).toBe(false);
    for (const other of boxes) expect(intersects(labelBox, other), `label of ${code} overlaps another District 7 label`).toBe(false);
    boxes.push(labelBox);
  }
}

describe('operator on the map (no internet)', () => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    // Every request leaving the machine is aborted: the map must draw from the server alone
    // (the test server has no BASEMAP_STYLE_URL, so the plain built-in base style is used).
    browser = await launchBrowser({ blockExternalRequests: true });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(() => {
    expect(browser.unexpectedErrors(), 'console or page errors').toEqual([]);
    expect(browser.blockedRequests, 'requests to the internet').toEqual([]);
  });

  test('signs in through the form and sees the 2025 wards of former District 7', async () => {
    await page.goto(`${baseUrl}/`);
    // Not signed in: the app sends us to the login page.
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByTestId('demo-hint').waitFor();

    await signIn(page, 'operator', 'demo');
    await page.waitForURL((url) => url.pathname === '/');
    await waitForMapReady(page, 'current');

    await expectDistrict7Labels(page, 'vi');
    expect(await page.getByTestId('units-switch-2025').getAttribute('aria-pressed')).toBe('true');

    // The whole city is loaded, and MapLibre drew the District 7 boundaries (not only the labels).
    const features = await sourceFeatureCount(page);
    expect(features).toBeGreaterThanOrEqual(MIN_CURRENT_WARDS);
    expect(await page.getByTestId('area-count').textContent()).toBe(`${features} đơn vị`);
    expect(await renderedAreaCodes(page)).toEqual(expect.arrayContaining(Object.keys(WARDS_2025)));

    // An operator has no link to the API documentation.
    await page.getByTestId('nav-map').waitFor();
    expect(await page.getByTestId('nav-api').count()).toBe(0);

    await screenshot(page, 'map-2025');
  });

  test('clicking a ward opens its details', async () => {
    await waitForMapReady(page, 'current');
    // Labels let clicks through: clicking a label clicks its ward.
    const label = await requiredBox(page, 'area-label-27484');
    await page.mouse.click(label.x + label.width / 2, label.y + label.height / 2);
    const popup = page.getByTestId('area-popup');
    await popup.waitFor();
    expect(await popup.getAttribute('data-area-code')).toBe('27484');
    expect(await page.getByTestId('area-popup-code').textContent()).toBe('27484');
    expect(await popup.textContent()).toContain(WARDS_2025['27484']!.vi);
    // The selected ward is outlined (its own highlight layer, not the hovered one's).
    const outlined = () =>
      page.evaluate(() => {
        const map = window.__cityopsMap;
        if (!map) throw new Error('window.__cityopsMap is not set');
        map.triggerRepaint();
        return [...new Set(map.queryRenderedFeatures({ layers: ['areas-outline-selected'] }).map((feature) => String(feature.properties.code)))];
      });
    await expect.poll(outlined, { timeout: UI_TIMEOUT_MS }).toEqual(['27484']);
    // Close it for the next tests (and screenshots): the outline goes with it.
    await page.locator('.area-popup .maplibregl-popup-close-button').click();
    await popup.waitFor({ state: 'detached' });
    await expect.poll(outlined, { timeout: UI_TIMEOUT_MS }).toEqual([]);
  });

  test('switches to the former wards, marked approximate', async () => {
    await waitForMapReady(page, 'current');
    expect(await page.getByTestId('approximate-note').count()).toBe(0);

    await page.getByTestId('units-switch-old').click();
    await waitForMapReady(page, 'old');
    expect(new URL(page.url()).searchParams.get('units')).toBe('old');
    expect(await page.getByTestId('units-switch-old').getAttribute('aria-pressed')).toBe('true');

    expect(await labelCodes(page)).toEqual(OLD_WARD_CODES);
    // At this size there is room for every name (none hidden by the label decluttering).
    for (const code of OLD_WARD_CODES) {
      expect(await page.getByTestId(`area-label-${code}`).isVisible(), `label of ${code} visible`).toBe(true);
    }
    expect(await sourceFeatureCount(page)).toBe(OLD_WARD_CODES.length);
    // Code 27478 is Tân Thuận since 2025; before, it was Bình Thuận.
    const binhThuan = page.getByTestId('area-label-27478');
    expect(await binhThuan.textContent()).toBe('Phường Bình Thuận');
    expect(await binhThuan.isVisible()).toBe(true);
    expect(await page.getByTestId('area-label-27466').textContent()).toBe('Phường Tân Thuận Đông');

    const note = page.getByTestId('approximate-note');
    expect(await note.isVisible()).toBe(true);
    expect(await note.textContent()).toContain('Ranh giới gần đúng');
    expect(await renderedAreaCodes(page)).toEqual(OLD_WARD_CODES);

    await screenshot(page, 'map-old-wards');

    // And back to the 2025 units.
    await page.getByTestId('units-switch-2025').click();
    await waitForMapReady(page, 'current');
    expect(new URL(page.url()).searchParams.has('units')).toBe(false);
    expect(await page.getByTestId('approximate-note').count()).toBe(0);
    await expectDistrict7Labels(page, 'vi');
  });

  test('switches the interface and the ward names to English and back', async () => {
    await waitForMapReady(page, 'current');
    const toggle = page.getByTestId('lang-toggle');
    expect(await toggle.textContent()).toBe('EN');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.getByTestId('units-switch-2025').textContent()).toBe('Đơn vị hành chính 2025');

    await toggle.click();
    expect(await waitForValue(() => toggle.textContent(), (text) => text === 'VI')).toBe('VI');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('units-switch-2025').textContent()).toBe('2025 administrative units');
    expect(await page.getByTestId('units-switch-old').textContent()).toBe('Former wards (before 01/07/2025)');
    expect(await page.getByTestId('nav-map').textContent()).toBe('Map');
    expect(await page.locator('.map-panel__title').textContent()).toBe('2025 administrative units');
    const features = await sourceFeatureCount(page);
    expect(await page.getByTestId('area-count').textContent()).toBe(`${features} units`);
    expect(await page.title()).toBe('cityops · Intelligent Operations Center');
    await waitForValue(() => page.getByTestId('area-label-27475').textContent(), (text) => text === WARDS_2025['27475']!.en);
    await waitForMapReady(page, 'current');
    await expectDistrict7Labels(page, 'en');
    // MapLibre's own controls follow the language too.
    expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Zoom in');

    await screenshot(page, 'map-english');

    // The choice survives a reload.
    await page.reload();
    await waitForMapReady(page, 'current');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByTestId('area-label-27475').textContent()).toBe('Tan Hung Ward');

    await toggle.click();
    expect(await waitForValue(() => toggle.textContent(), (text) => text === 'EN')).toBe('EN');
    expect(await page.locator('html').getAttribute('lang')).toBe('vi');
    expect(await page.getByTestId('units-switch-2025').textContent()).toBe('Đơn vị hành chính 2025');
    await waitForValue(() => page.getByTestId('area-label-27475').textContent(), (text) => text === WARDS_2025['27475']!.vi);
    await expectDistrict7Labels(page, 'vi');
    expect(await page.locator('.maplibregl-ctrl-zoom-in').getAttribute('title')).toBe('Phóng to');
  });
});

describe('login page', () => {
  let browser: TestBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  test('rejects a wrong password and an empty form', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/login`);
    await page.getByTestId('demo-hint').waitFor();
    expect(await page.getByTestId('login-error').count()).toBe(0);
    expect(await page.getByTestId('login-submit').textContent()).toBe('Đăng nhập');
    await screenshot(page, 'login');

    await signIn(page, 'operator', 'wrong-password');
    const error = page.getByTestId('login-error');
    await error.waitFor();
    expect(await error.textContent()).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
    expect(await page.getByTestId('login-password').getAttribute('aria-invalid')).toBe('true');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByTestId('map').count()).toBe(0);

    // Nothing typed: the form says so without asking the server.
    await page.getByTestId('login-username').fill('');
    await page.getByTestId('login-password').fill('');
    await page.getByTestId('login-submit').click();
    expect(await waitForValue(() => error.textContent(), (text) => text === 'Vui lòng nhập tên đăng nhập và mật khẩu.')).toBe(
      'Vui lòng nhập tên đăng nhập và mật khẩu.',
    );

    // The only console errors are the 401 answers (session check, wrong password).
    expect(browser.unexpectedErrors()).toEqual([]);
  });
});

describe('roles and sign-out', () => {
  let browser: TestBrowser;

  beforeAll(async () => {
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function signOut(page: Page): Promise<void> {
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByTestId('login-username').waitFor();
  }

  test('only an admin sees the API link; logging out returns to the login page', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/login`);

    await signIn(page, 'operator', 'demo');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('nav-map').waitFor();
    expect(await page.getByTestId('nav-api').count()).toBe(0);
    await page.getByTestId('user-menu').click();
    expect(await page.getByRole('menu').textContent()).toContain('Điều hành viên');
    await page.keyboard.press('Escape');
    await signOut(page);

    await signIn(page, 'admin', 'demo');
    await page.waitForURL((url) => url.pathname === '/');
    const apiLink = await navLink(page, 'nav-api');
    expect(await apiLink.isVisible()).toBe(true);
    expect(await apiLink.getAttribute('href')).toBe('/api/docs');
    await signOut(page);

    // The session is really over: the map is out of reach again.
    await page.goto(`${baseUrl}/`);
    await page.waitForURL((url) => url.pathname === '/login');
    await page.getByTestId('login-username').waitFor();
    expect(await page.getByTestId('map').count()).toBe(0);

    expect(browser.unexpectedErrors()).toEqual([]);
  });

  test('at 1440 px every page stays one click away: links that do not fit go under "More", none is cut off', async () => {
    const { page } = browser;
    await page.goto(`${baseUrl}/login`);
    await signIn(page, 'admin', 'demo');
    await page.waitForURL((url) => url.pathname === '/');
    await page.getByTestId('nav-map').waitFor();
    const nav = page.getByRole('navigation', { name: 'Điều hướng chính' });
    const navBox = (await nav.boundingBox())!;
    const ids = async (scope: Locator) => scope.locator('[data-testid^="nav-"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-testid')!));
    const inBar = (await ids(nav)).filter((id) => id !== 'nav-more');
    // The map page carries the units switch, so the admin's links do not all fit at 1440 px.
    expect(await page.getByTestId('nav-more').count()).toBe(1);
    for (const id of [...inBar, 'nav-more']) expect(inside((await requiredBox(page, id)), navBox), `${id} inside the nav`).toBe(true);
    await page.getByTestId('nav-more').click();
    const menu = page.getByRole('menu');
    const inMenu = await ids(menu);
    expect(inMenu.length).toBeGreaterThan(0);
    expect(new Set([...inBar, ...inMenu]).size).toBe(inBar.length + inMenu.length);
    expect([...inBar, ...inMenu]).toContain('nav-api');
    expect([...inBar, ...inMenu]).toContain('nav-sensors');
    await screenshot(page, 'nav-more-1440');
    // A page from the menu opens (and the menu closes).
    const internal = inMenu.find((id) => id !== 'nav-api')!;
    await page.getByTestId(internal).click();
    await page.waitForURL((url) => url.pathname !== '/');
    expect(await page.getByRole('menu').count()).toBe(0);
    await expect((await navLink(page, internal)).getAttribute('class')).resolves.toContain('is-active');
    // Wide enough, everything is in the bar.
    await page.setViewportSize({ width: 2400, height: 900 });
    await page.getByTestId('nav-more').waitFor({ state: 'detached' });
    expect(await page.getByTestId('nav-api').isVisible()).toBe(true);
    await page.setViewportSize({ width: 1440, height: 900 });
    await signOut(page);
    expect(browser.unexpectedErrors()).toEqual([]);
  });
});
