// CQL2 text (OGC API – Features Part 3, "Basic CQL2" plus LIKE, IN, BETWEEN and IS NULL): the
// common comparisons GIS clients push to the server, parsed into a small expression tree the
// repository turns into SQL. Property names are checked against the collection's queryables.

export type CmpOp = '=' | '<>' | '<' | '<=' | '>' | '>=';
export type Literal = string | number | boolean;

export type FilterExpr =
  | { and: FilterExpr[] }
  | { or: FilterExpr[] }
  | { not: FilterExpr }
  | { cmp: CmpOp; property: string; value: Literal }
  | { like: string; pattern: string; caseInsensitive?: boolean }
  | { in: string; values: Literal[] }
  | { isNull: string };

export class CqlError extends Error {}

type Tok = { t: 'id' | 'str' | 'num' | 'op' | 'kw' | 'p'; v: string };

const KEYWORDS = new Set(['AND', 'OR', 'NOT', 'LIKE', 'ILIKE', 'IN', 'IS', 'NULL', 'BETWEEN', 'TRUE', 'FALSE']);

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (c === '(' || c === ')' || c === ',') { out.push({ t: 'p', v: c }); i++; continue; }
    if (c === "'") {
      let s = '';
      i++;
      for (;;) {
        if (i >= src.length) throw new CqlError('unterminated string literal');
        if (src[i] === "'") {
          if (src[i + 1] === "'") { s += "'"; i += 2; continue; }
          i++;
          break;
        }
        s += src[i++];
      }
      out.push({ t: 'str', v: s });
      continue;
    }
    if (c === '"') {
      const end = src.indexOf('"', i + 1);
      if (end < 0) throw new CqlError('unterminated quoted property name');
      out.push({ t: 'id', v: src.slice(i + 1, end) });
      i = end + 1;
      continue;
    }
    const two = src.slice(i, i + 2);
    if (two === '<>' || two === '<=' || two === '>=' || two === '!=') { out.push({ t: 'op', v: two === '!=' ? '<>' : two }); i += 2; continue; }
    if (c === '=' || c === '<' || c === '>') { out.push({ t: 'op', v: c }); i++; continue; }
    const num = /^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?/.exec(src.slice(i));
    if (num && (c === '-' || /\d|\./.test(c))) { out.push({ t: 'num', v: num[0] }); i += num[0].length; continue; }
    const word = /^[A-Za-z_][A-Za-z0-9_.:]*/.exec(src.slice(i));
    if (word) {
      const up = word[0].toUpperCase();
      out.push(KEYWORDS.has(up) ? { t: 'kw', v: up } : { t: 'id', v: word[0] });
      i += word[0].length;
      continue;
    }
    throw new CqlError(`unexpected character "${c}" at position ${i + 1}`);
  }
  return out;
}

/** Parses CQL2 text; throws CqlError with a readable message. */
export function parseCql2(src: string): FilterExpr {
  if (src.length > 4000) throw new CqlError('filter is too long (4000 characters at most)');
  const toks = tokenize(src);
  let p = 0;
  const peek = () => toks[p];
  const isKw = (v: string) => peek()?.t === 'kw' && peek()!.v === v;
  const expect = (t: Tok['t'], v?: string): Tok => {
    const k = toks[p];
    if (!k || k.t !== t || (v !== undefined && k.v !== v)) throw new CqlError(`expected ${v ?? t}${k ? ` but found "${k.v}"` : ' at the end'}`);
    p++;
    return k;
  };
  const literal = (): Literal => {
    const k = toks[p++];
    if (!k) throw new CqlError('expected a value at the end');
    if (k.t === 'str') return k.v;
    if (k.t === 'num') return Number(k.v);
    if (k.t === 'kw' && (k.v === 'TRUE' || k.v === 'FALSE')) return k.v === 'TRUE';
    throw new CqlError(`expected a value but found "${k.v}"`);
  };

  const or = (): FilterExpr => {
    const parts = [and()];
    while (isKw('OR')) { p++; parts.push(and()); }
    return parts.length === 1 ? parts[0]! : { or: parts };
  };
  const and = (): FilterExpr => {
    const parts = [not()];
    while (isKw('AND')) { p++; parts.push(not()); }
    return parts.length === 1 ? parts[0]! : { and: parts };
  };
  const not = (): FilterExpr => {
    if (isKw('NOT')) { p++; return { not: not() }; }
    return primary();
  };
  const primary = (): FilterExpr => {
    if (peek()?.t === 'p' && peek()!.v === '(') {
      p++;
      const e = or();
      expect('p', ')');
      return e;
    }
    const property = expect('id').v;
    const k = peek();
    if (!k) throw new CqlError(`expected an operator after "${property}"`);
    if (k.t === 'op') { p++; return { cmp: k.v as CmpOp, property, value: literal() }; }
    let negate = false;
    if (isKw('NOT')) { negate = true; p++; }
    const wrap = (e: FilterExpr): FilterExpr => (negate ? { not: e } : e);
    if (isKw('LIKE') || isKw('ILIKE')) {
      const ci = peek()!.v === 'ILIKE';
      p++;
      const v = literal();
      if (typeof v !== 'string') throw new CqlError('LIKE needs a text pattern');
      return wrap({ like: property, pattern: v, ...(ci ? { caseInsensitive: true } : {}) });
    }
    if (isKw('IN')) {
      p++;
      expect('p', '(');
      const values = [literal()];
      while (peek()?.t === 'p' && peek()!.v === ',') { p++; values.push(literal()); }
      expect('p', ')');
      return wrap({ in: property, values });
    }
    if (isKw('BETWEEN')) {
      p++;
      const lo = literal();
      expect('kw', 'AND');
      const hi = literal();
      return wrap({ and: [{ cmp: '>=', property, value: lo }, { cmp: '<=', property, value: hi }] });
    }
    if (isKw('IS')) {
      p++;
      let neg = negate;
      if (isKw('NOT')) { neg = !neg; p++; }
      expect('kw', 'NULL');
      return neg ? { not: { isNull: property } } : { isNull: property };
    }
    throw new CqlError(`unsupported operator "${k.v}" after "${property}"`);
  };

  if (!toks.length) throw new CqlError('the filter is empty');
  const e = or();
  if (p < toks.length) throw new CqlError(`unexpected "${toks[p]!.v}" at the end of the filter`);
  return e;
}

/** Every property a filter names. */
export function filterProperties(e: FilterExpr): string[] {
  if ('and' in e) return e.and.flatMap(filterProperties);
  if ('or' in e) return e.or.flatMap(filterProperties);
  if ('not' in e) return filterProperties(e.not);
  if ('cmp' in e) return [e.property];
  if ('like' in e) return [e.like];
  if ('in' in e) return [e.in];
  return [e.isNull];
}
