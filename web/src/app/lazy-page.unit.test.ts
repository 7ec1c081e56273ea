import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { describe, expect, test } from 'vitest';
// (react-i18next warns once that no i18n instance is set up: the status text is not under test.)
import { lazyPage, lazyPageOf } from './lazy-page.tsx';

const page = () => ({ Page: () => createElement('main', null, 'the page') });

describe('lazyPage', () => {
  test('shows the loading status while the code is not in', () => {
    const Lazy = lazyPage(async () => page(), 'Page');
    const html = renderToString(createElement(Lazy));
    expect(html).toContain('role="status"');
    expect(html).not.toContain('the page');
  });

  test('a preloaded page renders directly, without the loading step', async () => {
    let loads = 0;
    const Lazy = lazyPage(async () => {
      loads++;
      return page();
    }, 'Page');
    await Lazy.preload();
    const html = renderToString(createElement(Lazy));
    expect(html).toBe('<main>the page</main>');
    await Lazy.preload();
    expect(loads).toBe(1);
  });

  test('a failed preload is asked again by the next one', async () => {
    let attempts = 0;
    const Lazy = lazyPage(async () => {
      attempts++;
      if (attempts === 1) throw new Error('offline');
      return page();
    }, 'Page');
    await Lazy.preload();
    expect(renderToString(createElement(Lazy))).toContain('role="status"');
    await Lazy.preload();
    expect(renderToString(createElement(Lazy))).toBe('<main>the page</main>');
    expect(attempts).toBe(2);
  });

  test("lazyPageOf finds the lazy page of a route's element, and nothing else", () => {
    const Lazy = lazyPage(async () => page(), 'Page');
    expect(lazyPageOf(createElement(Lazy))).toBe(Lazy);
    expect(lazyPageOf(createElement(page().Page))).toBeNull();
    expect(lazyPageOf(createElement('div'))).toBeNull();
    expect(lazyPageOf('text')).toBeNull();
  });
});
