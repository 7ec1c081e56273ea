// The officer's and the citizen's day in a real browser against the real server (issue 20), in
// Vietnamese and in English. Officer (UBND phường Tân Hưng): imports into the ward's own dataset
// with the import wizard, edits a record, moves its point on the map, adds one and deletes it with
// undo. Citizen (phone): places the point, sees the open reports nearby and says "my problem
// too", sends. Officer: sorts the inbox, bulk-assigns with confirmation, adds an internal note,
// answers with a canned reply (small map of the place on the page). Citizen: looks the report up
// by its code, rates it, says "still not fixed": it reopens, and the officer sees it in the
// timeline. Every screen is checked for raw codes and for the other language's words; the
// screenshots go to docs/screenshots/day-*.png.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { Page } from 'playwright-core';
import { launchBrowser, screenshot, signIn, waitForValue, MAP_READY_TIMEOUT_MS, UI_TIMEOUT_MS, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
const PHONE = { width: 390, height: 844 };
/** A point inside Tân Hưng (27475), where the demo officer works. */
const SPOT = { latitude: 10.742, longitude: 106.705 };

/** Words that must not show on a screen in the given language, and raw codes that never should. */
const FORBIDDEN: Record<'vi' | 'en', RegExp> = {
  vi: /\b(records?|Overdue|Due soon|Internal|Canned|Undo|Delete|Still not fixed|reopened|Assign|Confirm|Cancel|Save|Coordinates|note|citizen|bulk|system)\b/,
  // Enum values are stored in Vietnamese and shown by their English label (valuesEn).
  en: /(Quá hạn|Sắp đến hạn|Nội bộ|Mẫu trả lời|Hoàn tác|Vẫn chưa được khắc phục|Xác nhận|Lưu vị trí|Ghi chú|Còn ngập|Đã cải tạo)/,
};
const RAW_CODES = /\b(ubnd-\d{5}|phong-[a-z-]+|chieu-sang|rac-thai|ha-tang|tan-hung-flood-spots|in_progress|bad_transition|not_found)\b/;

async function assertClean(page: Page, lang: 'vi' | 'en', where: string) {
  const text = await page.locator('body').innerText();
  expect(text.match(FORBIDDEN[lang])?.[0], `${where}: other language on a ${lang} screen`).toBeUndefined();
  expect(text.match(RAW_CODES)?.[0], `${where}: raw code on screen`).toBeUndefined();
  // No cut titles: every heading fits its box.
  const cut = await page.locator('h1, h2, h3').evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent));
  expect(cut, `${where}: cut headings`).toEqual([]);
}

async function setLanguage(page: Page, lang: 'vi' | 'en') {
  await page.evaluate((l) => localStorage.setItem('cityops.lang', l), lang);
}

