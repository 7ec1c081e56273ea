import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type TSchema, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { badRequest, ErrorBody } from '../../platform/http/errors.ts';
import {
  OgcCollectionSchema,
  OgcCollectionsSchema,
  OgcConformanceSchema,
  OgcFeatureCollectionSchema,
  OgcFeatureWithLinksSchema,
  OgcLandingSchema,
} from '../../../../shared/contracts/ogc.ts';
import { CONFORMANCE, DEFAULT_LIMIT, FILTER_LANGS, MAX_LIMIT, type OgcService } from './ogc.service.ts';
import { publicOrigin } from '../../platform/http/public-url.ts';
import type { Config } from '../../config.ts';

/** The schema as served, without its static type: the service builds features from untyped rows. */
const untyped = (schema: TSchema) => Type.Unsafe<unknown>(schema);

function parseBbox(raw: string | undefined): [number, number, number, number] | undefined {
  if (!raw) return undefined;
  const n = raw.split(',').map(Number);
  if ((n.length !== 4 && n.length !== 6) || n.some((x) => !Number.isFinite(x))) throw badRequest('bbox must be minLon,minLat,maxLon,maxLat');
  const b = n.length === 6 ? [n[0]!, n[1]!, n[3]!, n[4]!] : n;
  return [b[0]!, b[1]!, b[2]!, b[3]!];
}

export function ogcRoutes(app: FastifyInstance, ogc: OgcService, config: Config): void {
  const base = (req: FastifyRequest) => publicOrigin(req, config);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['ogc'];
  const F = Type.Optional(Type.String({ description: 'output format: json (the only one)' }));

  // With and without the trailing slash: OWSLib asks for "/ogc/".
  for (const path of ['/ogc', '/ogc/']) {
    r.get(path, { config: { access: access.public }, schema: { tags, summary: 'OGC API – Features landing page', querystring: Type.Object({ f: F }), response: { 200: OgcLandingSchema } } }, async (req) =>
      ogc.landing(base(req)),
    );
  }
  r.get('/ogc/conformance', { config: { access: access.public }, schema: { tags, summary: 'Conformance classes', querystring: Type.Object({ f: F }), response: { 200: OgcConformanceSchema } } }, async () => ({
    conformsTo: CONFORMANCE,
  }));
  r.get(
    '/ogc/collections',
    { config: { access: access.public }, schema: { tags, summary: 'Collections the caller may read (areas and spatial datasets)', querystring: Type.Object({ f: F }), response: { 200: OgcCollectionsSchema } } },
    async (req) => ogc.collections(actorOf(req), base(req)),
  );
  r.get(
    '/ogc/collections/:collectionId',
    {
      config: { access: access.public },
      schema: { tags, summary: 'One collection', params: Type.Object({ collectionId: Type.String() }), querystring: Type.Object({ f: F }), response: { 200: OgcCollectionSchema, 401: ErrorBody, 404: ErrorBody } },
    },
    async (req) => ogc.collection(actorOf(req), base(req), req.params.collectionId),
  );
  r.get(
    '/ogc/api',
    {
      config: { access: access.public },
      schema: { tags, summary: 'The OGC API definition GIS clients read (OpenAPI 3.0): page limits, filters and per-collection property parameters', querystring: Type.Object({ f: F }), response: { 200: Type.Unsafe<unknown>(Type.Object({}, { additionalProperties: true })) } },
    },
    // Unquoted version parameter: GDAL compares the media type's tokens literally.
    async (req, reply) => reply.header('content-type', 'application/vnd.oai.openapi+json;version=3.0').send(Buffer.from(JSON.stringify(await ogc.apiDocument(actorOf(req), base(req))))),
  );
  r.get(
    '/ogc/collections/:collectionId/queryables',
    {
      config: { access: access.public },
      schema: { tags, summary: 'The properties a filter may name (JSON Schema)', params: Type.Object({ collectionId: Type.String() }), querystring: Type.Object({ f: F }), response: { 200: Type.Unsafe<unknown>(Type.Object({}, { additionalProperties: true })), 401: ErrorBody, 404: ErrorBody } },
    },
    async (req, reply) => reply.type('application/schema+json').send(await ogc.queryables(actorOf(req), base(req), req.params.collectionId)),
  );
  r.get(
    '/ogc/collections/:collectionId/items',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Features of a collection, paged by key (rel=next links carry a cursor) with bbox, datetime, property and CQL2 text filters',
        params: Type.Object({ collectionId: Type.String() }),
        querystring: Type.Object(
          {
            limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT, description: `page size (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})` }),
            cursor: Type.Optional(Type.Integer({ minimum: 0, description: 'key paging: features after this id (rel=next links carry it)' })),
            offset: Type.Optional(Type.Integer({ minimum: 0, description: 'offset paging (prefer the rel=next links)' })),
            bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat (WGS 84)' })),
            datetime: Type.Optional(Type.String({ description: 'RFC 3339 instant or interval start/end (".." open)' })),
            filter: Type.Optional(Type.String({ maxLength: 4000, description: 'CQL2 text over the queryables' })),
            'filter-lang': Type.Optional(Type.String({ enum: [...FILTER_LANGS] })),
            f: F,
          },
          { additionalProperties: Type.Union([Type.String(), Type.Array(Type.String())]), description: 'any other parameter named after a queryable filters by equality' },
        ),
        response: { 200: untyped(OgcFeatureCollectionSchema), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { limit, offset, cursor, bbox } = req.query;
      const body = await ogc.items(actorOf(req), base(req), req.params.collectionId, req.query as Record<string, unknown>, { limit, offset, cursor, bbox: parseBbox(bbox) });
      // Serialised once here (pages of up to 10,000 features): the schema documents the shape.
      return reply.type('application/geo+json').send(Buffer.from(JSON.stringify(body)));
    },
  );
  r.get(
    '/ogc/collections/:collectionId/items/:featureId',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'One feature',
        params: Type.Object({ collectionId: Type.String(), featureId: Type.Integer() }),
        querystring: Type.Object({ f: F }),
        response: { 200: untyped(OgcFeatureWithLinksSchema), 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => reply.type('application/geo+json').send(await ogc.item(actorOf(req), base(req), req.params.collectionId, req.params.featureId)),
  );
}
