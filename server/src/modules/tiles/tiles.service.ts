// Vector tiles of every spatial dataset: TileJSON, tiles encoded by PostgreSQL (ST_AsMVT) or
// in Node on the embedded engine, a bounded cache keyed by the dataset's change stamp.
import GeoJSONVT from 'geojson-vt';
import vtpbf, { type VtFeature } from 'vt-pbf';
import { readModuleSettings } from '../../config.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError } from '../../platform/http/errors.ts';
import type { FieldDecl } from '../datasets/index.ts';
import type { TileJson } from '../../../../shared/contracts/spatial.ts';
import { assertCanRead } from './layer-access.ts';
import { layerFields, type LayerFields } from './layer-fields.ts';
import { TileCache } from './tile-cache.ts';
import { BUFFER, GRID_MAX_ZOOM, tilesRepository, type LayerMeta } from './tiles.repository.ts';
import { EXTENT, validTile } from './tile-math.ts';
import type { Actor } from '../../platform/actor.ts';
import { createBasemap } from './basemap.ts';
import { toCsv } from '../../platform/csv.ts';
import type { SelectionExport } from '../../../../shared/contracts/basemap.ts';

export const MIN_ZOOM = 0;
export const MAX_ZOOM = 22;

export interface TilesSettings {
  cacheBytes: number;
  /** Point layers are aggregated on a grid up to this zoom (inclusive). */
  clusterMaxZoom: number;
}

export function tilesSettings(ctx: AppContext): TilesSettings {
  return readModuleSettings(ctx.config, (env) => ({
    cacheBytes: env.int('TILES_CACHE_MB', 128, 0, 16_384) * 1024 * 1024,
    clusterMaxZoom: env.int('TILES_CLUSTER_MAX_ZOOM', 13, -1, 22),
  }));
}

interface LayerDecl {
  version: number;
  titleVi: string;
  titleEn: string;
  domain: string;
  fields: LayerFields;
}

export interface TileResult {
  /** null: no feature in the tile. */
  body: Buffer | null;
  etag: string;
  features: number;
  cache: 'hit' | 'miss';
  publicRead: boolean;
}

/** The stored MVT bytes, whatever the driver returns (Buffer or Uint8Array). */
const toBuffer = (b: Uint8Array | null | undefined) => (b && b.length ? Buffer.from(b.buffer, b.byteOffset, b.byteLength) : null);

const tagsOf = (row: Record<string, unknown>, fields: LayerFields, count: number): VtFeature['tags'] => {
  const tags: VtFeature['tags'] = { count };
  for (const k of ['id', 'name', ...fields.keyFields.map((f) => f.name)]) {
    const v = row[k];
    if (v === null || v === undefined) continue;
    tags[k] = typeof v === 'number' || typeof v === 'boolean' ? v : k === 'id' ? Number(v) : String(v);
  }
  return tags;
};

