// What every page of a role's walk must not show (issue 20, defects 7 and 8): raw codes where a
// name belongs, English words inside the Vietnamese interface (or Vietnamese interface words in
// the English one), and titles cut by an ellipsis without the full text on hover. The checks
// read the text a user sees (innerText of the visible page), not the markup.
import type { Page } from 'playwright-core';

export type Lang = 'vi' | 'en';

/** Slugs and numeric unit codes: `phong-kinh-te`, `ubnd-27475`, `tieng-on`, a bare `27475`. */
const RAW_CODE = /\b(?:phong|ubnd|cong-an|tieng|trung-tam|doi|ban)-[a-z0-9-]+\b|(?<![\d.,])\b2[67]\d{3}\b(?![\d.,])/;
/** Interface words that must not appear in the Vietnamese interface. */
const ENGLISH_IN_VI = /\b(?:Loading|Error|records|Records|Close|Cancel|Save|Submit|Search|Status|Severity|Moderate|Minor|Severe|Extreme|Unknown|Settings|Sign out|required|failed|Not found|Dashboard|Overview|Open alerts|per day|Dec|Nov|Jan)\b/;
/** Vietnamese interface words (and units after a number) that must not appear in the English interface. */
const VIETNAMESE_IN_EN = /(?:^|[^\p{L}])(?:Đang tải|Lỗi|Đóng|Hủy|Lưu|Tìm kiếm|Trạng thái|Bản ghi|Tổng quan|Đăng xuất|Cảnh báo)(?![\p{L}])|\d\s*(?:hộ|nhiệm vụ|hồ sơ|doanh nghiệp|cảnh báo|phản ánh|sự cố|cơ sở|trường|nhà thuốc|điểm|bản ghi|tấn)(?![\p{L}])/u;
/** English units after a number in the Vietnamese interface. */
const ENGLISH_UNIT_IN_VI = /\d\s*(?:records|households|enterprises|alerts|reports|tasks|dossiers|incidents|t\/day)\b/;

export interface PageFindings {
  rawCodes: string[];
  wrongLanguage: string[];
  cutTitles: string[];
}

/** Lines of the visible text that break the rules, and titles cut without their full text. */
export async function pageFindings(page: Page, lang: Lang): Promise<PageFindings> {
  const { lines, cut } = await page.evaluate(() => {
    const text = document.body.innerText;
    const cut: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('h1, h2, h3, h4, [class*="title"], [class*="label"]')) {
      const style = getComputedStyle(el);
      if (style.display === 'none' || style.visibility === 'hidden' || !el.offsetParent) continue;
      const overflows = el.scrollWidth > el.clientWidth + 1 && style.textOverflow === 'ellipsis';
      // A cut title is acceptable only when the whole text is one hover away.
      const full = el.getAttribute('title') ?? el.closest('[title]')?.getAttribute('title');
      if (overflows && !full) cut.push((el.textContent ?? '').trim());
    }
    // A KPI tile shows all of it (title, value, unit, date of the data): nothing clipped at its foot.
    for (const tile of document.querySelectorAll<HTMLElement>('.widget--kpi')) {
      if (!tile.offsetParent) continue;
      if (tile.scrollHeight > tile.clientHeight + 1) cut.push(`clipped tile: ${(tile.querySelector('.widget__title')?.textContent ?? '').trim()}`);
    }
    return { lines: text.split('\n').map((l) => l.trim()).filter(Boolean), cut };
  });
  return { ...lineFindings(lines, lang), cutTitles: cut };
}

/** The lines of visible text with a raw code, or with words of the other language. */
export function lineFindings(lines: string[], lang: Lang): Omit<PageFindings, 'cutTitles'> {
  const wrong = (l: string) => (lang === 'vi' ? ENGLISH_IN_VI.test(l) || ENGLISH_UNIT_IN_VI.test(l) : VIETNAMESE_IN_EN.test(l));
  return { rawCodes: lines.filter((l) => RAW_CODE.test(l)), wrongLanguage: lines.filter(wrong) };
}
