import { describe, expect, it } from 'vitest';
import { isDataException } from './data-errors.ts';

describe('isDataException', () => {
  it('is true for SQLSTATE class 22 only', () => {
    for (const code of ['22007', '22008', '22003', '22P02', '22021']) expect(isDataException({ code }), code).toBe(true);
    for (const code of ['23505', '08006', '42P01', 'ECONNREFUSED', '22']) expect(isDataException({ code }), code).toBe(false);
    expect(isDataException(new Error('x'))).toBe(false);
    expect(isDataException(null)).toBe(false);
  });
});