export function createTilesService(ctx: AppContext, settings: TilesSettings = tilesSettings(ctx)) {
  const repo = tilesRepository(ctx.db.kysely);
  const cache = new TileCache(settings.cacheBytes);
  const decls = new Map<string, LayerDecl>();
  const tileJsons = new Map<string, { state: string; json: Omit<TileJson, 'tiles'> }>();
  const inFlight = new Map<string, Promise<{ body: Buffer | null; features: number }>>();

  async function layer(actor: Actor, datasetId: string): Promise<{ meta: LayerMeta; decl: LayerDecl }> {
    if (!ctx.lifecycle.ready) throw new HttpError(503, 'starting', `cityops is starting (${ctx.lifecycle.stage})`);
    const meta = await repo.layerMeta(datasetId);
    if (!meta || meta.geometry_type === 'none') throw new HttpError(404, 'not_found', `no spatial dataset "${datasetId}"`);
    assertCanRead(actor, datasetId, meta.public_read);
    let decl = decls.get(datasetId);
    if (!decl || decl.version !== meta.version) {
      const d = await repo.declaration(datasetId);
      if (!d) throw new HttpError(404, 'not_found', `no spatial dataset "${datasetId}"`);
      decl = {
        version: d.version,
        titleVi: d.declaration.titleVi,
        titleEn: d.declaration.titleEn,
        domain: d.declaration.domain,
        fields: layerFields(d.declaration.fields as FieldDecl[], d.declaration.displayField),
      };
      decls.set(datasetId, decl);
    }
    return { meta, decl };
  }

  const aggregateAt = (meta: LayerMeta, z: number) => meta.geometry_type === 'point' && z <= settings.clusterMaxZoom;
  // Aggregated tiles up to GRID_MAX_ZOOM come from the pre-aggregated grid (≤ 4,096 cells read).
  const fromGrid = (meta: LayerMeta, z: number) => aggregateAt(meta, z) && z <= GRID_MAX_ZOOM;

  async function encode(meta: LayerMeta, decl: LayerDecl, z: number, x: number, y: number): Promise<{ body: Buffer | null; features: number }> {
    const id = meta.id;
    const fields = decl.fields;
    const points = meta.geometry_type === 'point';
    if (ctx.db.kind === 'postgres') {
      const q = !points
        ? repo.mvtShapeQuery(id, z, x, y, fields)
        : fromGrid(meta, z)
          ? repo.mvtGridQuery(id, z, x, y, fields)
          : repo.mvtPointQuery(id, z, x, y, fields, aggregateAt(meta, z));
      const r = (await q.execute(ctx.db.kysely)).rows[0];
      return { body: r && r.n > 0 ? toBuffer(r.mvt) : null, features: r?.n ?? 0 };
    }
    let features: VtFeature[];
    if (points) {
      const rows = fromGrid(meta, z) ? await repo.gridRows(id, z, x, y, fields) : await repo.pointRows(id, z, x, y, fields, aggregateAt(meta, z));
      features = rows.map((r) => ({ ...(r.fid === null ? {} : { id: Number(r.fid) }), type: 1, geometry: [[r.tx, r.ty]], tags: tagsOf(r, fields, r.count) }));
    } else {
      const rows = await repo.shapeRows(id, z, x, y, fields);
      if (!rows.length) return { body: null, features: 0 };
      const index = new GeoJSONVT(
        {
          type: 'FeatureCollection',
          features: rows.map((r) => ({ type: 'Feature', id: Number(r.id), geometry: r.geometry, properties: tagsOf(r, fields, 1) })),
        },
        { maxZoom: z, indexMaxZoom: 0, indexMaxPoints: 0, extent: EXTENT, buffer: BUFFER, tolerance: 2 },
      );
      features = (index.getTile(z, x, y)?.features ?? []).map((f) => ({
        ...(typeof f.id === 'number' ? { id: f.id } : {}),
        type: f.type,
        geometry: f.geometry,
        tags: (f.tags ?? {}) as VtFeature['tags'],
      }));
    }
    if (!features.length) return { body: null, features: 0 };
    const bytes = vtpbf.fromGeojsonVt({ [id]: { features } }, { version: 2, extent: EXTENT });
    return { body: toBuffer(bytes), features: features.length };
  }

  return {
    settings,
    cache,
    /** The offline OpenStreetMap base map (tiles, styles, place search). */
    basemap: createBasemap(),

    /** The selected rows of an attribute table (already what the user may see) as CSV. */
    selectionCsv: (body: SelectionExport): string => toCsv([body.columns, ...body.rows], { bom: true }),

    async tile(actor: Actor, datasetId: string, z: number, x: number, y: number): Promise<TileResult> {
      if (!validTile(z, x, y) || z > MAX_ZOOM) throw new HttpError(400, 'bad_request', `no tile ${z}/${x}/${y}`);
      const { meta, decl } = await layer(actor, datasetId);
      const state = `${meta.version}:${meta.stamp}:${settings.clusterMaxZoom}`;
      const key = `${datasetId}/${z}/${x}/${y}`;
      const etag = `"${datasetId}-${meta.version}-${meta.stamp}-${z}-${x}-${y}"`;
      const hit = cache.get(key, state);
      if (hit) return { body: hit.body.length ? hit.body : null, etag, features: hit.features, cache: 'hit', publicRead: meta.public_read };
      // Concurrent requests for the same tile share one query.
      const flightKey = `${key}@${state}`;
      let p = inFlight.get(flightKey);
      if (!p) {
        p = encode(meta, decl, z, x, y).finally(() => inFlight.delete(flightKey));
        inFlight.set(flightKey, p);
      }
      const made = await p;
      cache.set({ key, state, body: made.body ?? Buffer.alloc(0), features: made.features });
      return { body: made.body, etag, features: made.features, cache: 'miss', publicRead: meta.public_read };
    },

    async tileJson(actor: Actor, datasetId: string, origin: string): Promise<{ json: TileJson; publicRead: boolean }> {
      const { meta, decl } = await layer(actor, datasetId);
      const state = `${meta.version}:${meta.stamp}`;
      let cached = tileJsons.get(datasetId);
      if (!cached || cached.state !== state) {
        const e = await repo.extent(datasetId);
        const fields: Record<string, string> = { id: 'Number', name: 'String', count: 'Number' };
        for (const f of decl.fields.keyFields) fields[f.name] = f.kind;
        const bounds: [number, number, number, number] =
          e.xmin === null ? [106.35, 10.35, 107.03, 11.17] : [e.xmin, e.ymin!, e.xmax!, e.ymax!].map((v) => Math.round(v * 1e6) / 1e6) as [number, number, number, number];
        cached = {
          state,
          json: {
            tilejson: '3.0.0',
            name: decl.titleVi,
            description: decl.titleEn,
            attribution: 'cityops',
            minzoom: MIN_ZOOM,
            maxzoom: MAX_ZOOM,
            bounds,
            center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, 12],
            vector_layers: [{ id: datasetId, description: decl.titleEn, minzoom: MIN_ZOOM, maxzoom: MAX_ZOOM, fields }],
            geometryType: meta.geometry_type as TileJson['geometryType'],
            featureCount: e.count,
            clusterMaxZoom: meta.geometry_type === 'point' && settings.clusterMaxZoom >= 0 ? settings.clusterMaxZoom : null,
          },
        };
        tileJsons.set(datasetId, cached);
      }
      return { json: { ...cached.json, tiles: [`${origin}/tiles/${datasetId}/{z}/{x}/{y}.mvt`] }, publicRead: meta.public_read };
    },

    /** The raw tile query, for benchmarks: what the API must not be much slower than. */
    rawQuery: repo,
  };
}

export type TilesService = ReturnType<typeof createTilesService>;
