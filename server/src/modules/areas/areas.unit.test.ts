import { describe, expect, it } from 'vitest';
import { localToday } from './areas.service.ts';

describe('localToday', () => {
  it('uses the date in Ho Chi Minh City (UTC+7), not UTC', () => {
    expect(localToday(new Date('2025-06-30T16:59:59Z'))).toBe('2025-06-30');
    expect(localToday(new Date('2025-06-30T17:00:00Z'))).toBe('2025-07-01');
  });
});
