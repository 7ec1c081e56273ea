// OGC API – Features (Part 1 Core, GeoJSON; Part 3 filters in CQL2 text): every spatial dataset
// the caller may read, and the administrative areas, as collections that GIS clients (QGIS,
// GDAL, OWSLib) read directly. Pages are keyed (rel=next carries the last id), numberMatched is
// cached per dataset change stamp and filter, and the API definition at /ogc/api declares the
// limits and the per-collection filters so clients ask for big pages and push filters here.
import type { AppContext } from '../../platform/context.ts';
import { HttpError, badRequest } from '../../platform/http/errors.ts';
import { localToday } from '../areas/index.ts';
import { presentRecords } from '../datasets/index.ts';
import type { FieldDecl } from '../datasets/index.ts';
import { ogcRepository, type CollectionMeta, type CollectionStats, type ItemsFilter, type ItemsQuery } from './ogc.repository.ts';
import { CqlError, filterProperties, parseCql2, type FilterExpr } from './cql2.ts';
import type { Actor } from '../../platform/actor.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
];
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** Page sizes: big enough that GIS clients read a whole dataset in a few requests. */
export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 10_000;
/** Filter languages accepted in filter-lang (cql-text: the name GDAL ≤ 3.8 looks for). */
export const FILTER_LANGS = ['cql2-text', 'cql-text'] as const;
/** Query parameters of the items path that are not property filters. */
const RESERVED = new Set(['limit', 'offset', 'cursor', 'bbox', 'bbox-crs', 'datetime', 'filter', 'filter-lang', 'filter-crs', 'f', 'crs']);
const QUERYABLE_TYPES = new Set(['text', 'enum', 'integer', 'number', 'date', 'boolean', 'url', 'phone', 'email']);
const COUNT_CACHE_SIZE = 500;

/** Built-in collections of administrative areas: today's units and the last day before the 2025 reform. */
const AREA_COLLECTIONS: Record<string, { date: (now: Date) => string; titleVi: string; titleEn: string }> = {
  areas: { date: (now) => localToday(now), titleVi: 'Đơn vị hành chính hiện hành', titleEn: 'Administrative units in force today' },
  'areas-before-2025': { date: () => '2025-06-30', titleVi: 'Đơn vị hành chính trước 01/07/2025', titleEn: 'Administrative units before 2025-07-01' },
};

type Link = { href: string; rel: string; type: string; title?: string };
type Query = Record<string, unknown>;

export interface ItemsRequest {
  limit: number;
  offset?: number | undefined;
  cursor?: number | undefined;
  bbox?: [number, number, number, number] | undefined;
}

