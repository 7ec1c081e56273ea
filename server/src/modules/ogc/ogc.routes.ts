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
import { CONFORMANCE, type OgcService } from './ogc.service.ts';
import { publicOrigin } from '../../platform/http/public-url.ts';
import type { Config } from '../../config.ts';

const MAX_LIMIT = 10_000;
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

  r.get('/ogc', { config: { access: access.public }, schema: { tags, summary: 'OGC API – Features landing page', querystring: Type.Object({ f: F }), response: { 200: OgcLandingSchema } } }, async (req) =>
    ogc.landing(base(req)),
  );
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
    '/ogc/collections/:collectionId/items',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Features of a collection, paged with limit/offset and rel=next links',
        params: Type.Object({ collectionId: Type.String() }),
        querystring: Type.Object({
          limit: Type.Integer({ minimum: 1, maximum: MAX_LIMIT, default: 100 }),
          offset: Type.Integer({ minimum: 0, default: 0 }),
          bbox: Type.Optional(Type.String({ description: 'minLon,minLat,maxLon,maxLat (WGS 84)' })),
          f: F,
        }),
        response: { 200: untyped(OgcFeatureCollectionSchema), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { limit, offset, bbox, f } = req.query;
      const body = await ogc.items(actorOf(req), base(req), req.params.collectionId, { bbox, f }, { limit, offset, bbox: parseBbox(bbox) });
      return reply.type('application/geo+json').send(body);
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
