// Browser test of the alert administration screens, as admin: create a threshold rule for a
// sensor type through the form (an API validation error shows next to its field first), see it
// listed in plain words, edit it, disable it; add a webhook to a URL that refuses connections,
// see its failing delivery with attempts, next retry and error, point it at a working receiver
// and see deliveries succeed. Screenshots docs/screenshots/alert-rules.png and webhooks.png.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, screenshot, signIn, UI_TIMEOUT_MS, waitForValue, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
/** Chromium logs the 400 answers the tests provoke on purpose (a refused rule, a refused URL): exactly those. */
const BAD_REQUEST = 'console: Failed to load resource: the server responded with a status of 400 (Bad Request)';
let token: string;
let b: TestBrowser;
let receiver: Server;
const received: string[] = [];

const api = async (path: string, init: { method?: string; json?: unknown } = {}) =>
  fetch(`${baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${token}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });

interface Rule { id: number; nameVi: string; enabled: boolean; sensorType: string | null; severity: string; condition: { kind: string; op?: string; value?: number; clear?: number; metric?: string } }
const rules = async () => ((await (await api('/api/alert-rules')).json()) as { rules: Rule[] }).rules;

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
  token = ((await res.json()) as { token: string }).token;
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(body);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  b = await launchBrowser();
});
afterAll(async () => {
  await b?.close();
  await new Promise<void>((r) => (receiver ? receiver.close(() => r()) : r()));
});

describe('alert administration', () => {
  test('rules: create through the form, listed in plain words, edit, disable', async () => {
    const { page } = b;
    await page.goto(`${baseUrl}/live`);
    await signIn(page, 'admin', 'demo');
    await page.waitForURL(/\/live$/, { timeout: UI_TIMEOUT_MS });
    // The rule screen has no top-bar link: it is reached from the live screen.
    await page.getByTestId('live-to-rules').click();
    await page.waitForURL(/\/alert-rules$/, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('rule-list').waitFor({ timeout: UI_TIMEOUT_MS });
    // The demo rules are listed with their condition in words.
    await expect.poll(() => page.getByTestId('rule-list').textContent()).toContain('Không có dữ liệu trong 15 phút');

    await page.getByTestId('rule-new').click();
    const form = page.getByTestId('rule-form');
    await form.getByTestId('rule-nameVi').fill('E2E mực nước cao');
    await form.getByTestId('rule-nameEn').fill('E2E high water');
    await form.getByTestId('rule-sensorType').selectOption('water_level');
    // Choosing the type puts its metric into the condition.
    expect(await form.getByTestId('cond-metric').inputValue()).toBe('water_level');
    await form.getByTestId('cond-op').selectOption('>=');
    await form.getByTestId('cond-value').fill('1.7');
    // A clear level on the wrong side: the API refuses, the form shows why next to that field.
    await form.getByTestId('cond-clear').fill('1.8');
    await form.getByTestId('rule-severity').selectOption('Severe');
    await form.getByTestId('rule-save').click();
    const clearError = form.getByTestId('error-condition-clear');
    await clearError.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await clearError.textContent()).toMatch(/clear/);
    expect((await rules()).some((r) => r.nameVi === 'E2E mực nước cao')).toBe(false);

    await form.getByTestId('cond-clear').fill('1.6');
    await form.getByTestId('rule-save').click();
    await form.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const created = (await rules()).find((r) => r.nameVi === 'E2E mực nước cao')!;
    expect(created).toMatchObject({ enabled: true, sensorType: 'water_level', severity: 'Severe', condition: { kind: 'threshold', metric: 'water_level', op: '>=', value: 1.7, clear: 1.6 } });
    const row = page.getByTestId(`rule-${created.id}`);
    await row.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await row.getByTestId('rule-condition').textContent()).toBe('Mực nước / triều ≥ 1,7 m, hết khi < 1,6 m');
    expect(await row.getAttribute('data-enabled')).toBe('true');

    // Edit: a higher alert level.
    await row.getByTestId('rule-edit').click();
    expect(await form.getByTestId('rule-nameVi').inputValue()).toBe('E2E mực nước cao');
    await form.getByTestId('cond-value').fill('1.75');
    await form.getByTestId('rule-save').click();
    await form.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await expect.poll(() => row.getByTestId('rule-condition').textContent()).toBe('Mực nước / triều ≥ 1,75 m, hết khi < 1,6 m');
    expect((await rules()).find((r) => r.id === created.id)!.condition.value).toBe(1.75);

    // Disable from the list.
    await row.getByTestId('rule-toggle').click();
    await page.locator(`[data-testid="rule-${created.id}"][data-enabled="false"]`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await rules()).find((r) => r.id === created.id)!.enabled).toBe(false);

    // The screenshot shows the list and the structured editor of a combined demo rule.
    const heavyRain = (await rules()).find((r) => r.condition.kind === 'any')!;
    await page.getByTestId(`rule-${heavyRain.id}`).getByTestId('rule-edit').click();
    await form.getByTestId('cond-conditions-1-box').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'alert-rules');
    expect(b.unexpectedErrors()).toEqual([BAD_REQUEST]);
  });

  test('webhooks: add one, see its failing deliveries, point it at a working receiver', async () => {
    const { page } = b;
    await page.getByTestId('to-webhooks').click();
    await page.waitForURL(/\/webhooks$/, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('webhook-new').click();
    const form = page.getByTestId('webhook-form');
    // Not a web URL: the API's answer appears next to the field.
    await form.getByTestId('webhook-url-input').fill('ftp://example.org/hook');
    await form.getByTestId('webhook-save').click();
    await form.getByTestId('error-url').waitFor({ timeout: UI_TIMEOUT_MS });
    // In the page's language, not the server's English.
    expect(await form.getByTestId('error-url').textContent()).toMatch(/^Địa chỉ phải bắt đầu bằng https:\/\//);

    const deadUrl = `http://127.0.0.1:${await closedPort()}/cityops`;
    await form.getByTestId('webhook-url-input').fill(deadUrl);
    await form.getByTestId('webhook-secret').fill('e2e-secret-123');
    await form.getByTestId('webhook-includePrivate').check();
    await form.getByTestId('webhook-save').click();
    await form.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    const hooks = ((await (await api('/api/webhooks')).json()) as { webhooks: { id: number; url: string; includePrivate: boolean; hasSecret: boolean }[] }).webhooks;
    const hook = hooks.find((h) => h.url === deadUrl)!;
    expect(hook).toMatchObject({ includePrivate: true, hasSecret: true });
    await page.getByTestId(`webhook-${hook.id}`).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('deliveries-empty').waitFor({ timeout: UI_TIMEOUT_MS });

    // An alert change (a manual, internal alert) is delivered to the hook: the connection is refused.
    const alert = (await (await api('/api/alerts', { method: 'POST', json: { titleVi: 'E2E kiểm tra webhook', severity: 'Minor', category: 'Other' } })).json()) as { id: number };
    // Wait until the first attempt is recorded, then refresh the list.
    await waitForValue(async () => {
      const list = ((await (await api(`/api/webhooks/${hook.id}/deliveries`)).json()) as { deliveries: { alertId: number; attempts: number }[] }).deliveries;
      return list.find((d) => d.alertId === alert.id)?.attempts ?? 0;
    }, (n) => n > 0);
    await page.getByTestId('deliveries-refresh').click();
    const failing = page.locator('[data-testid="delivery-list"] tr[data-status="pending"]').filter({ hasText: `#${alert.id}` });
    await failing.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await failing.getByTestId('delivery-error').textContent()).toContain('không kết nối được');

    // Edit: point the hook at a working receiver; the next alert change is delivered.
    await page.getByTestId(`webhook-${hook.id}`).getByTestId('webhook-edit').click();
    expect(await form.getByTestId('webhook-secret').getAttribute('placeholder')).toBe('Để trống để giữ khóa hiện tại');
    const liveUrl = `http://127.0.0.1:${(receiver.address() as { port: number }).port}/cityops`;
    await form.getByTestId('webhook-url-input').fill(liveUrl);
    await form.getByTestId('webhook-save').click();
    await form.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    await expect.poll(() => page.getByTestId(`webhook-${hook.id}`).getByTestId('webhook-url').textContent()).toBe(liveUrl);
    await api(`/api/alerts/${alert.id}/acknowledge`, { method: 'POST', json: { comment: 'e2e' } });
    await waitForValue(async () => received.filter((x) => x.includes('"alert.acknowledged"')).length, (n) => n > 0);
    await page.getByTestId('deliveries-refresh').click();
    const delivered = page.locator('[data-testid="delivery-list"] tr[data-status="delivered"]').filter({ hasText: 'Đã xác nhận' });
    await delivered.waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'webhooks');

    // The hook still has its secret (the edit left the field empty).
    const after = ((await (await api('/api/webhooks')).json()) as { webhooks: { id: number; hasSecret: boolean }[] }).webhooks.find((h) => h.id === hook.id)!;
    expect(after.hasSecret).toBe(true);
    expect(b.unexpectedErrors()).toEqual([BAD_REQUEST, BAD_REQUEST]);
  });
});
