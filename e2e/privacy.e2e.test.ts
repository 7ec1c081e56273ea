// Browser test of the Personal data page (/privacy), as admin, in Vietnamese then English:
// the retention policies and their run; a data-subject request found by phone, downloaded,
// erased after a confirmation, and found no more. Screenshots docs/screenshots/privacy*.png.
// Also the account page: a leader turns on two-step verification with an authenticator app's
// code, then signs in with password and code (docs/screenshots/account-totp*.png); an account an
// admin requires it of sees only the enrolment until it is on (account-totp-required*.png).
import { Secret, TOTP } from 'otpauth';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, navLink, screenshot, signIn, UI_TIMEOUT_MS, waitForValue, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
let b: TestBrowser;
let phone = '';

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
  const token = ((await res.json()) as { token: string }).token;
  // A household business owner's phone from the demo register: the person of the request.
  const page = (await (await fetch(`${baseUrl}/api/datasets/household-businesses/records?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { records: { properties: Record<string, unknown> }[] };
  phone = String(page.records.find((r) => typeof r.properties.ownerPhone === 'string')!.properties.ownerPhone);
  b = await launchBrowser();
});
afterAll(async () => {
  await b?.close();
});

describe('personal data page', () => {
  test('retention policies, then a data-subject request found, downloaded and erased', async () => {
    const { page } = b;
    await page.goto(`${baseUrl}/`);
    await signIn(page, 'admin', 'demo');
    await (await navLink(page, 'nav-privacy')).click();
    await page.waitForURL(/\/privacy$/, { timeout: UI_TIMEOUT_MS });
    await page.getByTestId('retention-feedback-contacts').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('retention-feedback-contacts').textContent()).toContain('365');
    await page.getByTestId('retention-run').click();
    await page.getByTestId('retention-import-files').getByTestId('retention-last').filter({ hasText: 'dòng' }).waitFor({ timeout: UI_TIMEOUT_MS });

    // Unusual access to personal data: the screen is there, and says whether anything stands out.
    expect(await page.getByTestId('personal-reads-summary').textContent()).toMatch(/^(Không có dấu hiệu bất thường trong 14 ngày qua\.|Có \d+ ngày truy cập bất thường cần kiểm tra\.)$/);
    await page.getByTestId('subject-phone').fill(phone);
    await page.getByTestId('subject-basis').fill('Đơn yêu cầu số 12/2026 của chủ thể dữ liệu');
    await page.getByTestId('subject-search').click();
    await page.getByTestId('subject-results').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('subject-results').textContent()).toContain('Hộ kinh doanh');
    expect(await page.getByTestId('subject-results').textContent()).toContain(phone);
    await screenshot(page, 'privacy');

    const download = page.waitForEvent('download');
    await page.getByTestId('subject-download').click();
    expect((await download).suggestedFilename()).toBe('du-lieu-ca-nhan.json');

    await page.getByTestId('subject-erase').click();
    await page.getByTestId('subject-confirm').waitFor();
    await page.getByTestId('subject-erase-confirm').click();
    await page.getByTestId('subject-erased').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('subject-erased').textContent()).toMatch(/^Đã xóa thông tin cá nhân khỏi [1-9]\d* bản ghi/);

    await page.getByTestId('subject-search').click();
    await page.getByTestId('subject-results').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('subject-results').textContent()).toContain('Bản ghi trong kho dữ liệu: 0');

    // The same page in English.
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Personal data protection' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('retention').textContent()).toContain('Uploaded import files');
    await screenshot(page, 'privacy-en');
    await page.getByTestId('lang-toggle').click();
    expect(b.unexpectedErrors()).toEqual([]);
  });
});

describe('account page: two-step verification', () => {
  test('a user turns it on with the app\'s code and then signs in with password and code', async () => {
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
    const admin = ((await login.json()) as { token: string }).token;
    const created = await fetch(`${baseUrl}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ username: 'lanh-dao-2fa', displayName: 'Trần Thị Hai', role: 'leader', password: 'song-sai-gon-2026' }),
    });
    expect(created.status).toBe(201);

    const { page, context } = b;
    await context.clearCookies();
    await page.goto(`${baseUrl}/login`);
    await signIn(page, 'lanh-dao-2fa', 'song-sai-gon-2026');
    await page.getByTestId('user-menu').click();
    await page.getByTestId('account-link').click();
    await page.waitForURL(/\/account$/, { timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('totp-status').textContent()).toBe('Chưa bật.');
    await page.getByTestId('totp-start').click();
    await page.getByTestId('totp-qr').waitFor({ timeout: UI_TIMEOUT_MS });
    // What the phone's app does: read the key, compute the code.
    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    expect(await page.getByTestId('totp-qr').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await screenshot(page, 'account-totp-setup');
    await page.getByTestId('totp-code').fill(totp.generate());
    await page.getByTestId('totp-enable').click();
    await page.getByTestId('totp-recovery').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('totp-recovery').locator('code').count()).toBe(10);
    // The status is asked again after the factor is on: wait for the new answer (a busy machine
    // showed the codes while the old "Chưa bật." was still on screen).
    const status = await waitForValue(async () => (await page.getByTestId('totp-status').textContent()) ?? '', (v) => v !== 'Chưa bật.');
    expect(status).toMatch(/^Đang bật từ ngày \d{1,2}\/\d{1,2}\/\d{4}\. Còn 10 mã khôi phục\.$/);
    await screenshot(page, 'account-totp');

    // Signing in again asks for the code after the password.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/, { timeout: UI_TIMEOUT_MS });
    await signIn(page, 'lanh-dao-2fa', 'song-sai-gon-2026');
    await page.getByTestId('login-code').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('login-error').count()).toBe(0);
    await page.getByTestId('login-code').fill('000000' === totp.generate({ timestamp: Date.now() + 30_000 }) ? '111111' : '000000');
    await page.getByTestId('login-submit').click();
    await page.getByTestId('login-error').filter({ hasText: 'Mã xác thực không đúng hoặc đã được dùng.' }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The next step's code: the current one was used to turn the factor on.
    await page.getByTestId('login-code').fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByTestId('login-submit').click();
    await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: UI_TIMEOUT_MS });

    // The page in English.
    await page.goto(`${baseUrl}/account`);
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Account and security' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('totp-status').textContent()).toMatch(/^On since .+\. 10 recovery codes left\.$/);
    await screenshot(page, 'account-totp-en');
    await page.getByTestId('lang-toggle').click();
    expect(b.unexpectedErrors()).toEqual([]);
  });
});

