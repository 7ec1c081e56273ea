import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import { AreaDetailSchema, AreaListSchema } from '../../../../shared/contracts/areas.ts';
import type { AreasService } from './areas.service.ts';

const DateParam = Type.String({ format: 'date', description: 'YYYY-MM-DD; default: today in Ho Chi Minh City' });
export function areasRoutes(app: FastifyInstance, areas: AreasService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/areas',
    {
      config: { access: access.public },
      schema: {
        tags: ['areas'],
        summary: 'Administrative areas valid on a day; GeoJSON with format=geojson',
        querystring: Type.Object({
          level: Type.Optional(Type.String({ description: 'e.g. city, district, ward' })),
          parent: Type.Optional(Type.String({ description: 'code of the parent area (valid on the same day)' })),
          code: Type.Optional(Type.String({ description: 'one or more codes, comma-separated' })),
          date: Type.Optional(DateParam),
          format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('geojson')])),
        }),
        // The GeoJSON body is large and already shaped by SQL; it is not re-validated on the way out.
        response: {
          200: Type.Unknown({ description: '{ date, areas: Area[] }, or a GeoJSON FeatureCollection of areas with format=geojson (with an ETag)' }),
          304: Type.Null({ description: 'format=geojson: unchanged since the ETag sent in If-None-Match' }),
          400: ErrorBody,
        },
      },
    },
    async (req, reply) => {
      if (req.query.format === 'geojson') {
        const { body, etag } = await areas.listGeoJsonText(req.query);
        // Clients revalidate (no-cache) and get 304 while the loaded boundaries are the same.
        reply.header('etag', etag).header('cache-control', 'no-cache');
        if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
        return reply.type('application/geo+json').send(body);
      }
      return areas.list(req.query);
    },
  );

  r.get(
    '/api/areas/locate',
    {
      config: { access: access.public },
      schema: {
        tags: ['areas'],
        summary: 'The areas containing a point on a day (largest first)',
        querystring: Type.Object({
          lon: Type.Number({ minimum: -180, maximum: 180 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          date: Type.Optional(DateParam),
          level: Type.Optional(Type.String()),
        }),
        response: { 200: AreaListSchema, 400: ErrorBody },
      },
    },
    async (req) => areas.locate(req.query.lon, req.query.lat, req.query.date, req.query.level),
  );

  r.get(
    '/api/areas/:id',
    {
      config: { access: access.public },
      schema: {
        tags: ['areas'],
        summary: 'One area version, with its lineage (merged from / split into)',
        params: Type.Object({ id: Type.Integer({ minimum: 1 }) }),
        querystring: Type.Object({ geometry: Type.Optional(Type.Boolean()) }),
        response: {
          200: AreaDetailSchema,
          404: ErrorBody,
        },
      },
    },
    async (req) => areas.get(req.params.id, req.query.geometry === true),
  );
}
