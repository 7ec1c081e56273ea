// OGC API – Features (Part 1 Core, GeoJSON): every spatial dataset the caller may read, and
// the administrative areas, as collections that GIS clients (QGIS, GDAL) read directly.
import type { AppContext } from '../../platform/context.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { localToday } from '../areas/index.ts';
import { presentRecords } from '../datasets/index.ts';
import type { FieldDecl } from '../datasets/index.ts';
import { ogcRepository, type CollectionRow, type ItemsQuery } from './ogc.repository.ts';
import type { Actor } from '../../platform/actor.ts';

export const CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
];
const CRS84 = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';

/** Built-in collections of administrative areas: today's units and the last day before the 2025 reform. */
const AREA_COLLECTIONS: Record<string, { date: (now: Date) => string; titleVi: string; titleEn: string }> = {
  areas: { date: (now) => localToday(now), titleVi: 'Đơn vị hành chính hiện hành', titleEn: 'Administrative units in force today' },
  'areas-before-2025': { date: () => '2025-06-30', titleVi: 'Đơn vị hành chính trước 01/07/2025', titleEn: 'Administrative units before 2025-07-01' },
};

type Link = { href: string; rel: string; type: string; title?: string };

export function createOgcService(ctx: AppContext) {
  const repo = ogcRepository(ctx.db.kysely);

  const canReadPrivate = (actor: Actor) =>
    actor.user !== null && ['admin', 'leader', 'operator', 'officer'].includes(actor.user.role);

  const collectionJson = (base: string, id: string, title: string, description: string, bbox: number[] | null, count: number) => ({
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
    ],
  });

  const datasetCollection = (base: string, c: CollectionRow) =>
    collectionJson(
      base,
      c.id,
      c.declaration.titleVi ?? c.id,
      [c.declaration.titleEn, c.declaration.domain ? `domain: ${c.declaration.domain}` : null].filter(Boolean).join(' — '),
      c.xmin === null ? null : [c.xmin, c.ymin!, c.xmax!, c.ymax!],
      c.count,
    );

  async function findCollection(actor: Actor, id: string): Promise<CollectionRow> {
    const [c] = await repo.collections(false, id);
    if (!c) throw new HttpError(404, 'not_found', `no collection "${id}"`);
    if (!c.public_read && !canReadPrivate(actor)) {
      if (actor.kind === 'anonymous') throw new HttpError(401, 'unauthorized', 'this collection needs a Bearer token');
      throw new HttpError(404, 'not_found', `no collection "${id}"`);
    }
    return c;
  }

  function pageLinks(base: string, path: string, query: Record<string, string | undefined>, q: ItemsQuery, returned: number, matched: number): Link[] {
    // GDAL follows rel=next exactly as given: it must keep every filter of the request.
    const url = (offset: number) => {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(query)) if (v !== undefined && k !== 'offset' && k !== 'limit') params.set(k, v);
      params.set('limit', String(q.limit));
      params.set('offset', String(offset));
      return `${base}${path}?${params}`;
    };
    const links: Link[] = [{ href: url(q.offset), rel: 'self', type: 'application/geo+json' }];
    if (q.offset + returned < matched) links.push({ href: url(q.offset + q.limit), rel: 'next', type: 'application/geo+json' });
    if (q.offset > 0) links.push({ href: url(Math.max(0, q.offset - q.limit)), rel: 'prev', type: 'application/geo+json' });
    return links;
  }

  /** Personal fields as the datasets module shows them (one rule, one audit action). */
  const present = (actor: Actor, c: CollectionRow, rows: { id: number; props: Record<string, unknown> }[]) =>
    presentRecords(ctx.audit, actor, { id: c.id, fields: (c.declaration.fields ?? []) as FieldDecl[] }, rows, 'ogc');

  return {
    landing(base: string) {
      return {
        title: 'cityops — OGC API – Features',
        description: 'Datasets and administrative areas of the operations centre, as GeoJSON features.',
        links: [
          { href: `${base}/ogc`, rel: 'self', type: 'application/json', title: 'this document' },
          { href: `${base}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'the API definition' },
          { href: `${base}/api/docs`, rel: 'service-doc', type: 'text/html', title: 'the API documentation' },
          { href: `${base}/ogc/conformance`, rel: 'conformance', type: 'application/json', title: 'conformance classes' },
          { href: `${base}/ogc/collections`, rel: 'data', type: 'application/json', title: 'collections' },
        ],
      };
    },

    async collections(actor: Actor, base: string) {
      const rows = await repo.collections(!canReadPrivate(actor));
      const areaCollections = await Promise.all(
        Object.entries(AREA_COLLECTIONS).map(async ([id, a]) => {
          const date = a.date(ctx.clock.now());
          const e = await repo.areaExtent(date);
          return collectionJson(base, id, a.titleVi, `${a.titleEn} (valid on ${date})`, e.count ? [e.xmin, e.ymin, e.xmax, e.ymax] : null, e.count);
        }),
      );
      return {
        links: [{ href: `${base}/ogc/collections`, rel: 'self', type: 'application/json' }],
        collections: [...areaCollections, ...rows.map((c) => datasetCollection(base, c))],
      };
    },

    async collection(actor: Actor, base: string, id: string) {
      const area = AREA_COLLECTIONS[id];
      if (area) {
        const date = area.date(ctx.clock.now());
        const e = await repo.areaExtent(date);
        return collectionJson(base, id, area.titleVi, `${area.titleEn} (valid on ${date})`, e.count ? [e.xmin, e.ymin, e.xmax, e.ymax] : null, e.count);
      }
      return datasetCollection(base, await findCollection(actor, id));
    },

    async items(actor: Actor, base: string, id: string, query: Record<string, string | undefined>, q: ItemsQuery) {
      const path = `/ogc/collections/${id}/items`;
      const area = AREA_COLLECTIONS[id];
      let features: unknown[];
      let matched: number;
      if (area) {
        const r = await repo.areaItems(area.date(ctx.clock.now()), q);
        matched = r.matched;
        features = r.rows.map(({ geometry, id: fid, ...p }) => ({ type: 'Feature', id: fid, geometry, properties: { ...p } }));
      } else {
        const c = await findCollection(actor, id);
        const r = await repo.items(id, q);
        matched = r.matched;
        const props = await present(actor, c, r.rows);
        features = r.rows.map((x, i) => ({ type: 'Feature', id: x.id, geometry: x.geometry, properties: props[i] }));
      }
      return {
        type: 'FeatureCollection',
        timeStamp: ctx.clock.now().toISOString(),
        numberMatched: matched,
        numberReturned: features.length,
        features,
        links: pageLinks(base, path, query, q, features.length, matched),
      };
    },

    async item(actor: Actor, base: string, id: string, fid: number) {
      const area = AREA_COLLECTIONS[id];
      let feature: { type: 'Feature'; id: number; geometry: unknown; properties: Record<string, unknown> } | undefined;
      if (area) {
        const r = await repo.areaItems(area.date(ctx.clock.now()), { limit: 1, offset: 0 }, fid);
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