describe('two-step verification required by an admin', () => {
  test('the admin ticks it for a new account; that person can only turn it on, then works', async () => {
    const { page, context } = b;
    await context.clearCookies();
    await page.goto(`${baseUrl}/admin`);
    await signIn(page, 'admin', 'demo');
    await page.getByTestId('user-list').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('user-new').click();
    await page.getByTestId('user-username').fill('truc-ban-2fa');
    await page.getByTestId('user-display-name').fill('Lê Văn Ba');
    await page.getByTestId('user-role').selectOption('operator');
    await page.getByTestId('user-require-two-step').check();
    await page.getByTestId('user-password').fill('ca-truc-sang-2026');
    await page.getByTestId('user-save').click();
    await page.getByTestId('user-row-truc-ban-2fa').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('user-two-step-truc-ban-2fa').textContent()).toBe('Bắt buộc, chưa bật');

    // The person signs in: only the enrolment, in either language, until the factor is on.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('logout').click();
    await page.waitForURL(/\/login/, { timeout: UI_TIMEOUT_MS });
    await signIn(page, 'truc-ban-2fa', 'ca-truc-sang-2026');
    await page.getByTestId('second-factor-gate').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByRole('heading', { name: 'Bật xác thực hai bước để tiếp tục' }).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('nav-map').count()).toBe(0);
    expect(await page.getByTestId('totp-required').textContent()).toBe('Tài khoản này bắt buộc dùng xác thực hai bước nên không thể tắt.');
    await page.getByTestId('totp-start').click();
    await page.getByTestId('totp-qr').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'account-totp-required');
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Turn on two-step verification to continue' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'account-totp-required-en');
    await page.getByTestId('lang-toggle').click();
    await page.getByRole('heading', { name: 'Bật xác thực hai bước để tiếp tục' }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The rest of the API refuses this session meanwhile (the page itself asks for none of it:
    // no console error below).
    const session = (await context.cookies()).find((c) => c.name === 'cityops_session')!.value;
    const alertsStatus = async () => (await fetch(`${baseUrl}/api/alerts`, { headers: { cookie: `cityops_session=${session}` } })).status;
    expect(await alertsStatus()).toBe(403);

    const secret = ((await page.getByTestId('totp-secret').textContent()) ?? '').replace(/\s+/g, '');
    const totp = new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' });
    await page.getByTestId('totp-code').fill(totp.generate());
    await page.getByTestId('totp-enable').click();
    await page.getByTestId('totp-recovery').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('totp-disable').count()).toBe(0);
    await page.getByTestId('gate-continue').click();
    await page.getByTestId('nav-map').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('second-factor-gate').count()).toBe(0);
    expect(await alertsStatus()).toBe(200);

    // The admin sees it on, and required.
    const login = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'demo' }) });
    const admin = ((await login.json()) as { token: string }).token;
    const users = (await (await fetch(`${baseUrl}/api/users`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { users: { username: string; secondFactor: boolean; requireSecondFactor: boolean }[] };
    expect(users.users.find((u) => u.username === 'truc-ban-2fa')).toMatchObject({ secondFactor: true, requireSecondFactor: true });
    expect(b.unexpectedErrors()).toEqual([]);
  });
});
