// The leader's day (issue 20, "a browser test per role"): the overview on a desk screen → a
// KPI's drill-down → one record → the phone, in Vietnamese and in English, each page checked for
// raw codes, words of the other language and cut titles, with a screenshot of each step.
import { afterAll, afterEach, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, screenshot, signIn, waitForValue, type TestBrowser } from './browser.ts';
import { pageFindings, type Lang } from './walk-checks.ts';

const baseUrl = inject('baseUrl');
const SLOW = 300_000;
let browser: TestBrowser | undefined;
afterEach(async () => {
  await browser?.close();
  browser = undefined;
});

// An open alert that names only its ward (a sensor's alerts carry no place): the overview's alert
// list must show the ward's name, never its code (it showed "27475 · 22:55 · Mới").
let operatorToken = '';
let alertId: number | undefined;
const asOperator = (path: string, json?: unknown) =>
  fetch(`${baseUrl}${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${operatorToken}`, ...(json === undefined ? {} : { 'content-type': 'application/json' }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
beforeAll(async () => {
  const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
  operatorToken = ((await login.json()) as { token: string }).token;
  const created = await asOperator('/api/alerts', { titleVi: 'Mực nước cao tại cống Tân Hưng', titleEn: 'High water at the Tan Hung sluice', severity: 'Moderate', category: 'Met', areaCode: '27475' });
  expect(created.status).toBe(201);
  alertId = ((await created.json()) as { id: number }).id;
});
afterAll(async () => {
  if (alertId !== undefined) await asOperator(`/api/alerts/${alertId}/resolve`, { comment: 'e2e: leader-day done' });
});

describe("the leader's day", () => {
  for (const lang of ['vi', 'en'] as const satisfies readonly Lang[]) {
    test(`${lang}: overview → drill-down → record → phone, no raw code, no other language, no cut title`, async () => {
      browser = await launchBrowser({ viewport: { width: 1440, height: 900 }, blockExternalRequests: true });
      const { page } = browser;
      await page.goto(`${baseUrl}/dashboards`);
      await signIn(page, 'leader', 'demo');
      await page.getByTestId('login-username').waitFor({ state: 'detached', timeout: 90_000 });
      await page.waitForURL((url) => url.pathname === '/dashboards', { timeout: 90_000 });
      const toggle = page.getByTestId('lang-toggle');
      if ((await page.locator('html').getAttribute('lang')) !== lang) await toggle.click();
      await waitForValue(() => page.locator('html').getAttribute('lang'), (v) => v === lang);

      const expectClean = async (step: string) => {
        const f = await pageFindings(page, lang);
        expect(f, `${step} (${lang})`).toEqual({ rawCodes: [], wrongLanguage: [], cutTitles: [] });
      };

      // 1. The overview: every tile has its value, in the language's number format.
      const tile = page.getByTestId('kpi-tile-enterprises');
      await tile.waitFor({ timeout: 120_000 });
      const value = page.getByTestId('kpi-value-enterprises');
      const count = Number(await waitForValue(() => value.getAttribute('data-count'), (v) => !!v && Number(v) > 0, 60_000));
      const shown = (await value.textContent()) ?? '';
      expect(shown).toContain(new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US').format(count));
      await page.locator('[data-testid^="choropleth-label-"]').first().waitFor({ state: 'attached', timeout: 60_000 });
      await expectClean('overview');
      // The check has teeth: the same page judged as the other language is full of findings.
      expect((await pageFindings(page, lang === 'vi' ? 'en' : 'vi')).wrongLanguage.length).toBeGreaterThan(0);
      await screenshot(page, `leader-day-overview-${lang}`);

      // 2. The drill-down of the enterprises tile: as many records as the tile says, with its definition.
      await tile.click();
      const total = page.getByTestId('drill-total');
      await total.waitFor({ timeout: 30_000 });
      expect(Number(await waitForValue(() => total.getAttribute('data-total'), (v) => v === String(count), 10_000))).toBe(count);
      await expect(page.getByTestId('drill-definition').isVisible()).resolves.toBe(true);
      await expectClean('drill-down');
      await screenshot(page, `leader-day-drilldown-${lang}`);

      // 3. One record of the list opens its own page (not the map).
      const first = page.getByTestId('drill-item').first();
      const label = ((await first.textContent()) ?? '').trim();
      await first.click();
      await page.waitForURL((url) => /^\/data\/enterprises\/records\/\d+$/.test(url.pathname), { timeout: 30_000 });
      await page.getByTestId('record-view').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="record-map"][data-ready="true"]').waitFor({ timeout: 60_000 });
      await page.getByTestId('record-history').locator('[data-testid="history-empty"], [data-testid="history-entry"]').first().waitFor({ timeout: 30_000 });
      expect(label.length).toBeGreaterThan(0);
      await expect(page.getByTestId('record-view').textContent()).resolves.toContain(label.split(' · ')[0]!.slice(0, 20));
      await expectClean('record');
      await screenshot(page, `leader-day-record-${lang}`);

      // 4. The phone: key KPIs, a way back and a way out, in the same language.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.goto(`${baseUrl}/m`);
      await page.locator('[data-testid^="phone-kpi-"]').first().waitFor({ timeout: 60_000 });
      await expect(page.getByTestId('phone-back').isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('phone-logout').isVisible()).resolves.toBe(true);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      await expectClean('phone');
      await screenshot(page, `leader-day-phone-${lang}`);
    }, SLOW);
  }
});
