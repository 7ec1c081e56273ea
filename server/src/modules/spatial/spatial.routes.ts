import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { badRequest, ErrorBody } from '../../platform/http/errors.ts';
import { lit } from '../../../../shared/contracts/schema.ts';
import {
  ChoroplethResponseSchema,
  HeatmapResponseSchema,
  MeasuresResponseSchema,
  NearestResponseSchema,
  SpatialSelectResponseSchema,
  type SpatialSelectRequest,
} from '../../../../shared/contracts/spatial.ts';
import { MEASURES, METHODS, SCHEMES, type SpatialService } from './spatial.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 503: ErrorBody };
const DatasetId = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' });

function parseBbox(raw: string): [number, number, number, number] {
  const n = raw.split(',').map(Number);
  if (n.length !== 4 || n.some((x) => !Number.isFinite(x)) || n[0]! >= n[2]! || n[1]! >= n[3]!) throw badRequest('bbox must be minLon,minLat,maxLon,maxLat');
  return [n[0]!, n[1]!, n[2]!, n[3]!];
}

export function spatialRoutes(app: FastifyInstance, spatial: SpatialService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['spatial'];

  r.get(
    '/api/spatial/choropleth',
    {
      // Public datasets are public data; the service checks each dataset's read access.
      config: { access: access.public },
      schema: {
        tags,
        summary: 'A per-area measure of a dataset for a thematic map, with class breaks',
        querystring: Type.Object({
          dataset: DatasetId,
          measure: Type.Optional(lit(MEASURES)),
          field: Type.Optional(Type.String({ description: 'numeric field (sum, avg)' })),
          scheme: Type.Optional(lit(SCHEMES)),
          date: Type.Optional(Type.String({ format: 'date', description: 'areas valid on this day' })),
          method: Type.Optional(lit(METHODS)),
          classes: Type.Integer({ minimum: 2, maximum: 9, default: 5 }),
        }),
        response: { 200: ChoroplethResponseSchema, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      return spatial.choropleth(actorOf(req), {
        dataset: q.dataset,
        measure: q.measure ?? 'count',
        field: q.field,
        scheme: q.scheme ?? 'vn2025',
        date: q.date,
        method: q.method ?? 'quantile',
        classes: q.classes,
      });
    },
  );

  r.get(
    '/api/spatial/heatmap',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Weighted points of a dataset inside a box, for a heatmap (a grid when dense)',
        querystring: Type.Object({ dataset: DatasetId, bbox: Type.String({ description: 'minLon,minLat,maxLon,maxLat' }) }),
        response: { 200: HeatmapResponseSchema, ...errors },
      },
    },
    async (req) => spatial.heatmap(actorOf(req), req.query.dataset, parseBbox(req.query.bbox)),
  );

  r.post(
    '/api/spatial/select',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Counts per readable spatial dataset inside a polygon or a circle',
        body: Type.Object(
          {
            geometry: Type.Optional(Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) }, { additionalProperties: true })),
            center: Type.Optional(Type.Array(Type.Number(), { minItems: 2, maxItems: 2 })),
            radiusM: Type.Optional(Type.Number()),
            datasets: Type.Optional(Type.Array(DatasetId, { maxItems: 200 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: SpatialSelectResponseSchema, ...errors },
      },
    },
    async (req) => spatial.select(actorOf(req), req.body as SpatialSelectRequest),
  );

  r.get(
    '/api/spatial/nearest',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'The n nearest features of a dataset from a point, by geodesic distance',
        querystring: Type.Object({
          dataset: DatasetId,
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          n: Type.Integer({ minimum: 1, maximum: 100, default: 3 }),
        }),
        response: { 200: NearestResponseSchema, ...errors },
      },
    },
    async (req) => spatial.nearest(actorOf(req), req.query.dataset, req.query.lon, req.query.lat, req.query.n),
  );

  r.get(
    '/api/spatial/measures',
    { config: { access: access.public }, schema: { tags, summary: 'Datasets and fields that can be mapped, measures and methods', response: { 200: MeasuresResponseSchema, 503: ErrorBody } } },
    async (req) => spatial.measures(actorOf(req)),
  );
}
