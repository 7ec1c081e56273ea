// Browser helpers of the end-to-end tests: a real Chromium (playwright-core, Debian's
// /usr/bin/chromium by default) in a fresh throw-away profile, screenshots for the docs, and
// waits on the states the web client exposes (data-map-ready on the map container).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

export const SCREENSHOT_DIR = fileURLToPath(new URL('../docs/screenshots/', import.meta.url));

/** Size of the README screenshots. */
export const DESKTOP_VIEWPORT = { width: 1440, height: 900 } as const;

/**
 * The shared machine is slow (2 cores, software WebGL), and `npm test` runs the browser suite
 * beside the server suites: waits are generous (they only bound how long a failure takes to show).
 */
export const MAP_READY_TIMEOUT_MS = 60_000;
export const UI_TIMEOUT_MS = 30_000;

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  /**
   * Abort every request that does not go to 127.0.0.1 / localhost (they are recorded in
   * `blockedRequests`), to prove the application needs no internet.
   */
  blockExternalRequests?: boolean;
}

export interface TestBrowser {
  context: BrowserContext;
  page: Page;
  /** Console errors and uncaught page errors, in order. */
  errors: string[];
  /** URLs of the requests aborted because they left the machine (blockExternalRequests). */
  blockedRequests: string[];
  /** `errors` without the expected ones (the 401 answers of the session check and of bad logins). */
  unexpectedErrors(): string[];
  close(): Promise<void>;
}

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Chromium's console message for a fetch answered 401 (the session check before login, a bad password). */
const EXPECTED_ERROR = /Failed to load resource: the server responded with a status of 401/;

function isLocalUrl(url: string): boolean {
  try {
    const { protocol, hostname } = new URL(url);
    if (protocol === 'data:' || protocol === 'blob:') return true;
    return hostname === '127.0.0.1' || hostname === 'localhost' || hostname === '[::1]';
  } catch {
    return false;
  }
}

/** Starts Chromium in a fresh profile (no cookies, no stored language) with one page. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<TestBrowser> {
  const profileDir = mkdtempSync(join(tmpdir(), 'cityops-e2e-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      viewport: options.viewport ?? DESKTOP_VIEWPORT,
      locale: 'vi-VN',
      timezoneId: 'Asia/Ho_Chi_Minh',
      args: CHROMIUM_ARGS,
      timeout: 60_000,
    });
  } catch (error) {
    rmSync(profileDir, { recursive: true, force: true });
    throw error;
  }
  context.setDefaultTimeout(UI_TIMEOUT_MS);

  const errors: string[] = [];
  const blockedRequests: string[] = [];
  if (options.blockExternalRequests) {
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (isLocalUrl(url)) {
        await route.continue();
      } else {
        blockedRequests.push(url);
        await route.abort('internetdisconnected');
      }
    });
  }

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.stack ?? error.message}`));

  return {
    context,
    page,
    errors,
    blockedRequests,
    unexpectedErrors: () => errors.filter((error) => !EXPECTED_ERROR.test(error)),
    async close() {
      try {
        await context.close();
      } finally {
        rmSync(profileDir, { recursive: true, force: true });
      }
    },
  };
}

/**
 * Waits until the map has drawn its boundaries and is idle (`data-map-ready="true"`), for the
 * given units set if any, then for two more frames so that the HTML labels are in place.
 */
export async function waitForMapReady(page: Page, units?: 'current' | 'old', timeout = MAP_READY_TIMEOUT_MS): Promise<void> {
  const selector = `[data-testid="map"][data-map-ready="true"]${units ? `[data-units="${units}"]` : ''}`;
  await page.locator(selector).waitFor({ state: 'attached', timeout });
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
      }),
  );
}

/** Writes a PNG of the page to docs/screenshots/<name>.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  // Every map on the page has drawn its first view (a map holds back partial frames while it
  // loads, so a picture taken earlier shows its plain background) and the data it marks as drawn.
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll('.maplibregl-map')].every((m) => m.getAttribute('data-map-idle') === 'true') &&
      [...document.querySelectorAll('[data-map-ready]')].every((m) => m.getAttribute('data-map-ready') === 'true'),
    undefined,
    { timeout: UI_TIMEOUT_MS, polling: 100 },
  );
  await page.screenshot({ path, animations: 'disabled', caret: 'hide', timeout: 30_000 });
  return path;
}

/** Signs in through the login form (the page must show it, or be about to). */
export async function signIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
}

/** Polls `read` until `accept` holds or the timeout passes; returns the last value read. */
/** A top-bar link, opening the "More" menu first when the link did not fit in the bar. */
export async function navLink(page: Page, testId: string): Promise<Locator> {
  const link = page.getByTestId(testId);
  await page.getByTestId('nav-map').waitFor();
  if (!(await link.isVisible()) && (await page.getByTestId('nav-more').count())) await page.getByTestId('nav-more').click();
  await link.waitFor();
  return link;
}

export async function waitForValue<T>(read: () => Promise<T>, accept: (value: T) => boolean, timeout = UI_TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** The element's box in CSS pixels, or null when it is not rendered. */
export async function box(locator: Locator): Promise<{ x: number; y: number; width: number; height: number } | null> {
  return locator.boundingBox();
}
