import { describe, expect, it } from 'vitest';
import { parseDay, showDay } from './DateField.tsx';

describe('the one date field reads and writes day first', () => {
  it('reads dd/mm/yyyy (also with dots or dashes) and an ISO day, and nothing that is not a real day', () => {
    expect(parseDay('31/12/2026')).toBe('2026-12-31');
    expect(parseDay(' 1.2.2025 ')).toBe('2025-02-01');
    expect(parseDay('2026-12-31')).toBe('2026-12-31');
    expect(parseDay('29/02/2024')).toBe('2024-02-29');
    expect(parseDay('29/02/2025')).toBeNull();
    expect(parseDay('12/31/2026')).toBeNull();
    expect(parseDay('31/12/26')).toBeNull();
    expect(parseDay('')).toBeNull();
  });

  it('shows an ISO day as dd/mm/yyyy, and nothing for none', () => {
    expect(showDay('2026-01-05')).toBe('05/01/2026');
    expect(showDay('')).toBe('');
  });
});
