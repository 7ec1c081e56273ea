// Browser test of epidemic control: an operator records a case and two contacts in Tân Mỹ in
// the week of 13/12/2021 (the demo's ward at the edge of level 2), the chain diagram and the map
// update, a contact turns into a case, and the ward's level rises from 1 to 2; the public
// check of a green certificate shows no identity. Screenshots docs/screenshots/epidemics-*.png
// in Vietnamese and English.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { launchBrowser, navLink, screenshot, signIn, UI_TIMEOUT_MS, waitForValue, type TestBrowser } from './browser.ts';

const baseUrl = inject('baseUrl');
let b: TestBrowser;
let token = '';
const DAY = '2021-12-15';
const NAME = 'Võ Thị Ca Thử';

beforeAll(async () => {
  const res = await fetch(`${baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'operator', password: 'demo' }) });
  token = ((await res.json()) as { token: string }).token;
  b = await launchBrowser();
});
afterAll(async () => {
  await b?.close();
});

describe('epidemics', () => {
  test('an operator records a case and two contacts; chain and map update; a contact becomes a case; the ward\'s level rises', async () => {
    const { page } = b;
    await page.goto(`${baseUrl}/`);
    await signIn(page, 'operator', 'demo');
    await (await navLink(page, 'nav-epidemics')).click();
    await page.getByTestId('epidemics-page').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.goto(`${baseUrl}/epidemics?day=${DAY}`);
    const tmRow = page.getByTestId('levels-row-27487');
    await tmRow.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('incidence-27487').textContent()).toBe('18,75');
    expect(await tmRow.getByTestId('level-1').count()).toBe(1);

    // The map before: the chains of the 14 days up to the day.
    await page.getByTestId('epi-tab-map').click();
    const map = page.locator('[data-testid="epi-map"][data-ready="yes"]');
    await map.waitFor({ timeout: 60_000 });
    const edgesBefore = Number(await map.getAttribute('data-chain-edges'));

    // A case and two contacts.
    await page.getByTestId('epi-tab-cases').click();
    await page.getByTestId('f-name').fill(NAME);
    await page.getByTestId('f-phone').fill('0912 000 111');
    await page.getByTestId('f-idNumber').fill('079200000111');
    await page.getByTestId('f-ward').selectOption({ label: 'Tân Mỹ' });
    await page.getByTestId('f-lon').fill('106.7240');
    await page.getByTestId('f-lat').fill('10.7300');
    await page.getByTestId('f-confirmedOn').fill(DAY);
    await page.getByTestId('f-save').click();
    const saved = page.getByTestId('epi-saved');
    await saved.waitFor({ timeout: UI_TIMEOUT_MS });
    const caseCode = /CA-\d+/.exec((await saved.textContent()) ?? '')![0];
    await page.getByTestId('mode-contact').click();
    expect(await page.getByTestId('f-sourceCode').inputValue()).toBe(caseCode);
    const contactCodes: string[] = [];
    for (const [name, lon] of [['Lê Văn Tiếp Một', '106.7245'], ['Đỗ Thị Tiếp Hai', '106.7235']] as const) {
      await page.getByTestId('f-name').fill(name);
      await page.getByTestId('f-lon').fill(lon);
      await page.getByTestId('f-lat').fill('10.7305');
      await page.getByTestId('f-contactOn').fill('2021-12-14');
      await page.getByTestId('f-save').click();
      const text = await waitForValue(async () => (await saved.textContent()) ?? '', (t) => /CO-\d+/.test(t) && !contactCodes.some((c) => t.includes(c)));
      contactCodes.push(/CO-\d+/.exec(text)![0]);
    }
    expect(contactCodes).toHaveLength(2);
    // The list masks identities even for the operator; the record (audited) shows them to this role.
    await page.getByTestId(`person-${caseCode}`).waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId(`person-${caseCode}`).textContent()).toContain('V. T. C. T***');
    await screenshot(page, 'epidemics-cases');

    // The chain: three codes, no names.
    await page.getByTestId('epi-tab-chains').click();
    await page.getByTestId('chain-find').fill(contactCodes[1]!);
    await page.getByTestId('chain-find').press('Enter');
    await page.getByText(`(3 người)`).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('chain-graph').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('epidemics-page').textContent()).not.toContain(NAME);
    await screenshot(page, 'epidemics-chain');

    // The map: two more links.
    await page.getByTestId('epi-tab-map').click();
    await map.waitFor({ timeout: 60_000 });
    const edgesAfter = await waitForValue(async () => Number(await map.getAttribute('data-chain-edges')), (n) => n >= edgesBefore + 2);
    expect(edgesAfter).toBe(edgesBefore + 2);
    await screenshot(page, 'epidemics-map');
    // The supervisor's day: the two new contacts are due today in Tân Mỹ's teams.
    await page.getByTestId('epi-tab-supervisor').click();
    await page.getByTestId('epi-supervisor').getByRole('cell', { name: 'Tổ truy vết 1 – Tân Mỹ', exact: true }).waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'epidemics-supervisor');

    // Still level 1 with 28 community cases in two weeks (19,44); the contact turning into a case makes 29 (20,14): level 2.
    await page.getByTestId('epi-tab-overview').click();
    await waitForValue(async () => page.getByTestId('incidence-27487').textContent(), (t) => t === '19,44');
    await page.getByTestId('epi-tab-cases').click();
    await page.getByTestId(`convert-${contactCodes[0]}`).click();
    await page.getByText(`${contactCodes[0]} đã chuyển thành ca bệnh.`).waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('epi-tab-overview').click();
    await tmRow.getByTestId('level-2').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('incidence-27487').textContent()).toBe('20,14');
    await tmRow.click();
    await page.getByTestId('epi-history').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.getByTestId('epi-history').scrollIntoViewIfNeeded();
    await screenshot(page, 'epidemics-levels');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.getByTestId('epi-daily-chart').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'epidemics-dashboard');
    await page.getByTestId('lang-toggle').click();
    await page.getByText('Epidemic levels, week starting 12/13/2021').waitFor({ timeout: UI_TIMEOUT_MS }).catch(async () => page.getByText('Epidemic levels, week starting').waitFor({ timeout: UI_TIMEOUT_MS }));
    expect(await page.getByTestId('incidence-27487').textContent()).toBe('20.14');
    // Ward names follow the language too (they stayed Vietnamese on the English page).
    expect(await page.getByTestId('ward-row-27487').locator('td').first().textContent()).toBe('Tan My Ward');
    expect(await page.getByTestId('levels-row-27487').locator('td').first().textContent()).toBe('Tan My Ward');
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'epidemics-dashboard-en');
    await page.getByTestId('epi-tab-chains').click();
    await page.getByTestId('chain-graph').waitFor({ timeout: UI_TIMEOUT_MS });
    await screenshot(page, 'epidemics-chain-en');
    await page.getByTestId('lang-toggle').click();
  });

  test('the public check of a green certificate shows no identity', async () => {
    const { page } = b;
    const list = (await (await fetch(`${baseUrl}/api/epidemics/green/household?limit=50`, { headers: { authorization: `Bearer ${token}` } })).json()) as { subjects: { subjectKey: string; green: boolean }[] };
    const key = list.subjects.find((x) => x.green)!.subjectKey;
    const res = await fetch(`${baseUrl}/api/epidemics/green/household/certificates`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ key }) });
    expect(res.status).toBe(201);
    const cert = (await res.json()) as { verifyPath: string };
    await page.goto(`${baseUrl}${cert.verifyPath}`);
    await page.getByTestId('cert-card').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('cert-status').textContent()).toBe('Còn hiệu lực – vùng xanh');
    expect(await page.getByTestId('cert-label').textContent()).toBe(key);
    const text = (await page.getByTestId('public-certificate').textContent()) ?? '';
    expect(text).not.toMatch(/\d{9,}/); // no phone or ID number
    await screenshot(page, 'epidemics-certificate');
    await page.getByTestId('lang-toggle').click();
    await page.getByText('Valid – green').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.getByTestId('public-certificate').textContent()).not.toMatch(/[Pp]hường|ward ward/i);
    await screenshot(page, 'epidemics-certificate-en');
  });
});
