import { describe, expect, it } from 'vitest';
import { PAGE_PATTERNS, pageLink } from './routes.ts';

/** Does a concrete path (query string aside) match a react-router pattern? */
function matches(pattern: string, link: string): boolean {
  const path = link.split('?')[0]!;
  const re = new RegExp(`^${pattern.replace(/:[a-zA-Z]+/g, '[^/]+')}$`);
  return re.test(path);
}

describe('shared page links', () => {
  it('every builder writes an address its page pattern mounts', () => {
    expect(matches(PAGE_PATTERNS.record, pageLink.record('enterprises', 12))).toBe(true);
    expect(matches(PAGE_PATTERNS.dataset, pageLink.dataset('enterprises', { area: '27475', date: undefined }))).toBe(true);
    expect(pageLink.dataset('enterprises', { area: '27475', date: undefined })).toBe('/data/enterprises?area=27475');
    expect(matches(PAGE_PATTERNS.sensor, pageLink.sensor('AQ-01/x'))).toBe(true);
    expect(matches(PAGE_PATTERNS.feedbackReport, pageLink.feedbackReport(3))).toBe(true);
    expect(matches(PAGE_PATTERNS.incident, pageLink.incident(3))).toBe(true);
    expect(matches(PAGE_PATTERNS.live, pageLink.alert(9))).toBe(true);
    expect(pageLink.alert(9)).toBe('/live?alert=9');
    expect(matches(PAGE_PATTERNS.citizenTrack, pageLink.citizenTrack('PA-1'))).toBe(true);
    // The old, broken shapes do not match.
    expect(matches(PAGE_PATTERNS.record, '/data/enterprises/12')).toBe(false);
    expect(matches(PAGE_PATTERNS.sensor, '/data/sensors/3')).toBe(false);
  });
});
