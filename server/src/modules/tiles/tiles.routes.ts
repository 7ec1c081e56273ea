// /tiles: TileJSON and Mapbox Vector Tiles of every spatial dataset. Outside /api, so this
// module answers 503 itself while cityops is starting (see tiles.service.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { ErrorBody, HttpError } from '../../platform/http/errors.ts';
import { fileResponse } from '../../../../shared/contracts/schema.ts';
import { TileJsonSchema } from '../../../../shared/contracts/spatial.ts';
import type { TilesService } from './tiles.service.ts';
import { publicOrigin } from '../../platform/http/public-url.ts';
import type { Config } from '../../config.ts';

export const MVT_TYPE = 'application/vnd.mapbox-vector-tile';

/** Browsers revalidate every time (cheap: 304 on the ETag), so an edited record shows at once. */
const cacheControl = (publicRead: boolean) => (publicRead ? 'public, no-cache' : 'private, no-cache');

function notModified(req: FastifyRequest, reply: FastifyReply, etag: string): boolean {
  const inm = req.headers['if-none-match'];
  if (!inm) return false;
  const tags = inm.split(',').map((t) => t.trim().replace(/^W\//, ''));
  if (!tags.includes(etag) && !tags.includes('*')) return false;
  void reply.status(304).send();
  return true;
}

export function tilesRoutes(app: FastifyInstance, tiles: TilesService, config: Config): void {
  const origin = (req: FastifyRequest) => publicOrigin(req, config);
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['tiles'];

  r.get(
    '/tiles/:file',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'TileJSON 3.0.0 of a spatial dataset: GET /tiles/{datasetId}.json',
        params: Type.Object({ file: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}\\.json$' }) }),
        response: { 200: TileJsonSchema, 401: ErrorBody, 404: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      const datasetId = req.params.file.replace(/\.json$/, '');
      const { json, publicRead } = await tiles.tileJson(actorOf(req), datasetId, origin(req));
      reply.header('cache-control', cacheControl(publicRead));
      return json;
    },
  );

  r.get(
    '/tiles/:datasetId/:z/:x/:y',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'A Mapbox Vector Tile of a dataset: GET /tiles/{datasetId}/{z}/{x}/{y}.mvt (layer named after the dataset; 204 when empty)',
        params: Type.Object({
          datasetId: Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' }),
          z: Type.Integer({ minimum: 0, maximum: 22 }),
          x: Type.Integer({ minimum: 0 }),
          y: Type.String({ pattern: '^\\d+(\\.(mvt|pbf))?$' }),
        }),
        response: { 200: fileResponse('A Mapbox Vector Tile (protobuf)', [MVT_TYPE]), 204: Type.Null(), 304: Type.Null(), 400: ErrorBody, 401: ErrorBody, 404: ErrorBody, 503: ErrorBody },
      },
    },
    async (req, reply) => {
      const y = Number(req.params.y.replace(/\.(mvt|pbf)$/, ''));
      if (!Number.isSafeInteger(y)) throw new HttpError(400, 'bad_request', 'y must be an integer');
      const t = await tiles.tile(actorOf(req), req.params.datasetId, req.params.z, req.params.x, y);
      reply.header('etag', t.etag).header('cache-control', cacheControl(t.publicRead)).header('x-tile-cache', t.cache).header('x-tile-features', String(t.features));
      if (notModified(req, reply, t.etag)) return reply;
      if (!t.body) return reply.status(204).send(null);
      return reply.type(MVT_TYPE).send(t.body);
    },
  );
}
