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
import { SelectionExportSchema, MapStyleSchema, PlaceSearchQuerySchema, PlaceSearchResultSchema, OSM_ATTRIBUTION_TEXT } from '../../../../shared/contracts/basemap.ts';
import { BASEMAP_THEMES, type BasemapTheme } from './basemap-style.ts';

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

  // --- the offline base map (OpenStreetMap, ODbL; assets/osm) ----------------------------------
  r.get(
    '/tiles/basemap/:file',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'MapLibre style of the offline OpenStreetMap base map: GET /tiles/basemap/style-{day|dark}.json?lang=vi|en',
        params: Type.Object({ file: Type.String({ pattern: '^style-(day|dark)\\.json$' }) }),
        querystring: Type.Object({ lang: Type.Optional(Type.Union([Type.Literal('vi'), Type.Literal('en')])) }),
        response: { 200: MapStyleSchema, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const theme = /^style-(day|dark)\.json$/.exec(req.params.file)?.[1] as BasemapTheme | undefined;
      if (!theme || !BASEMAP_THEMES.includes(theme)) throw new HttpError(404, 'not_found', 'no such base-map style');
      reply.header('cache-control', 'public, max-age=300');
      return tiles.basemap.style(theme, origin(req), req.query.lang ?? 'vi');
    },
  );

  r.get(
    '/tiles/basemap/fonts/:file',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'The font the base-map labels are drawn with (DejaVu Sans, Bitstream Vera licence)',
        params: Type.Object({ file: Type.Literal('DejaVuSans.ttf') }),
        response: { 200: fileResponse('A TrueType font', ['font/ttf']), 404: ErrorBody },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=86400');
      return reply.type('font/ttf').send(await tiles.basemap.font());
    },
  );

  r.get(
    '/tiles/basemap/:z/:x/:y',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'A Mapbox Vector Tile of the offline OpenStreetMap base map (© OpenStreetMap contributors, ODbL): layers water, landcover, waterways, roads, buildings, places, pois; zooms 6–14 of central HCMC; 204 outside',
        params: Type.Object({
          z: Type.Integer({ minimum: 0, maximum: 22 }),
          x: Type.Integer({ minimum: 0 }),
          y: Type.String({ pattern: '^\\d+(\\.(mvt|pbf))?$' }),
        }),
        response: { 200: fileResponse('A Mapbox Vector Tile (protobuf)', [MVT_TYPE]), 204: Type.Null(), 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const y = Number(req.params.y.replace(/\.(mvt|pbf)$/, ''));
      if (!Number.isSafeInteger(y)) throw new HttpError(400, 'bad_request', 'y must be an integer');
      const body = await tiles.basemap.tile(req.params.z, req.params.x, y);
      reply.header('cache-control', 'public, max-age=86400');
      if (!body) return reply.status(204).send(null);
      return reply.type(MVT_TYPE).send(body);
    },
  );

  r.get(
    '/api/basemap/places',
    {
      config: { access: access.public },
      schema: {
        tags,
        summary: 'Address and place search over the base map: street names, POIs and places, with or without diacritics',
        querystring: PlaceSearchQuerySchema,
        response: { 200: PlaceSearchResultSchema, 400: ErrorBody },
      },
    },
    async (req) => ({ items: await tiles.basemap.search(req.query.q, req.query.limit ?? 10), attribution: OSM_ATTRIBUTION_TEXT }),
  );

  r.post(
    '/api/map/selection.csv',
    {
      config: { access: access.staff },
      schema: {
        tags,
        summary: 'CSV (UTF-8 with BOM, formulas neutralised) of the attribute-table rows the user selected on the map page',
        body: SelectionExportSchema,
        response: { 200: fileResponse('CSV', ['text/csv']), 400: ErrorBody, 401: ErrorBody, 403: ErrorBody },
      },
    },
    async (req, reply) =>
      reply.type('text/csv; charset=utf-8').header('content-disposition', 'attachment; filename="selection.csv"').send(tiles.selectionCsv(req.body)),
  );
}