describe.each(['vi', 'en'] as const)('officer and citizen day (%s)', (lang) => {
  let officer: TestBrowser;
  let citizen: TestBrowser;
  const tag = lang.toUpperCase();
  let code = '';
  let seededCode = '';

  beforeAll(async () => {
    officer = await launchBrowser();
    citizen = await launchBrowser({ viewport: PHONE });
    await officer.page.goto(`${baseUrl}/login`);
    await setLanguage(officer.page, lang);
    await officer.page.reload();
    await signIn(officer.page, 'officer', 'demo');
    // The shared machine may still be busy right after the server starts.
    await officer.page.getByTestId('nav-map').waitFor({ timeout: 60_000 });
  }, 120_000);
  afterAll(async () => {
    await officer?.close();
    await citizen?.close();
  });

  test('officer: import into the ward dataset, edit, move the point, add and delete with undo', async () => {
    const { page } = officer;
    const csv = [
      'Mã,Vị trí,Tuyến đường,Độ sâu ngập lớn nhất,Tình trạng,Kinh độ,Vĩ độ',
      `E2E-${tag}-01,Hẻm 12 Nguyễn Thị Thập,Nguyễn Thị Thập,30,Còn ngập,"106,7050","10,7420"`,
      `E2E-${tag}-02,Đầu hẻm 45 Lê Văn Lương,Lê Văn Lương,20,Còn ngập,"106,7010","10,7380"`,
    ].join('\r\n');
    await page.goto(`${baseUrl}/data/tan-hung-flood-spots`);
    await page.getByTestId('import-button').click();
    await page.getByTestId('import-file').setInputFiles({ name: 'diem-ngap.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}`, 'utf8') });
    await page.getByTestId('import-read').click();
    await page.getByTestId('import-mapping').waitFor({ timeout: 30_000 });
    await page.getByTestId('import-preview').click();
    await page.getByTestId('import-preview-step').waitFor({ timeout: 30_000 });
    await page.getByTestId('import-start').click();
    await page.locator('[data-testid="import-job"][data-status="done"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('job-inserted').textContent()).toContain('2');

    // Edit the first imported record.
    const found = await page.evaluate(async (c) => (await (await fetch(`/api/datasets/tan-hung-flood-spots/records?q=${c}`)).json()) as { records: { id: number }[] }, `E2E-${tag}-01`);
    const rid = found.records[0]!.id;
    await page.goto(`${baseUrl}/data/tan-hung-flood-spots/records/${rid}`);
    await page.getByTestId('record-edit').click();
    await page.locator('[data-testid="record-form"] input[name="depthCm"]').fill('45');
    await page.getByTestId('record-save').click();
    await waitForValue(() => page.getByTestId('field-depthCm').textContent().catch(() => ''), (v) => !!v && v.includes('45'));
    expect(await page.getByTestId('field-status').textContent()).toBe(lang === 'en' ? 'Still flooding' : 'Còn ngập');

    // Move its point: drag the marker, save; the history says where from and where to.
    await page.locator('[data-testid="record-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    await page.getByTestId('record-move').click();
    const pin = page.getByTestId('record-pin');
    await pin.waitFor();
    const b = (await pin.boundingBox())!;
    const [x0, y0] = [b.x + b.width / 2, b.y + b.height / 3];
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    await page.mouse.move(x0 + 30, y0 + 10, { steps: 5 });
    await page.mouse.move(x0 + 60, y0 + 20, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('move-save').click();
    await page.getByTestId('record-message').waitFor();
    await waitForValue(() => page.locator('[data-testid="history-entry"][data-action="update"]').count(), (n) => n >= 2);
    const moved = await page.evaluate(async (id) => (await (await fetch(`/api/datasets/tan-hung-flood-spots/records/${id}`)).json()) as { geometry: { coordinates: number[] } }, rid);
    expect(moved.geometry.coordinates[0]).toBeGreaterThan(106.705);
    expect(await page.getByTestId('record-history').textContent()).toContain(lang === 'vi' ? 'Tọa độ' : 'Coordinates');
    await assertClean(page, lang, 'record page');
    await screenshot(page, `day-officer-record-moved-${lang}`);

    // Add a record from the dataset page, its point placed on the map.
    await page.goto(`${baseUrl}/data/tan-hung-flood-spots`);
    await page.getByTestId('record-add').click();
    const form = page.getByTestId('new-record-form');
    await form.locator('input[name="code"]').fill(`E2E-${tag}-03`);
    await form.locator('input[name="name"]').fill('Ngã tư đường số 17');
    await form.locator('select[name="status"]').selectOption('Còn ngập');
    await page.locator('[data-testid="new-record-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    await page.getByTestId('new-record-map').click();
    await waitForValue(() => page.getByTestId('new-coords').textContent(), (v) => !!v && /\d/.test(v));
    await assertClean(page, lang, 'new record form');
    await screenshot(page, `day-officer-new-record-${lang}`);
    await page.getByTestId('new-record-save').click();
    await page.waitForURL(/\/records\/\d+$/, { timeout: 30_000 });
    const newId = Number(page.url().split('/').pop());

    // Delete it, then undo from the toast: it comes back under its id.
    await page.getByTestId('record-delete').click();
    await page.getByTestId('undo-toast').waitFor();
    await page.getByTestId('record-deleted').waitFor();
    await assertClean(page, lang, 'undo toast');
    await screenshot(page, `day-officer-undo-${lang}`);
    await page.getByTestId('undo-delete').click();
    await page.getByTestId('record-fields').waitFor();
    const back = await page.evaluate(async (id) => (await fetch(`/api/datasets/tan-hung-flood-spots/records/${id}`)).status, newId);
    expect(back).toBe(200);
    const actions = await waitForValue(() => page.locator('[data-testid="history-entry"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-action')).join(',')), (v) => v === 'restore,delete,create');
    expect(actions).toBe('restore,delete,create');
  });

  test('citizen: places the point, sees the open reports nearby, says "my problem too", and sends', async () => {
    // Someone already reported a broken light at this place.
    const seeded = await fetch(`${baseUrl}/api/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ category: 'chieu-sang', description: 'Đèn đường đầu hẻm tắt mấy hôm nay', lat: SPOT.latitude + 0.0003, lon: SPOT.longitude, name: 'Lê Văn Tám', phone: '0911222333' }),
    });
    seededCode = ((await seeded.json()) as { trackingCode: string }).trackingCode;
    const { page, context } = citizen;
    await context.grantPermissions(['geolocation'], { origin: baseUrl });
    await context.setGeolocation(SPOT);
    await page.goto(`${baseUrl}/phan-anh`);
    await setLanguage(page, lang);
    await page.reload();
    await page.getByTestId('fb-description').fill('Đèn đường trước số 12 Nguyễn Thị Thập không sáng, buổi tối rất tối');
    await page.getByTestId('fb-use-location').click();
    await page.getByTestId('fb-nearby').waitFor({ timeout: 30_000 });
    const nearby = await page.getByTestId('fb-nearby').textContent();
    expect(nearby).not.toContain('Lê Văn Tám');
    expect(nearby).not.toContain('0911222333');
    expect(nearby).not.toContain('tắt mấy hôm');
    // The seeded report, by its public id (the officer looks it up; citizens never see codes of others).
    const seededId = await officer.page.evaluate(async (c) => ((await (await fetch(`/api/feedback/reports?q=${c}&status=`)).json()) as { reports: { id: number }[] }).reports[0]!.id, seededCode);
    await page.getByTestId(`nearby-support-r${seededId}`).click();
    await page.getByTestId(`nearby-supported-r${seededId}`).waitFor();
    await page.getByTestId('fb-category').selectOption('chieu-sang');
    await page.getByTestId('fb-phone').fill('0909888777');
    await page.locator('[data-testid="fb-pick-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    await page.getByTestId('fb-nearby').scrollIntoViewIfNeeded();
    await assertClean(page, lang, 'citizen form');
    await screenshot(page, `day-citizen-nearby-${lang}`);
    await page.getByTestId('fb-submit').click();
    await page.getByTestId('feedback-receipt').waitFor();
    code = (await page.getByTestId('tracking-code').textContent()) ?? '';
    expect(code).toMatch(/^PA-[A-Z2-9]{8}$/);
  });

  test('officer: sorts the inbox, bulk-assigns with confirmation, notes internally, answers with a canned reply', async () => {
    const { page } = officer;
    await page.goto(`${baseUrl}/feedback`);
    await page.getByTestId('feedback-inbox').waitFor();
    await page.getByTestId('sort-deadlineAt').click();
    await page.locator('th[aria-sort="ascending"] [data-testid="sort-deadlineAt"]').waitFor();
    // The rows in that order: the previous ones stay on screen while the sorted page loads.
    await page.locator('[data-testid="inbox-table"][aria-busy="false"]').waitFor({ timeout: UI_TIMEOUT_MS });
    // Sorted on the server by deadline; overdue rows (red) come first, each labelled.
    const marks = await waitForValue(() => page.locator('[data-testid^="inbox-row-"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-deadline'))), (m) => m.length > 0);
    expect(marks.length).toBeGreaterThan(0);
    const firstOk = marks.indexOf('ok');
    if (firstOk >= 0) expect(marks.slice(firstOk).filter((m) => m === 'overdue')).toEqual([]);
    const overdueRows = page.locator('tr.fb-overdue .fb-deadline--overdue');
    expect(await overdueRows.count()).toBe(marks.filter((m) => m === 'overdue').length);
    if (lang === 'vi') await screenshot(page, 'day-officer-inbox-sorted-vi');
    await page.getByTestId('inbox-search').fill(code);
    const row = page.getByTestId(`inbox-row-${code}`);
    await row.waitFor({ timeout: 30_000 });
    await row.locator('input[type="checkbox"]').check();
    await page.getByTestId('bulk-unit').selectOption('ubnd-27475');
    await page.getByTestId('bulk-assign').click();
    await page.getByTestId('bulk-confirm').waitFor();
    await assertClean(page, lang, 'inbox');
    await screenshot(page, `day-officer-bulk-confirm-${lang}`);
    await page.getByTestId('bulk-confirm-yes').click();
    await waitForValue(() => row.textContent(), (v) => !!v && v.includes(lang === 'vi' ? 'Đã giao' : 'Assigned'));

    await row.getByRole('link', { name: code }).click();
    await page.getByTestId('feedback-detail').waitFor();
    await page.locator('[data-testid="detail-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    await page.getByTestId('note-text').fill('Đã gọi điện lực khu vực, hẹn thay bóng trong ngày');
    await page.getByTestId('note-submit').click();
    await page.locator('[data-testid="detail-timeline"] li[data-kind="note"][data-internal="true"]').waitFor();
    await page.getByTestId('canned-select').selectOption({ index: 1 });
    const answer = await page.getByTestId('answer-text').inputValue();
    expect(answer).toMatch(/^Cảm ơn Ông\/Bà đã phản ánh/);
    await page.getByTestId('answer-text').fill(`${answer}\nĐã thay bóng đèn trước số 12.`);
    await assertClean(page, lang, 'report page');
    await screenshot(page, `day-officer-answer-${lang}`);
    await page.getByTestId('action-resolve').click();
    await page.locator('[data-testid="detail-status"][data-status="resolved"]').waitFor();
  });

  test('citizen: looks the report up by its code, rates it, says "still not fixed": it reopens', async () => {
    const { page } = citizen;
    await page.goto(`${baseUrl}/phan-anh`);
    await page.getByTestId('citizen-lookup').fill(code.toLowerCase());
    await page.getByTestId('citizen-lookup-submit').click();
    await page.getByTestId('track-answer').waitFor();
    expect(await page.getByTestId('track-view').textContent()).not.toContain('điện lực khu vực'); // the internal note stays inside
    await page.getByTestId('star-2').click();
    await page.getByTestId('rate-phone').fill('8777');
    await page.getByTestId('rate-submit').click();
    await page.getByTestId('track-rating').waitFor();
    expect(await page.getByTestId('track-status').getAttribute('data-status')).toBe('closed');
    await page.getByTestId('reopen-open').click();
    await page.getByTestId('reopen-reason').fill('Đèn sáng được một đêm rồi lại tắt');
    await page.getByTestId('reopen-phone').fill('8777');
    await assertClean(page, lang, 'track page');
    await screenshot(page, `day-citizen-reopen-${lang}`);
    await page.getByTestId('reopen-submit').click();
    await page.locator('[data-testid="track-status"][data-status="assigned"]').waitFor();
    expect(await page.locator('.fb-timeline li[data-kind="reopened"]').textContent()).toContain('lại tắt');
  });

  test.runIf(lang === 'vi')('admin: edits the canned replies the officers insert', async () => {
    const admin = await launchBrowser();
    try {
      const { page } = admin;
      await page.goto(`${baseUrl}/feedback/canned-replies`);
      await signIn(page, 'admin', 'demo');
      await page.getByTestId('canned-page').waitFor({ timeout: 30_000 });
      await page.getByTestId('canned-add').click();
      await page.getByTestId('canned-title-vi').fill('Hẹn kiểm tra lại');
      await page.getByTestId('canned-title-en').fill('Re-check booked');
      await page.getByTestId('canned-body').fill('Đơn vị sẽ kiểm tra lại hiện trường trong 3 ngày làm việc.');
      await page.getByTestId('canned-save').click();
      await page.getByText('Đơn vị sẽ kiểm tra lại hiện trường trong 3 ngày làm việc.').waitFor();
      await assertClean(page, 'vi', 'canned replies');
      await screenshot(page, 'day-admin-canned-replies-vi');
      const list = await page.evaluate(async () => ((await (await fetch('/api/feedback/canned-replies')).json()) as { replies: { titleVi: string }[] }).replies.map((r) => r.titleVi));
      expect(list).toContain('Hẹn kiểm tra lại');
      expect(admin.unexpectedErrors()).toEqual([]);
    } finally {
      await admin.close();
    }
  });

  test('officer: sees the reopening and the citizen who joined, in the timeline', async () => {
    const { page } = officer;
    await page.reload();
    await page.locator('[data-testid="detail-status"][data-status="assigned"]').waitFor();
    await page.locator('[data-testid="detail-timeline"] li[data-kind="reopened"]').waitFor();
    expect(await page.getByTestId('detail-reopened').textContent()).toContain('1');
    await page.locator('[data-testid="detail-map"][data-ready="true"]').waitFor({ timeout: MAP_READY_TIMEOUT_MS });
    await assertClean(page, lang, 'report page after reopen');
    await screenshot(page, `day-officer-reopened-${lang}`);
    // The report the citizen joined counts them.
    const seeded = await page.evaluate(async (c) => (await (await fetch(`/api/feedback/reports?q=${c}&status=`)).json()) as { reports: { supporters: number }[] }, seededCode);
    expect(seeded.reports[0]!.supporters).toBe(1);
    expect(officer.unexpectedErrors()).toEqual([]);
    expect(citizen.unexpectedErrors()).toEqual([]);
  });
});
