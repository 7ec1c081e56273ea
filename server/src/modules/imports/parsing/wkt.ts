import type { Geometry, Position } from 'geojson';

export interface ParsedWkt {
  geometry: Geometry;
  /** From an EWKT prefix "SRID=9210;…", as 'EPSG:9210'. */
  crs?: string;
}

/**
 * A small WKT reader: POINT, LINESTRING, POLYGON, MULTIPOINT (with or without inner
 * parentheses), MULTILINESTRING, MULTIPOLYGON, GEOMETRYCOLLECTION; Z, M and ZM (M is
 * dropped); EWKT "SRID=n;" prefix. EMPTY geometries are rejected (no location). Throws
 * a SyntaxError whose message says what was expected where.
 */
export function parseWkt(input: string): ParsedWkt {
  let text = input.trim();
  let crs: string | undefined;
  const srid = /^SRID=(\d+);/i.exec(text);
  if (srid) {
    crs = `EPSG:${srid[1]}`;
    text = text.slice(srid[0].length);
  }
  const p = new WktParser(text);
  const geometry = p.geometry();
  p.end();
  return crs ? { geometry, crs } : { geometry };
}

class WktParser {
  private i = 0;
  constructor(private readonly s: string) {}

  geometry(): Geometry {
    const type = this.word().toUpperCase();
    let dims = 2;
    let dropM = false;
    const modifier = this.peekWord().toUpperCase();
    if (modifier === 'Z' || modifier === 'M' || modifier === 'ZM') {
      this.word();
      dims = modifier === 'ZM' ? 4 : 3;
      dropM = modifier !== 'Z';
    }
    if (this.peekWord().toUpperCase() === 'EMPTY') throw this.error(`${type} EMPTY has no location`);
    const pos = () => this.position(dims, dropM);
    switch (type) {
      case 'POINT':
        return { type: 'Point', coordinates: this.list(pos, 1)[0] as Position };
      case 'LINESTRING':
        return { type: 'LineString', coordinates: this.min(this.list(pos), 2, 'a LINESTRING needs at least 2 points') };
      case 'POLYGON':
        return { type: 'Polygon', coordinates: this.list(() => this.ring(pos)) };
      case 'MULTIPOINT':
        return {
          type: 'MultiPoint',
          coordinates: this.list(() => (this.peek() === '(' ? (this.list(pos, 1)[0] as Position) : pos())),
        };
      case 'MULTILINESTRING':
        return { type: 'MultiLineString', coordinates: this.list(() => this.min(this.list(pos), 2, 'a LINESTRING needs at least 2 points')) };
      case 'MULTIPOLYGON':
        return { type: 'MultiPolygon', coordinates: this.list(() => this.list(() => this.ring(pos))) };
      case 'GEOMETRYCOLLECTION':
        return { type: 'GeometryCollection', geometries: this.list(() => this.geometry()) };
      default:
        throw this.error(`unknown geometry type '${type}'`);
    }
  }

  end(): void {
    this.skip();
    if (this.i < this.s.length) throw this.error('unexpected text after the geometry');
  }

  private ring(pos: () => Position): Position[] {
    const ring = this.min(this.list(pos), 4, 'a polygon ring needs at least 4 points');
    const a = ring[0] as Position;
    const b = ring[ring.length - 1] as Position;
    if (a[0] !== b[0] || a[1] !== b[1]) throw this.error('a polygon ring must end at its first point');
    return ring;
  }

  private min<T>(items: T[], n: number, message: string): T[] {
    if (items.length < n) throw this.error(message);
    return items;
  }

  private list<T>(item: () => T, exactly?: number): T[] {
    this.expect('(');
    const out = [item()];
    while (this.peek() === ',') {
      this.i++;
      out.push(item());
    }
    this.expect(')');
    if (exactly !== undefined && out.length !== exactly) throw this.error(`expected ${exactly} coordinate(s)`);
    return out;
  }

  private position(dims: number, dropM: boolean): Position {
    const values: number[] = [];
    for (;;) {
      this.skip();
      const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.s.slice(this.i));
      if (!m) break;
      values.push(Number(m[0]));
      this.i += m[0].length;
    }
    if (values.length < 2) throw this.error('expected a coordinate (two numbers separated by a space)');
    if (dims === 2 && values.length > 3) throw this.error('too many numbers in a coordinate');
    const [x, y, z] = values as [number, number, number?];
    if (dropM) return dims === 4 && z !== undefined ? [x, y, z] : [x, y];
    return z === undefined ? [x, y] : [x, y, z];
  }

  private word(): string {
    this.skip();
    const m = /^[A-Za-z]+/.exec(this.s.slice(this.i));
    if (!m) throw this.error('expected a geometry type');
    this.i += m[0].length;
    return m[0];
  }

  private peekWord(): string {
    this.skip();
    return /^[A-Za-z]+/.exec(this.s.slice(this.i))?.[0] ?? '';
  }

  private peek(): string {
    this.skip();
    return this.s[this.i] ?? '';
  }

  private expect(ch: string): void {
    if (this.peek() !== ch) throw this.error(`expected '${ch}'`);
    this.i++;
  }

  private skip(): void {
    while (this.i < this.s.length && /\s/.test(this.s[this.i] as string)) this.i++;
  }

  private error(message: string): SyntaxError {
    return new SyntaxError(`WKT: ${message} at character ${this.i + 1}`);
  }
}
