// Spatial tools and thematic maps over every spatial dataset the caller may read.
import type { AppContext } from '../../platform/context.ts';
import { HttpError, badRequest } from '../../platform/http/errors.ts';
import { localToday } from '../areas/index.ts';
import type { FieldDecl } from '../datasets/index.ts';
import { assertCanRead, canReadDataset, layerFields } from '../tiles/index.ts';
import type {
  AreaScheme, ChoroplethMeasure, ChoroplethResponse, ClassificationMethod, HeatmapResponse, MeasuresResponse, NearestResponse,
  SpatialSelectRequest, SpatialSelectResponse,
} from '../../../../shared/contracts/spatial.ts';
import { classBreaks } from './classify.ts';
import { spatialRepository, type Selection, type SpatialDatasetRow } from './spatial.repository.ts';
import type { Actor } from '../../platform/actor.ts';

export const MEASURES: ChoroplethMeasure[] = ['count', 'density', 'per10k', 'sum', 'avg'];
export const METHODS: ClassificationMethod[] = ['quantile', 'jenks', 'equal'];
export const SCHEMES: AreaScheme[] = ['vn2025', 'vn2008'];
/** The last day the pre-2025 units are shown by default (any day before the reform works). */
const VN2008_DEFAULT_DATE = '2025-01-01';
const MAX_NEAREST = 100;
const MAX_RADIUS_M = 100_000;
const CHOROPLETH_CACHE = 200;

export interface ChoroplethParams {
  dataset: string;
  measure: ChoroplethMeasure;
  field?: string | undefined;
  scheme: AreaScheme;
  date?: string | undefined;
  method: ClassificationMethod;
  classes: number;
}

const numericFields = (fields: FieldDecl[]) => fields.filter((f) => !f.personal && (f.type === 'integer' || f.type === 'number'));

