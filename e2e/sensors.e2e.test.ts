// Browser tests of the sensor pages against the real server (see global-setup.ts): the list
// with states, a sensor's chart with its 7-day history, and the ingest status page after
// readings over MQTT (embedded broker) and HTTP, including rejected ones.
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, screenshot, signIn, UI_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
const mqttPort = inject('mqttPort');
let b: TestBrowser;
let token: string;

async function post(path: string, body: unknown): Promise<Response> {
  return fetch(`${baseUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
  token = ((await res.json()) as { token: string }).token;
  b = await launchBrowser({ viewport: { width: 1440, height: 900 } });
});
afterAll(() => b?.close());

describe('sensor pages', () => {
  test('readings over MQTT and HTTP show on the list, the chart and the ingest status', async () => {
    // A high water level over MQTT QoS 1 (operator token as password), some rejected readings over HTTP.
    const client = await mqtt.connectAsync(`mqtt://127.0.0.1:${mqttPort}`, { username: 'operator', password: token, reconnectPeriod: 0 });
    await client.publishAsync('cityops/sensors/WL-01/readings', JSON.stringify({ value: 1.72 }), { qos: 1 });
    await client.publishAsync('cityops/sensors/NS-02/readings', '{"value": oops', { qos: 1 });
    await client.endAsync();
    expect((await post('/api/sensors/PM-02/readings', { value: 61.5 })).status).toBe(200);
    expect((await post('/api/sensors/PM-02/readings', { value: 5000 })).status).toBe(400);
    expect((await post('/api/sensors/GHOST-1/readings', { value: 1 })).status).toBe(404);

    const { page } = b;
    await page.goto(`${baseUrl}/sensors`);
    await signIn(page, 'operator', 'demo');
    await page.getByTestId('nav-map').waitFor({ timeout: UI_TIMEOUT_MS });
    const row = page.getByTestId('sensor-WL-01');
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    await expect.poll(() => row.locator('.sensors-state').textContent(), { timeout: UI_TIMEOUT_MS }).toBe('Báo động');
    expect(await page.getByTestId('sensor-PM-10').locator('.sensors-state').textContent()).toBe('Mất tín hiệu');
    expect(await page.locator('[data-testid^="sensor-"]').count()).toBeGreaterThanOrEqual(55);
    await screenshot(page, 'sensors-list');

    await page.getByTestId('sensor-WL-01').getByRole('link').click();
    await page.getByTestId('sensor-chart').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('sensor-state').textContent()).toBe('Báo động');
    await page.getByTestId('range-7d').click();
    await expect.poll(() => page.getByText(/điểm \(trung bình 1 giờ\)/).count(), { timeout: UI_TIMEOUT_MS }).toBe(1);
    // The chart drew into its canvas.
    await expect.poll(() => page.locator('[data-testid="sensor-chart"] canvas').count(), { timeout: UI_TIMEOUT_MS }).toBeGreaterThan(0);
    await page.waitForTimeout(300); // let ECharts finish its first frame before the screenshot
    await screenshot(page, 'sensors-detail');

    await page.goto(`${baseUrl}/sensors/ingest`);
    const table = page.getByTestId('ingest-counters');
    await table.waitFor({ timeout: UI_TIMEOUT_MS });
    const reasons = page.getByTestId('dead-letter-reasons');
    await expect.poll(() => reasons.textContent(), { timeout: UI_TIMEOUT_MS }).toContain('JSON lỗi');
    const text = (await reasons.textContent()) ?? '';
    expect(text).toContain('Ngoài khoảng hợp lệ');
    expect(text).toContain('Cảm biến không tồn tại');
    expect(await page.getByTestId('card-mqtt').textContent()).toContain('MQTT nội bộ');
    expect(await page.getByTestId('dead-letters').textContent()).toContain('GHOST-1');
    await screenshot(page, 'sensors-ingest-status');
    expect(b.unexpectedErrors().filter((e) => !/status of 40[04]/.test(e))).toEqual([]);
  });

  test('officers see the sensors but not the ingest status', async () => {
    const o = await launchBrowser();
    try {
      await o.page.goto(`${baseUrl}/sensors/ingest`);
      await signIn(o.page, 'officer', 'demo');
      await o.page.getByTestId('nav-map').waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await o.page.getByTestId('ingest-counters').count()).toBe(0);
      await o.page.goto(`${baseUrl}/sensors`);
      await o.page.getByTestId('sensor-WL-01').waitFor({ timeout: UI_TIMEOUT_MS });
    } finally {
      await o.close();
    }
  });
});
