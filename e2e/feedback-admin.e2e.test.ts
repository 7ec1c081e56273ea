// Browser test of the feedback staff screens against the real server: an operator takes two
// calls (place by map pin, place by address + ward) and finds them in the inbox; the ward's
// officer answers one with a photo, and the citizen's track page shows that photo through its
// unguessable token URL; an admin edits a routing rule, issues an Open311 key — a POST to
// /open311/v2/requests.json with it succeeds — and revokes it, after which the POST fails in
// the spec's error format. Screenshots go to docs/screenshots/feedback-*.png.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import sharp from 'sharp';
import { launchBrowser, screenshot, signIn, waitForValue, MAP_READY_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
const PHOTO_URL = /\/api\/feedback\/photos\/[0-9a-f]{32}$/;

let operator: TestBrowser;
let officer: TestBrowser;
let admin: TestBrowser;
let pinCode = '';
let addressCode = '';

beforeAll(async () => {
  operator = await launchBrowser();
  officer = await launchBrowser();
  admin = await launchBrowser();
});
afterAll(async () => {
  await operator?.close();
  await officer?.close();
  await admin?.close();
});

async function signedIn(b: TestBrowser, user: string) {
  await b.page.goto(`${baseUrl}/login`);
  await signIn(b.page, user, 'demo');
  // Signed in once the top bar shows; then straight to the inbox (clicking the top-bar link
  // while the home page's map still loads can wait on its navigation on the loaded machine).
  await b.page.getByTestId('nav-map').waitFor();
  await b.page.goto(`${baseUrl}/feedback`);
  await b.page.getByTestId('feedback-inbox').waitFor();
}

describe('feedback staff screens', () => {
  test('an operator takes calls (map pin, then address + ward) and finds them in the inbox', async () => {
    const { page } = operator;
    await signedIn(operator, 'operator');
    await page.getByTestId('feedback-call-link').click();
    await page.getByTestId('call-intake').waitFor();

    // Call 1: placed by a pin; the category is suggested from the summary and pre-selected.
    await page.getByTestId('call-number').fill('0903 777 888');
    await page.getByTestId('call-name').fill('Trần Văn Gọi');
    await page.getByTestId('call-summary').fill('Đèn đường trước chợ Tân Mỹ bị tắt cả tuần, buổi tối rất tối');
    await page.getByTestId('call-suggestion').waitFor();
    expect(await waitForValue(() => page.getByTestId('call-category-select').inputValue(), (v) => v === 'chieu-sang')).toBe('chieu-sang');
    const map = page.locator('[data-testid="call-map"][data-ready="true"]');
    await map.waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    const b = (await map.boundingBox())!;
    await page.mouse.click(b.x + b.width / 2, b.y + b.height / 2);
    const pin = await waitForValue(() => page.getByTestId('call-pin').textContent(), (v) => !!v && /^\d+\.\d+, \d+\.\d+$/.test(v));
    expect(pin).toMatch(/^10\.\d+, 106\.\d+$/);
    await screenshot(page, 'feedback-call-intake');
    await page.getByTestId('call-submit').click();
    await page.getByTestId('call-receipt').waitFor();
    pinCode = (await page.getByTestId('call-code').textContent()) ?? '';
    expect(pinCode).toMatch(/^PA-[A-Z2-9]{8}$/);

    // Call 2: no pin, an address and the ward; no category chosen by hand (the server suggests).
    await page.getByTestId('call-new').click();
    await page.getByTestId('call-intake').waitFor();
    await page.getByTestId('call-number').fill('0912 000 111');
    await page.getByTestId('call-transcript').fill('Alo tổng đài, rác thải đổ tràn ra đường ở đầu hẻm nhà tôi ba ngày nay không ai thu gom, bốc mùi hôi thối');
    await page.getByTestId('call-mode-address').click();
    await page.getByTestId('call-address').fill('Hẻm 15 Nguyễn Thị Thập');
    await page.getByTestId('call-ward').selectOption('27475');
    // The ward choices are the wards the server declares (client config), named by the areas API.
    expect(await page.getByTestId('call-ward').locator('option:checked').textContent()).toBe('Phường Tân Hưng');
    await page.getByTestId('call-submit').click();
    await page.getByTestId('call-receipt').waitFor();
    addressCode = (await page.getByTestId('call-code').textContent()) ?? '';
    expect(addressCode).toMatch(/^PA-[A-Z2-9]{8}$/);
    expect(await page.getByTestId('call-receipt').textContent()).toContain('Phường Tân Hưng');
    expect(await page.getByTestId('call-category').textContent()).toMatch(/Rác thải/);
    await screenshot(page, 'feedback-call-receipt');

    // Both are in the inbox, from the call-centre channel, contact masked.
    await page.goto(`${baseUrl}/feedback`);
    for (const code of [pinCode, addressCode]) {
      await page.getByTestId('inbox-search').fill(code);
      await page.getByTestId(`inbox-row-${code}`).waitFor({ timeout: 30_000 });
    }
    await page.getByTestId(`inbox-row-${addressCode}`).getByRole('link', { name: addressCode }).click();
    await page.getByTestId('feedback-detail').waitFor();
    expect(await page.getByTestId('detail-contact').textContent()).toContain('*******111');
    // The channel is named (below); the timeline no longer repeats the log note "channel: call-centre" (issue 20: no raw codes).
    expect(await page.getByTestId('detail-timeline').textContent()).not.toContain('call-centre');
    // Category and channel are named, not shown as codes.
    expect(await page.getByTestId('detail-channel').textContent()).toBe('Tổng đài');
    expect(await waitForValue(() => page.getByTestId('detail-category').textContent(), (v) => /Rác thải/.test(v ?? ''))).toMatch(/Rác thải/);
  });

  test("the ward's officer answers with a photo; the citizen sees it through its token URL", async () => {
    const { page } = officer;
    await signedIn(officer, 'officer');
    expect(await page.getByTestId('feedback-call-link').count()).toBe(0); // officers do not take calls
    await page.getByTestId('inbox-search').fill(addressCode);
    const row = page.getByTestId(`inbox-row-${addressCode}`);
    await row.waitFor({ timeout: 30_000 });
    await row.getByRole('link', { name: addressCode }).click();
    await page.getByTestId('feedback-detail').waitFor();
    await page.getByTestId('assign-unit').selectOption('ubnd-27475');
    // The units come from GET /api/units and are shown by name.
    expect(await page.getByTestId('assign-unit').locator('option:checked').textContent()).toBe('UBND phường Tân Hưng');
    await page.getByTestId('action-assign').click();
    await page.locator('[data-testid="detail-status"][data-status="assigned"]').waitFor();

    const after = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#2f9e44' } })
      .composite([{ input: Buffer.from('<svg width="800" height="600"><rect x="200" y="150" width="400" height="300" fill="#fff"/></svg>'), top: 0, left: 0 }])
      .jpeg()
      .withExif({ IFD0: { Artist: 'Can bo phuong' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '10/1 44/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '106/1 42/1 0/1' } })
      .toBuffer();
    await page.getByTestId('answer-text').fill('Đội vệ sinh đã thu gom toàn bộ rác tại đầu hẻm 15, ảnh sau khi xử lý đính kèm.');
    await page.getByTestId('answer-photos').setInputFiles({ name: 'sau-khi-xu-ly.jpg', mimeType: 'image/jpeg', buffer: after });
    await page.getByTestId('answer-photo-count').waitFor();
    await screenshot(page, 'feedback-staff-answer-form');
    await page.getByTestId('action-resolve').click();
    await page.locator('[data-testid="detail-status"][data-status="resolved"]').waitFor();
    const staffImg = page.getByTestId('detail-answer-photos').locator('img');
    expect(await staffImg.count()).toBe(1);
    expect(await staffImg.getAttribute('src')).toMatch(PHOTO_URL);
    await waitForValue(() => staffImg.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0)), (w) => w > 0);
    await screenshot(page, 'feedback-staff-answer-photo');

    // The citizen (no session) sees the answer and its photo.
    const citizen = await launchBrowser({ viewport: { width: 390, height: 844 } });
    try {
      await citizen.page.goto(`${baseUrl}/phan-anh/${addressCode}`);
      await citizen.page.getByTestId('track-answer').waitFor();
      const img = citizen.page.getByTestId('track-answer-photos').locator('img');
      expect(await img.count()).toBe(1);
      const src = (await img.getAttribute('src')) ?? '';
      expect(src).toMatch(PHOTO_URL);
      const width = await waitForValue(() => img.evaluate((i: HTMLImageElement) => (i.complete ? i.naturalWidth : 0)), (w) => w > 0);
      expect(width).toBe(800);
      await citizen.page.getByTestId('track-answer').scrollIntoViewIfNeeded();
      await screenshot(citizen.page, 'feedback-citizen-answer-photo');
      expect(citizen.unexpectedErrors()).toEqual([]);
      // Served anonymously, re-encoded without EXIF; a neighbouring id or a wrong token is a 404.
      const res = await fetch(baseUrl + src);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).exif).toBeUndefined();
      expect((await fetch(`${baseUrl}/api/feedback/photos/1`)).status).toBe(404);
      expect((await fetch(baseUrl + src.replace(/[0-9a-f]{4}$/, '0000'))).status).toBe(404);
    } finally {
      await citizen.close();
    }
    expect(officer.unexpectedErrors()).toEqual([]);
  });

  test('an admin edits a routing rule and adds a ward-specific one', async () => {
    const { page } = admin;
    await signedIn(admin, 'admin');
    await page.getByTestId('feedback-rules-link').click();
    await page.getByTestId('rules-table').waitFor();
    await page.getByTestId('rule-unit-tieng-on-all').waitFor();
    await page.getByTestId('rule-add-category').selectOption('cay-xanh');
    await page.getByTestId('rule-add-ward').selectOption('27487');
    // Ward choices come from the API: the served wards of the client config, with the areas API's names, in that order.
    const declared = (await page.evaluate(async () => {
      const { wards } = (await (await fetch('/api/client-config')).json()) as { wards: string[] };
      const { areas } = (await (await fetch(`/api/areas?level=ward&code=${wards.join(',')}`)).json()) as { areas: { code: string; nameVi: string }[] };
      return wards.map((code) => [code, areas.find((a) => a.code === code)!.nameVi]);
    })) as [string, string][];
    expect(declared.map(([code]) => code)).toEqual(['27475', '27478', '27484', '27487']);
    const options = await page.getByTestId('rule-add-ward').locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent]));
    expect(options).toEqual(declared);
    // Units are shown by name, never by code.
    const units = await page.getByTestId('rule-add-unit').locator('option').evaluateAll((os) => os.map((o) => [(o as HTMLOptionElement).value, o.textContent ?? '']));
    for (const [value, text] of units) if (value) expect(text).not.toBe(value);
    await page.getByTestId('rule-add-unit').selectOption('phong-tnmt');
    await page.getByTestId('rule-add-submit').click();
    await page.getByTestId('rule-cay-xanh-27487').waitFor();
    await page.getByTestId('rule-unit-tieng-on-all').selectOption('ubnd-27475');
    await waitForValue(() => page.getByTestId('rules-message').count(), (n) => n > 0);
    const rules = (await page.evaluate(async () => (await fetch('/api/feedback/rules')).json())) as { rules: { categoryCode: string; wardCode: string | null; unitCode: string }[] };
    expect(rules.rules).toEqual(expect.arrayContaining([
      expect.objectContaining({ categoryCode: 'cay-xanh', wardCode: '27487', unitCode: 'phong-tnmt' }),
      expect.objectContaining({ categoryCode: 'tieng-on', wardCode: null, unitCode: 'ubnd-27475' }),
    ]));
    await screenshot(page, 'feedback-routing-rules');
  });

  test('an admin issues an Open311 key (shown once); a client posts with it; after revoking, the spec error', async () => {
    const { page } = admin;
    await page.goto(`${baseUrl}/feedback`);
    await page.getByTestId('feedback-keys-link').click();
    await page.getByTestId('open311-keys').waitFor();
    await page.getByTestId('key-app').fill('Ứng dụng Công dân số Quận 7');
    await page.getByTestId('key-contact').fill('dev@congdanso.example.vn');
    await page.getByTestId('key-issue').click();
    await page.getByTestId('key-issued').waitFor();
    const apiKey = (await page.getByTestId('key-value').textContent()) ?? '';
    expect(apiKey).toMatch(/^o311_[0-9a-f]{40}$/);
    await screenshot(page, 'feedback-open311-keys');

    const post = (key: string) => fetch(`${baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ api_key: key, service_code: 'giao-thong', address_string: 'Đường Nguyễn Văn Linh, Phường Tân Hưng', description: 'Ổ gà lớn giữa làn xe máy' }).toString(),
    });
    const ok = await post(apiKey);
    expect(ok.status).toBe(201);
    const created = (await ok.json()) as { service_request_id: string }[];
    expect(created[0]!.service_request_id).toMatch(/^PA-/);

    // The key is shown once: after hiding it, the list keeps only its hint.
    await page.getByTestId('key-dismiss').click();
    expect(await page.getByTestId('open311-keys').textContent()).not.toContain(apiKey);
    expect(await page.getByTestId('open311-keys').textContent()).toContain(apiKey.slice(0, 9));
    const row = page.locator('[data-testid^="key-row-"]', { hasText: 'Ứng dụng Công dân số Quận 7' });
    const id = ((await row.getAttribute('data-testid')) ?? '').replace('key-row-', '');
    await page.getByTestId(`key-revoke-${id}`).click();
    await page.getByTestId(`key-revoke-confirm-${id}`).click();
    await page.locator(`[data-testid="key-state-${id}"][data-state="revoked"]`).waitFor();
    await screenshot(page, 'feedback-open311-keys-revoked');

    const refused = await post(apiKey);
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/application\/json/);
    expect(await refused.json()).toEqual([{ code: 403, description: 'invalid api_key' }]);
    expect(admin.unexpectedErrors()).toEqual([]);
    expect(operator.unexpectedErrors()).toEqual([]);
  });
});