export function createSpatialService(ctx: AppContext) {
  const repo = spatialRepository(ctx.db.kysely);
  const choropleths = new Map<string, ChoroplethResponse>();

  function ready() {
    if (!ctx.lifecycle.ready) throw new HttpError(503, 'starting', `cityops is starting (${ctx.lifecycle.stage})`);
  }

  async function readable(actor: Actor, datasetId: string): Promise<SpatialDatasetRow> {
    const [d] = await repo.spatialDatasets([datasetId]);
    if (!d) throw new HttpError(404, 'not_found', `no spatial dataset "${datasetId}"`);
    assertCanRead(actor, datasetId, d.public_read);
    return d;
  }

  function selectionOf(body: SpatialSelectRequest): Selection {
    if (body.geometry) {
      if (body.center || body.radiusM !== undefined) throw badRequest('send either geometry or center + radiusM, not both');
      if (body.geometry.type !== 'Polygon' && body.geometry.type !== 'MultiPolygon') throw badRequest('geometry must be a GeoJSON Polygon or MultiPolygon');
      return { kind: 'geojson', geojson: JSON.stringify(body.geometry) };
    }
    if (!body.center || body.radiusM === undefined) throw badRequest('send geometry (Polygon/MultiPolygon) or center [lon, lat] with radiusM');
    const [lon, lat] = body.center;
    if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) throw badRequest('center must be [lon, lat] in degrees');
    if (!(body.radiusM > 0 && body.radiusM <= MAX_RADIUS_M)) throw badRequest(`radiusM must be > 0 and ≤ ${MAX_RADIUS_M}`);
    return { kind: 'circle', lon, lat, radiusM: body.radiusM };
  }

  return {
    async select(actor: Actor, body: SpatialSelectRequest): Promise<SpatialSelectResponse> {
      ready();
      const sel = selectionOf(body);
      if (sel.kind === 'geojson') {
        let check;
        try {
          check = await repo.validateGeoJson(sel.geojson);
        } catch (e) {
          throw badRequest(`geometry is not valid GeoJSON: ${(e as Error).message}`);
        }
        if (!check.valid) throw badRequest(`geometry is not a valid polygon: ${check.reason ?? 'invalid'}`);
      }
      const all = await repo.spatialDatasets(body.datasets?.length ? body.datasets : undefined);
      if (body.datasets?.length) {
        const missing = body.datasets.filter((id) => !all.some((d) => d.id === id));
        if (missing.length) throw new HttpError(404, 'not_found', `no spatial dataset ${missing.map((m) => `"${m}"`).join(', ')}`);
        for (const d of all) assertCanRead(actor, d.id, d.public_read);
      }
      const allowed = all.filter((d) => canReadDataset(actor, d.public_read));
      const counts = await repo.countInside(sel, allowed.map((d) => d.id));
      return {
        counts: allowed.map((d) => ({ datasetId: d.id, title: d.title_vi, count: counts.get(d.id) ?? 0 })),
        areaM2: await repo.selectionArea(sel),
      };
    },

    async nearest(actor: Actor, datasetId: string, lon: number, lat: number, n: number): Promise<NearestResponse> {
      ready();
      if (Math.abs(lon) > 180 || Math.abs(lat) > 90) throw badRequest('lon/lat out of range');
      if (!(Number.isInteger(n) && n >= 1 && n <= MAX_NEAREST)) throw badRequest(`n must be an integer from 1 to ${MAX_NEAREST}`);
      const d = await readable(actor, datasetId);
      const { nameField } = layerFields(d.fields as FieldDecl[], d.display_field ?? undefined);
      const rows = await repo.nearest(datasetId, lon, lat, n, nameField);
      return {
        dataset: datasetId,
        features: rows.map((r) => ({ id: String(r.id), name: r.name, distanceM: Math.round(r.distance_m * 100) / 100, geometry: r.geometry })),
      };
    },

    async choropleth(actor: Actor, p: ChoroplethParams): Promise<ChoroplethResponse> {
      ready();
      const d = await readable(actor, p.dataset);
      const fields = d.fields as FieldDecl[];
      let field: FieldDecl | undefined;
      if (p.measure === 'sum' || p.measure === 'avg') {
        if (!p.field) throw badRequest(`measure "${p.measure}" needs field=<numeric field>`, { numericFields: numericFields(fields).map((f) => f.name) });
        field = numericFields(fields).find((f) => f.name === p.field);
        if (!field) throw badRequest(`"${p.field}" is not a numeric field of "${p.dataset}"`, { numericFields: numericFields(fields).map((f) => f.name) });
      }
      const date = p.date ?? (p.scheme === 'vn2008' ? VN2008_DEFAULT_DATE : localToday(ctx.clock.now()));
      const key = JSON.stringify([p.dataset, d.stamp, d.version, p.measure, field?.name ?? null, p.scheme, date, p.method, p.classes]);
      const cached = choropleths.get(key);
      if (cached) return cached;

      const rows = await repo.perArea(p.dataset, p.scheme, date, field?.name ?? null);
      const popKnown = rows.some((r) => r.population !== null);
      const areas = rows.map((r) => {
        let value: number | null;
        switch (p.measure) {
          case 'count': value = r.count; break;
          case 'density': value = r.area_km2 > 0 ? r.count / r.area_km2 : null; break;
          case 'per10k': value = r.population ? (r.count / r.population) * 10_000 : null; break;
          case 'sum': value = r.sum ?? 0; break;
          case 'avg': value = r.avg; break;
        }
        return {
          code: r.code,
          name: r.name_vi,
          nameEn: r.name_en,
          value: value === null ? null : Number(value.toPrecision(12)),
          count: r.count,
          areaKm2: Math.round(r.area_km2 * 1000) / 1000,
          population: r.population,
        };
      });
      const fieldUnit = field ? (field.unit ? `${field.unit}` : field.titleEn) : '';
      const unit = { count: 'records', density: 'records/km²', per10k: 'records per 10,000 residents', sum: fieldUnit, avg: fieldUnit }[p.measure];
      const notes: string[] = [];
      if (!rows.length) notes.push(`no ${p.scheme} areas valid on ${date}`);
      if (p.measure === 'per10k' && !popKnown) notes.push('no population data for these areas: per10k values are null');
      const out: ChoroplethResponse = {
        dataset: p.dataset,
        scheme: p.scheme,
        date,
        measure: p.measure,
        field: field?.name ?? null,
        unit,
        areas,
        // Classes are cut over the units that have records: with 158 of 168 units empty, cutting
        // over all of them gave classes like "0 – 0" (issue 20). Empty units get their own class.
        breaks: classBreaks(areas.flatMap((a) => (a.value === null || a.count === 0 ? [] : [a.value])), p.method, p.classes),
        areasWithData: areas.filter((a) => a.value !== null && a.count > 0).length,
        method: p.method,
        classes: p.classes,
        ...(notes.length ? { note: notes.join('; ') } : {}),
      };
      choropleths.set(key, out);
      if (choropleths.size > CHOROPLETH_CACHE) choropleths.delete(choropleths.keys().next().value!);
      return out;
    },

    async heatmap(actor: Actor, datasetId: string, bbox: [number, number, number, number]): Promise<HeatmapResponse> {
      ready();
      await readable(actor, datasetId);
      const total = await repo.countInBox(datasetId, bbox);
      // Up to ~20k raw points; beyond, a grid of about 200 × 200 cells over the box.
      const cell = total > 20_000 ? Math.max(bbox[2] - bbox[0], bbox[3] - bbox[1]) / 200 : null;
      const rows = await repo.heat(datasetId, bbox, cell, 50_000);
      return { dataset: datasetId, points: rows.map((r) => [Math.round(r.lon * 1e6) / 1e6, Math.round(r.lat * 1e6) / 1e6, r.w]), cellDeg: cell, total };
    },

    async measures(actor: Actor): Promise<MeasuresResponse> {
      ready();
      const all = (await repo.spatialDatasets()).filter((d) => canReadDataset(actor, d.public_read));
      const counts = await repo.recordCounts();
      return {
        datasets: all.map((d) => {
          const fields = d.fields as FieldDecl[];
          return {
            datasetId: d.id,
            title: d.title_vi,
            domain: d.domain,
            geometryType: d.geometry_type,
            count: counts.get(d.id) ?? 0,
            numericFields: numericFields(fields).map((f) => ({ name: f.name, label: f.titleVi })),
            dateFields: fields.filter((f) => !f.personal && f.type === 'date').map((f) => ({ name: f.name, label: f.titleVi })),
            tilejson: `/tiles/${d.id}.json`,
          };
        }),
        measures: MEASURES,
        methods: METHODS,
        schemes: SCHEMES,
        populationKnown: await repo.anyPopulation(),
      };
    },
  };
}

export type SpatialService = ReturnType<typeof createSpatialService>;
