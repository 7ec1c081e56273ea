import { describe, expect, it } from 'vitest';
import { CqlError, filterProperties, parseCql2 } from './cql2.ts';
import { parseDatetime } from './ogc.service.ts';

describe('parseCql2', () => {
  it('parses comparisons with AND binding tighter than OR', () => {
    expect(parseCql2("sector = 'Dịch vụ' AND employees >= 10 OR name LIKE 'A%'")).toEqual({
      or: [
        { and: [{ cmp: '=', property: 'sector', value: 'Dịch vụ' }, { cmp: '>=', property: 'employees', value: 10 }] },
        { like: 'name', pattern: 'A%' },
      ],
    });
  });

  it('parses IN, BETWEEN, IS [NOT] NULL, NOT, parentheses, quoted names and doubled quotes', () => {
    expect(parseCql2("\"type\" IN ('a', 'b''c', 3)")).toEqual({ in: 'type', values: ['a', "b'c", 3] });
    expect(parseCql2('x BETWEEN 1 AND 2.5')).toEqual({ and: [{ cmp: '>=', property: 'x', value: 1 }, { cmp: '<=', property: 'x', value: 2.5 }] });
    expect(parseCql2('x IS NOT NULL')).toEqual({ not: { isNull: 'x' } });
    expect(parseCql2('NOT (x <> -1)')).toEqual({ not: { cmp: '<>', property: 'x', value: -1 } });
    expect(parseCql2("x NOT LIKE 'a%'")).toEqual({ not: { like: 'x', pattern: 'a%' } });
    expect(parseCql2('ok = TRUE')).toEqual({ cmp: '=', property: 'ok', value: true });
    expect(filterProperties(parseCql2("a = 1 AND (b = 2 OR c IS NULL) AND d IN (1)"))).toEqual(['a', 'b', 'c', 'd']);
  });

  it('names what is wrong', () => {
    for (const [src, msg] of [
      ["name = 'abc", 'unterminated'],
      ['employees >>= 3', 'expected a value'],
      ['a = 1 b', 'unexpected "b"'],
      ['(a = 1', 'expected )'],
      ['a ~ 1', 'unexpected character'],
      ['', 'empty'],
    ] as const) {
      expect(() => parseCql2(src)).toThrow(CqlError);
      expect(() => parseCql2(src)).toThrow(msg);
    }
  });
});

describe('parseDatetime', () => {
  it('reads instants and open or closed intervals', () => {
    expect(parseDatetime('2020-01-01')).toEqual({ from: '2020-01-01', to: '2020-01-01' });
    expect(parseDatetime('2020-01-01/..')).toEqual({ from: '2020-01-01' });
    expect(parseDatetime('../2020-01-01T10:00:00Z')).toEqual({ to: '2020-01-01T10:00:00Z' });
    expect(() => parseDatetime('yesterday')).toThrow('datetime');
  });
});