/** Queryable fields of a dataset: declared, not personal, of a type a filter compares. */
function queryables(c: CollectionMeta): FieldDecl[] {
  return ((c.declaration.fields ?? []) as FieldDecl[]).filter((f) => !f.personal && QUERYABLE_TYPES.has(f.type));
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** RFC 3339 instant or interval ("a/b", "../b", "a/..") → inclusive bounds. */
export function parseDatetime(raw: string | undefined): { from?: string; to?: string } | undefined {
  if (!raw) return undefined;
  const parts = raw.split('/');
  if (parts.length > 2) throw badRequest('datetime must be an instant or an interval start/end');
  const bound = (s: string | undefined) => {
    if (s === undefined || s === '' || s === '..') return undefined;
    if (!ISO_INSTANT.test(s) || Number.isNaN(Date.parse(s))) throw badRequest(`datetime: "${s}" is not an RFC 3339 date or date-time`);
    return s;
  };
  if (parts.length === 1) {
    const v = bound(parts[0]);
    return v ? { from: v, to: v } : undefined;
  }
  const from = bound(parts[0]);
  const to = bound(parts[1]);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export function createOgcService(ctx: AppContext) {
  const repo = ogcRepository(ctx.db.kysely);
  /** numberMatched per dataset, change stamp and filter: a client paging through pays one count. */
  const counts = new Map<string, number>();
  /** Count and extent per dataset, valid while its stamp holds. */
  const stats = new Map<string, { stamp: number; version: number; s: CollectionStats }>();

  const canReadPrivate = (actor: Actor) =>
    actor.user !== null && ['admin', 'leader', 'operator', 'officer'].includes(actor.user.role);

  async function statsOf(rows: CollectionMeta[]): Promise<Map<string, CollectionStats>> {
    const stale = rows.filter((c) => {
      const k = stats.get(c.id);
      return !k || k.stamp !== c.stamp || k.version !== c.version;
    });
    if (stale.length) {
      const fresh = await repo.stats(stale.map((c) => c.id));
      for (const c of stale) stats.set(c.id, { stamp: c.stamp, version: c.version, s: fresh.get(c.id) ?? { count: 0, xmin: null, ymin: null, xmax: null, ymax: null } });
    }
    return new Map(rows.map((c) => [c.id, stats.get(c.id)!.s]));
  }

  const collectionJson = (base: string, id: string, title: string, description: string, bbox: number[] | null, count: number, queryablesLink: boolean) => ({
    id,
    title,
    description,
    itemType: 'feature',
    crs: [CRS84],
    ...(bbox ? { extent: { spatial: { bbox: [bbox], crs: CRS84 } } } : {}),
    numberOfFeatures: count,
    links: [
      { href: `${base}/ogc/collections/${id}`, rel: 'self', type: 'application/json', title: 'this collection' },
      { href: `${base}/ogc/collections/${id}/items`, rel: 'items', type: 'application/geo+json', title: 'features' },
      ...(queryablesLink ? [{ href: `${base}/ogc/collections/${id}/queryables`, rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'queryables' }] : []),
    ],
  });

  const datasetCollection = (base: string, c: CollectionMeta, s: CollectionStats) =>
    collectionJson(
      base,
      c.id,
      c.declaration.titleVi ?? c.id,
      [c.declaration.titleEn, c.declaration.domain ? `domain: ${c.declaration.domain}` : null].filter(Boolean).join(' — '),
      s.xmin === null ? null : [s.xmin, s.ymin!, s.xmax!, s.ymax!],
      s.count,
      true,
    );

  async function findCollection(actor: Actor, id: string): Promise<CollectionMeta> {
    const [c] = await repo.collections(false, id);
    if (!c) throw new HttpError(404, 'not_found', `no collection "${id}"`);
    if (!c.public_read && !canReadPrivate(actor)) {
      if (actor.kind === 'anonymous') throw new HttpError(401, 'unauthorized', 'this collection needs a Bearer token');
      throw new HttpError(404, 'not_found', `no collection "${id}"`);
    }
    return c;
  }

  /** The filter of an items request: bbox, datetime, property=value parameters and a CQL2 text filter. */
  function filterOf(c: CollectionMeta, query: Query, bbox: ItemsRequest['bbox']): { filter: ItemsFilter; key: string } {
    const fields = queryables(c);
    const byName = new Map(fields.map((f) => [f.name, f]));
    const numeric = new Set(fields.filter((f) => f.type === 'integer' || f.type === 'number').map((f) => f.name));
    const parts: FilterExpr[] = [];
    for (const [k, v] of Object.entries(query)) {
      if (RESERVED.has(k) || v === undefined) continue;
      const f = byName.get(k);
      if (!f) continue; // unknown parameters are ignored, as clients add their own
      const text = Array.isArray(v) ? String(v[0]) : String(v);
      const value = numeric.has(k) && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : f.type === 'boolean' ? text === 'true' : text;
      parts.push(f.type === 'boolean' ? { cmp: '=', property: k, value: String(value) } : { cmp: '=', property: k, value });
    }
    const cql = typeof query.filter === 'string' && query.filter.trim() ? query.filter : undefined;
    if (cql) {
      const lang = typeof query['filter-lang'] === 'string' ? query['filter-lang'] : 'cql2-text';
      if (!(FILTER_LANGS as readonly string[]).includes(lang)) throw badRequest(`filter-lang must be one of ${FILTER_LANGS.join(', ')}`);
      let e: FilterExpr;
      try {
        e = parseCql2(cql);
      } catch (err) {
        if (err instanceof CqlError) throw badRequest(`filter: ${err.message}`);
        throw err;
      }
      const unknown = filterProperties(e).filter((p) => !byName.has(p));
      if (unknown.length) throw badRequest(`filter: "${unknown[0]}" is not a queryable of "${c.id}" (see /ogc/collections/${c.id}/queryables)`);
      parts.push(e);
    }
    const datetime = parseDatetime(typeof query.datetime === 'string' ? query.datetime : undefined);
    const temporalField = fields.find((f) => f.type === 'date')?.name;
    const filter: ItemsFilter = {
      bbox,
      datetime: datetime && temporalField ? { from: datetime.from?.slice(0, 10), to: datetime.to?.slice(0, 10) } : datetime,
      temporalField,
      where: parts.length === 0 ? undefined : parts.length === 1 ? parts[0] : { and: parts },
      numeric,
    };
    const key = JSON.stringify([bbox ?? null, filter.datetime ?? null, filter.where ?? null]);
    return { filter, key };
  }

  async function countMatched(c: CollectionMeta, f: { filter: ItemsFilter; key: string }): Promise<number> {
    if (!f.filter.bbox && !f.filter.datetime && !f.filter.where) return (await statsOf([c])).get(c.id)!.count;
    const key = `${c.id}|${c.stamp}|${c.version}|${f.key}`;
    const hit = counts.get(key);
    if (hit !== undefined) return hit;
    const n = await repo.count(c.id, f.filter);
    if (counts.size >= COUNT_CACHE_SIZE) counts.delete(counts.keys().next().value!);
    counts.set(key, n);
    return n;
  }

  function pageLinks(base: string, path: string, query: Query, limit: number, nextAfter: number | null): Link[] {
    // GDAL follows rel=next exactly as given: it must keep every filter of the request.
    const url = (cursor: number | null) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) {
        if (v === undefined || k === 'offset' || k === 'limit' || k === 'cursor') continue;
        for (const x of Array.isArray(v) ? v : [v]) params.append(k, String(x));
      }
      params.set('limit', String(limit));
      if (cursor !== null) params.set('cursor', String(cursor));
      return `${base}${path}?${params}`;
    };
    const self = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) for (const x of Array.isArray(v) ? v : [v]) self.append(k, String(x));
    const links: Link[] = [{ href: `${base}${path}${self.size ? `?${self}` : ''}`, rel: 'self', type: 'application/geo+json' }];
    if (nextAfter !== null) links.push({ href: url(nextAfter), rel: 'next', type: 'application/geo+json' });
    return links;
  }

  /** Personal fields as the datasets module shows them (one rule, one audit action). */
  const present = (actor: Actor, c: CollectionMeta, rows: { id: number; props: Record<string, unknown> }[]) =>
    presentRecords(ctx.audit, actor, { id: c.id, fields: (c.declaration.fields ?? []) as FieldDecl[] }, rows, 'ogc');

  const itemsParameters = (limitDescription: string) => [
    {
      name: 'limit', in: 'query', required: false, style: 'form', explode: false,
      description: `${limitDescription} Minimum = 1. Maximum = ${MAX_LIMIT}. Default = ${DEFAULT_LIMIT}.`,
      schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT },
    },
    { name: 'bbox', in: 'query', required: false, style: 'form', explode: false, description: 'minLon,minLat,maxLon,maxLat (WGS 84)', schema: { type: 'array', minItems: 4, maxItems: 6, items: { type: 'number' } } },
    { name: 'datetime', in: 'query', required: false, style: 'form', explode: false, description: 'an RFC 3339 instant or interval (start/end, ".." for open); applies to the first date field of the dataset, else to the last update', schema: { type: 'string' } },
    { name: 'cursor', in: 'query', required: false, description: 'key paging: features after this id (rel=next links carry it)', schema: { type: 'integer', minimum: 0 } },
    { name: 'filter', in: 'query', required: false, description: 'CQL2 text: =, <>, <, <=, >, >=, LIKE, ILIKE, IN, BETWEEN, IS NULL, AND, OR, NOT over the queryables', schema: { type: 'string' } },
    { name: 'filter-lang', in: 'query', required: false, schema: { type: 'string', enum: [...FILTER_LANGS], default: 'cql2-text' } },
  ];

  const fieldSchema = (f: FieldDecl) => {
    const type = f.type === 'integer' ? 'integer' : f.type === 'number' ? 'number' : f.type === 'boolean' ? 'boolean' : 'string';
    return { type, ...(f.type === 'date' ? { format: 'date' } : {}), ...(f.values ? { enum: f.values } : {}), title: f.titleEn };
  };

  return {
    landing(base: string) {
      return {
        title: 'cityops — OGC API – Features',
        description: 'Datasets and administrative areas of the operations centre, as GeoJSON features.',
        links: [
          { href: `${base}/ogc`, rel: 'self', type: 'application/json', title: 'this document' },
          { href: `${base}/ogc/api`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
          { href: `${base}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'the API documentation' },
          { href: `${base}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'conformance classes' },
          { href: `${base}/ogc/collections`, rel: 'data', type: 'application/json', title: 'collections' },
        ],
      };
    },

    /**
     * The API definition GIS clients read (OpenAPI 3.0, server /ogc): the items path with its
     * limit (default and maximum), bbox, datetime and CQL2 filter, and one items path per
     * collection the caller may read with its property filters (GDAL pushes `field = value`
     * to the server only for parameters declared on that path).
     */
    async apiDocument(actor: Actor, base: string) {
      const rows = await repo.collections(!canReadPrivate(actor));
      const paths: Record<string, unknown> = {
        '/': { get: { summary: 'Landing page', responses: { 200: { description: 'links' } } } },
        '/conformance': { get: { summary: 'Conformance classes', responses: { 200: { description: 'conformance' } } } },
        '/collections': { get: { summary: 'Collections', responses: { 200: { description: 'collections' } } } },
        '/collections/{collectionId}': { get: { summary: 'One collection', parameters: [{ name: 'collectionId', in: 'path', required: true, schema: { type: 'string' } }], responses: { 200: { description: 'collection' } } } },
        '/collections/{collectionId}/items': {
          get: {
            summary: 'Features of a collection (key paging through rel=next)',
            parameters: [{ name: 'collectionId', in: 'path', required: true, schema: { type: 'string' } }, ...itemsParameters('Page size.')],
            responses: { 200: { description: 'features', content: { 'application/geo+json': { schema: { type: 'object' } } } } },
          },
        },
        '/collections/{collectionId}/items/{featureId}': {
          get: {
            summary: 'One feature',
            parameters: [{ name: 'collectionId', in: 'path', required: true, schema: { type: 'string' } }, { name: 'featureId', in: 'path', required: true, schema: { type: 'integer' } }],
            responses: { 200: { description: 'feature' } },
          },
        },
      };
      for (const c of rows) {
        paths[`/collections/${c.id}/items`] = {
          get: {
            summary: `Features of ${c.declaration.titleEn ?? c.id}`,
            parameters: [
              ...itemsParameters('Page size.'),
              ...queryables(c).map((f) => ({ name: f.name, in: 'query', required: false, description: `${f.titleEn}: equal to`, schema: fieldSchema(f) })),
            ],
            responses: { 200: { description: 'features', content: { 'application/geo+json': { schema: { type: 'object' } } } } },
          },
        };
      }
      return {
        openapi: '3.0.3',
        info: { title: 'cityops — OGC API – Features', version: '1.0.0' },
        servers: [{ url: `${base}/ogc` }],
        paths,
      };
    },

    async queryables(actor: Actor, base: string, id: string) {
      if (AREA_COLLECTIONS[id]) throw new HttpError(404, 'not_found', `"${id}" has no queryables`);
      const c = await findCollection(actor, id);
      return {
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        $id: `${base}/ogc/collections/${id}/queryables`,
        type: 'object',
        title: c.declaration.titleVi ?? id,
        properties: Object.fromEntries(queryables(c).map((f) => [f.name, fieldSchema(f)])),
        additionalProperties: false,
      };
    },

    async collections(actor: Actor, base: string) {
      const rows = await repo.collections(!canReadPrivate(actor));
      const s = await statsOf(rows);
      const areaCollections = await Promise.all(
        Object.entries(AREA_COLLECTIONS).map(async ([id, a]) => {
          const date = a.date(ctx.clock.now());
          const e = await repo.areaExtent(date);
          return collectionJson(base, id, a.titleVi, `${a.titleEn} (valid on ${date})`, e.count ? [e.xmin, e.ymin, e.xmax, e.ymax] : null, e.count, false);
        }),
      );
      return {
        links: [{ href: `${base}/ogc/collections`, rel: 'self', type: 'application/json' }],
        collections: [...areaCollections, ...rows.map((c) => datasetCollection(base, c, s.get(c.id)!))],
      };
    },

    async collection(actor: Actor, base: string, id: string) {
      const area = AREA_COLLECTIONS[id];
      if (area) {
        const date = area.date(ctx.clock.now());
        const e = await repo.areaExtent(date);
        return collectionJson(base, id, area.titleVi, `${area.titleEn} (valid on ${date})`, e.count ? [e.xmin, e.ymin, e.xmax, e.ymax] : null, e.count, false);
      }
      const c = await findCollection(actor, id);
      return datasetCollection(base, c, (await statsOf([c])).get(c.id)!);
    },

    async items(actor: Actor, base: string, id: string, query: Query, req: ItemsRequest) {
      const path = `/ogc/collections/${id}/items`;
      const area = AREA_COLLECTIONS[id];
      const q: ItemsQuery = { limit: req.limit, after: req.cursor, offset: req.offset };
      let features: { type: 'Feature'; id: number; geometry: unknown; properties: unknown }[];
      let matched: number;
      let more: boolean;
      if (area) {
        const r = await repo.areaItems(area.date(ctx.clock.now()), req.bbox, q);
        matched = r.matched;
        more = r.rows.length > req.limit;
        features = r.rows.slice(0, req.limit).map(({ geometry, id: fid, ...p }) => ({ type: 'Feature', id: fid, geometry, properties: { ...p } }));
      } else {
        const c = await findCollection(actor, id);
        const f = filterOf(c, query, req.bbox);
        const rows = await repo.items(id, f.filter, q);
        more = rows.length > req.limit;
        const page = rows.slice(0, req.limit);
        matched = await countMatched(c, f);
        const props = await present(actor, c, page);
        features = page.map((x, i) => ({ type: 'Feature', id: x.id, geometry: x.geometry, properties: props[i] }));
      }
      const last = features.at(-1)?.id;
      return {
        type: 'FeatureCollection',
        timeStamp: ctx.clock.now().toISOString(),
        numberMatched: matched,
        numberReturned: features.length,
        features,
        links: pageLinks(base, path, query, req.limit, more && last !== undefined ? last : null),
      };
    },

    async item(actor: Actor, base: string, id: string, fid: number) {
      const area = AREA_COLLECTIONS[id];
      let feature: { type: 'Feature'; id: number; geometry: unknown; properties: Record<string, unknown> } | undefined;
      if (area) {
        const r = await repo.areaItems(area.date(ctx.clock.now()), undefined, { limit: 1 }, fid);
        const row = r.rows[0];
        if (row) {
          const { geometry, id: rid, ...p } = row;
          feature = { type: 'Feature', id: rid, geometry, properties: { ...p } };
        }
      } else {
        const c = await findCollection(actor, id);
        const row = await repo.item(id, fid);
        if (row) feature = { type: 'Feature', id: row.id, geometry: row.geometry, properties: (await present(actor, c, [row]))[0]! };
      }
      if (!feature) throw new HttpError(404, 'not_found', `no feature ${fid} in "${id}"`);
      return {
        ...feature,
        links: [
          { href: `${base}/ogc/collections/${id}/items/${fid}`, rel: 'self', type: 'application/geo+json' },
          { href: `${base}/ogc/collections/${id}`, rel: 'collection', type: 'application/json' },
        ],
      };
    },
  };
}

export type OgcService = ReturnType<typeof createOgcService>;
