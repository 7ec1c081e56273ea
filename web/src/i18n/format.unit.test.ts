import { describe, expect, it } from 'vitest';
import { todayInHcmc } from './format.ts';

describe('todayInHcmc', () => {
  it('is the calendar day in Ho Chi Minh City (UTC+7), not in UTC or the browser zone', () => {
    // 16:59:59 UTC is 23:59:59 in Ho Chi Minh City; one second later it is the next day there.
    expect(todayInHcmc(new Date('2026-12-07T16:59:59Z'))).toBe('2026-12-07');
    expect(todayInHcmc(new Date('2026-12-07T17:00:00Z'))).toBe('2026-12-08');
    // Across a month and a year end.
    expect(todayInHcmc(new Date('2026-12-31T17:30:00Z'))).toBe('2027-01-01');
  });

  it('agrees with the IANA zone on every hour of a year', () => {
    const zone = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric', month: '2-digit', day: '2-digit' });
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000) {
      expect(todayInHcmc(new Date(t))).toBe(zone.format(new Date(t)));
    }
  });
});
