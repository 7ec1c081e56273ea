import { describe, expect, it } from 'vitest';
import { nextAuditCursor } from './admin-api.ts';

describe('audit screen paging', () => {
  it('asks for older entries after a full page, from its oldest entry', () => {
    const page = [{ id: 90 }, { id: 85 }, { id: 84 }];
    expect(nextAuditCursor(page, 3)).toBe(84);
  });
  it('stops after a page that was not full', () => {
    expect(nextAuditCursor([{ id: 9 }, { id: 8 }], 3)).toBeUndefined();
    expect(nextAuditCursor([], 3)).toBeUndefined();
  });
});
