// Browser round trip of citizens' feedback against the real server: a citizen reports on a
// phone-sized screen (390×844) with HTML in the text, an officer handles it on a desktop
// (1440×900) and answers, the citizen sees the answer and rates it. Screenshots go to
// docs/screenshots/feedback-*.png.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, navLink, screenshot, signIn, waitForValue, MAP_READY_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
const PHONE = { width: 390, height: 844 };
const EVIL = '<b>Rác</b> tràn ra đường <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2"> ở đầu hẻm, bốc mùi hôi thối';

/** A point inside Tân Hưng (27475): probe a grid over its bounding box with /api/areas/locate. */
async function pointInTanHung(): Promise<{ latitude: number; longitude: number }> {
  const fc = (await (await fetch(`${baseUrl}/api/areas?level=ward&code=27475&format=geojson`)).json()) as GeoJSON.FeatureCollection;
  const coords = JSON.stringify(fc.features[0]!.geometry).match(/-?\d+\.\d+,-?\d+\.\d+/g)!.map((p) => p.split(',').map(Number) as [number, number]);
  const xs = coords.map((c) => c[0]);
  const ys = coords.map((c) => c[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (const fx of [0.5, 0.4, 0.6, 0.3, 0.7]) {
    for (const fy of [0.5, 0.4, 0.6, 0.3, 0.7]) {
      const lon = x0 + (x1 - x0) * fx;
      const lat = y0 + (y1 - y0) * fy;
      const r = (await (await fetch(`${baseUrl}/api/areas/locate?lon=${lon}&lat=${lat}&level=ward`)).json()) as { areas: { code: string }[] };
      if (r.areas.some((a) => a.code === '27475')) return { latitude: lat, longitude: lon };
    }
  }
  throw new Error('no point found inside 27475');
}

let citizen: TestBrowser;
let staff: TestBrowser;
let code = '';

beforeAll(async () => {
  citizen = await launchBrowser({ viewport: PHONE });
  staff = await launchBrowser();
});
afterAll(async () => {
  await citizen?.close();
  await staff?.close();
});

describe('citizen feedback round trip', () => {
  test('a citizen reports from a phone; HTML in the text stays text', async () => {
    const { page, context } = citizen;
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const where = await pointInTanHung();
    await context.grantPermissions(['geolocation'], { origin: baseUrl });
    await context.setGeolocation(where);

    await page.goto(`${baseUrl}/phan-anh`);
    await page.getByTestId('fb-description').fill(EVIL);
    // The category is suggested from the text (waste) and pre-selected.
    await page.getByTestId('fb-suggestion').waitFor();
    expect(await waitForValue(() => page.getByTestId('fb-category').inputValue(), (v) => v === 'rac-thai')).toBe('rac-thai');
    await page.getByTestId('fb-use-location').click();
    await waitForValue(() => page.getByTestId('fb-pin').textContent(), (v) => !!v && /\d+\.\d+, \d+\.\d+/.test(v));
    await page.getByTestId('fb-name').fill('Nguyễn Thị Hoa');
    await page.getByTestId('fb-phone').fill('0909123456');
    await page.locator('[data-testid="fb-pick-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    await screenshot(page, 'feedback-citizen-form');
    await page.getByTestId('fb-submit').click();
    await page.getByTestId('feedback-receipt').waitFor();
    code = (await page.getByTestId('tracking-code').textContent()) ?? '';
    expect(code).toMatch(/^PA-[A-Z2-9]{8}$/);
    expect(await page.getByTestId('feedback-receipt').textContent()).toContain('Phường Tân Hưng');
    await screenshot(page, 'feedback-citizen-receipt');

    await page.getByTestId('track-link').click();
    await page.getByTestId('track-view').waitFor();
    expect(await page.getByTestId('track-status').getAttribute('data-status')).toBe('received');
    expect(await page.getByTestId('track-description').textContent()).toBe(EVIL);
    expect(await page.locator('[data-testid="track-description"] b, [data-testid="track-description"] img, [data-testid="track-description"] script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
  });

  test('a category suggested before the categories have loaded stays chosen when they arrive', async () => {
    const page = await citizen.context.newPage();
    try {
      // Hold the category list until the suggestion has been answered: the race a slow network makes.
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/feedback/categories', async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(`${baseUrl}/phan-anh`);
      const suggested = page.waitForResponse((r) => r.url().includes('/api/feedback/suggest-category'));
      await page.getByTestId('fb-description').fill(EVIL);
      await suggested;
      expect(await page.getByTestId('fb-category').locator('option').count()).toBe(1); // the categories are not in yet
      release();
      expect(await waitForValue(() => page.getByTestId('fb-category').inputValue(), (v) => v === 'rac-thai')).toBe('rac-thai');
      expect(await page.getByTestId('fb-category').locator('option').count()).toBeGreaterThan(1);
    } finally {
      await page.close();
    }
  });

  test('an officer of the ward finds it, sees the contact masked, reveals it, and answers', async () => {
    const { page } = staff;
    await page.goto(`${baseUrl}/login`);
    await signIn(page, 'officer', 'demo');
    await (await navLink(page, 'nav-feedback')).click();
    await page.getByTestId('feedback-inbox').waitFor();
    await page.getByTestId('inbox-search').fill(code);
    const row = page.getByTestId(`inbox-row-${code}`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('<b>Rác</b>');
    await page.getByTestId('inbox-search').fill('');
    await page.locator('[data-testid="inbox-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    await screenshot(page, 'feedback-staff-inbox');

    await page.getByTestId('inbox-search').fill(code);
    await row.getByRole('link', { name: code }).click();
    await page.getByTestId('feedback-detail').waitFor();
    expect(await page.getByTestId('detail-contact').textContent()).toContain('*******456');
    expect(await page.getByTestId('detail-contact').textContent()).not.toContain('0909123456');
    await page.getByTestId('reveal-contact').click();
    await waitForValue(() => page.getByTestId('detail-contact').textContent(), (v) => !!v?.includes('0909123456'));
    expect(await page.getByTestId('detail-contact').textContent()).toContain('Nguyễn Thị Hoa');

    await page.getByTestId('action-verify').click();
    await page.locator('[data-testid="detail-status"][data-status="verified"]').waitFor();
    await page.getByTestId('assign-unit').selectOption('ubnd-27475');
    await page.getByTestId('action-assign').click();
    await page.locator('[data-testid="detail-status"][data-status="assigned"]').waitFor();
    await page.getByTestId('action-start').click();
    await page.locator('[data-testid="detail-status"][data-status="in_progress"]').waitFor();
    await page.getByTestId('answer-text').fill('Tổ vệ sinh đã thu gom toàn bộ rác và cắm biển cấm đổ rác tại đầu hẻm.');
    await page.getByTestId('action-resolve').click();
    await page.locator('[data-testid="detail-status"][data-status="resolved"]').waitFor();
    expect(await page.getByTestId('detail-timeline').locator('li').count()).toBe(5);
    await screenshot(page, 'feedback-staff-detail');
  });

  test('the citizen sees the answer and rates it', async () => {
    const { page } = citizen;
    // Looked up by the code on the receipt (lower case, spaces around: still found).
    await page.goto(`${baseUrl}/phan-anh`);
    await page.getByTestId('citizen-lookup').fill(` ${code.toLowerCase()} `);
    await page.getByTestId('citizen-lookup-submit').click();
    await page.waitForURL((url) => url.pathname === `/phan-anh/${code}`);
    await page.getByTestId('track-answer').waitFor();
    expect(await page.getByTestId('track-answer').textContent()).toContain('thu gom toàn bộ rác');
    await page.getByTestId('star-4').click();
    await page.getByTestId('rate-comment').fill('Xử lý nhanh, cảm ơn phường');
    // The second factor: the last 4 digits of the phone number given with the report.
    await page.getByTestId('rate-phone').fill('3456');
    await screenshot(page, 'feedback-citizen-answer');
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('track-rating').waitFor();
    expect(await page.getByTestId('track-status').getAttribute('data-status')).toBe('closed');
  });

  test('the public map shows reports without personal data', async () => {
    const { page } = citizen;
    await page.goto(`${baseUrl}/phan-anh/ban-do`);
    await page.locator('[data-testid="public-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    const count = await waitForValue(() => page.getByTestId('public-map-count').textContent(), (v) => !!v && !v.startsWith('0 '));
    expect(count).toMatch(/^\d+ phản ánh$/);
    expect(await page.content()).not.toContain('0909123456');
    await screenshot(page, 'feedback-public-map');
  });

  test('the leader sees statistics and the ranking of units', async () => {
    const leader = await launchBrowser();
    const { page } = leader;
    await page.goto(`${baseUrl}/login`);
    await signIn(page, 'leader', 'demo');
    await (await navLink(page, 'nav-feedback')).click();
    await page.getByTestId('feedback-stats-link').click();
    await page.getByTestId('stats-kpis').waitFor();
    const rows = await waitForValue(() => page.getByTestId('stats-table').locator('tbody tr').count(), (n) => n >= 4);
    expect(rows).toBeGreaterThanOrEqual(4);
    await screenshot(page, 'feedback-leader-stats');
    expect(leader.unexpectedErrors()).toEqual([]);
    await leader.close();
    expect(staff.unexpectedErrors()).toEqual([]);
    expect(citizen.unexpectedErrors()).toEqual([]);
  });
});
