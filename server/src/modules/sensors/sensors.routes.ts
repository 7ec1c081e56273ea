import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, currentUser } from '../../platform/http/access.ts';
import { ErrorBody, HttpError } from '../../platform/http/errors.ts';
import { SENSOR_STATES, SENSOR_TYPES, SensorAggregateSchema, SensorListSchema, SensorSchema, SensorSeriesSchema } from '../../../../shared/contracts/sensors.ts';
import type { IngestPipeline } from './ingest.ts';
import type { SensorsService } from './sensors.service.ts';

const Interval = Type.Union([Type.Literal('raw'), Type.Literal('1m'), Type.Literal('1h')]);
const Time = (what: string) => Type.Optional(Type.String({ description: `${what} (ISO-8601)` }));
const enumOf = (values: readonly string[], description: string) => Type.Unsafe<string>({ type: 'string', enum: [...values], description });

export async function sensorsRoutes(app: FastifyInstance, service: SensorsService, pipeline: IngestPipeline): Promise<void> {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();

  r.get(
    '/api/sensors',
    {
      config: { access: access.staff },
      schema: {
        tags: ['sensors'],
        summary: 'Sensors with their type, place, today\'s areas, latest values and state (ok, warn, alarm, silent, unknown)',
        querystring: Type.Object({
          type: Type.Optional(enumOf(SENSOR_TYPES, 'sensor type')),
          area: Type.Optional(Type.String({ description: 'code of an area (today\'s units) containing the sensors' })),
          state: Type.Optional(enumOf(SENSOR_STATES, 'state')),
        }),
        response: { 200: SensorListSchema },
      },
    },
    async (req) => ({ items: await service.listSensors(req.query), silentAfterMinutes: service.silentMinutes }),
  );

  r.get(
    '/api/sensors/ingest-status',
    {
      config: { access: access.roles('admin', 'operator') },
      schema: { tags: ['sensors'], summary: 'Ingest counters (received, stored, duplicates, rejected by reason) per channel and over the last minute / hour, recent dead letters, and the bounded ingest buffer (depth, max, database state)', response: { 200: Type.Unknown({ description: 'IngestStatus' }) } },
    },
    async () => service.ingestStatus(),
  );

  r.get(
    '/api/sensors/aggregate',
    {
      config: { access: access.staff },
      schema: {
        tags: ['sensors'],
        summary: 'Readings aggregated by area (containment in today\'s units): one series per area, or per ward without "area"',
        querystring: Type.Object({
          type: Type.Optional(enumOf(SENSOR_TYPES, 'sensor type')),
          area: Type.Optional(Type.String({ description: 'area code, e.g. 27475 or 79' })),
          metric: Type.Optional(Type.String()),
          from: Time('start, default 24 h before "to"'),
          to: Time('end (exclusive), default now'),
          interval: Type.Optional(Type.Union([Type.Literal('1m'), Type.Literal('1h')], { default: '1h' })),
        }),
        response: { 200: SensorAggregateSchema, 400: ErrorBody },
      },
    },
    async (req) => service.aggregate(req.query),
  );

  r.get(
    '/api/sensors/:sensorId',
    {
      config: { access: access.staff },
      schema: { tags: ['sensors'], summary: 'One sensor with its latest values and state', params: Type.Object({ sensorId: Type.String() }), response: { 200: SensorSchema, 404: ErrorBody } },
    },
    async (req) => service.getSensor(req.params.sensorId),
  );

  r.get(
    '/api/sensors/:sensorId/readings',
    {
      config: { access: access.staff },
      schema: {
        tags: ['sensors'],
        summary: 'A sensor\'s series: raw readings or 1-minute / 1-hour aggregates (avg, min, max, count)',
        params: Type.Object({ sensorId: Type.String() }),
        querystring: Type.Object({
          from: Time('start, default 24 h before "to"'),
          to: Time('end (exclusive), default now'),
          interval: Type.Optional(Type.Union([Interval], { description: 'raw, 1m or 1h; default: raw up to 1 day, 1m up to 3 days, else 1h' })),
          metric: Type.Optional(Type.String({ description: 'default: the main metric of the sensor type' })),
        }),
        response: { 200: SensorSeriesSchema, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => service.series(req.params.sensorId, req.query),
  );

  // Ingest takes the body as text: a body that is not JSON is still kept as a dead letter.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 1024 * 1024 }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<TypeBoxTypeProvider>().post(
      '/api/sensors/:sensorId/readings',
      {
        config: { access: access.roles('device', 'admin', 'operator') },
        schema: {
          tags: ['sensors'],
          summary: 'Send readings (device token): {"ts"?, "value"} or {"ts"?, "values": {metric: number}} or an array of either; 200 once stored, 503 + Retry-After when the ingest buffer is full',
          params: Type.Object({ sensorId: Type.String() }),
          response: {
            200: Type.Object({ sensorId: Type.String(), stored: Type.Integer(), duplicates: Type.Integer(), rejected: Type.Integer() }),
            400: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody, 503: ErrorBody,
          },
        },
      },
      async (req, reply) => {
        const text = typeof req.body === 'string' ? req.body : '';
        let o;
        try {
          const user = currentUser(req);
          o = await pipeline.submit('http', req.url.split('?')[0]!, req.params.sensorId, text, { username: user.username, role: user.role });
        } catch (e) {
          // Buffer full or database unreachable: nothing was stored; tell the device when to retry.
          const retry = (e as HttpError).details as { retryAfterSeconds?: number } | undefined;
          if (e instanceof HttpError && e.statusCode === 503 && retry?.retryAfterSeconds) void reply.header('retry-after', String(retry.retryAfterSeconds));
          throw e;
        }
        if (o.unknownSensor) throw new HttpError(404, 'unknown_sensor', `no sensor "${o.sensorId}" in the sensors dataset (kept as a dead letter)`);
        if (o.notBound) throw new HttpError(403, 'not_bound', `this device is not bound to sensor "${o.sensorId}" (its device_account); kept as a dead letter`);
        if (o.rejected.length) {
          throw new HttpError(400, 'rejected_readings', `${o.rejected.length} reading(s) rejected and kept as dead letters; ${o.stored} stored, ${o.duplicates} duplicate(s)`, {
            stored: o.stored,
            duplicates: o.duplicates,
            rejected: o.rejected.map((x) => ({ index: x.index, reason: x.reason, message: x.message })),
          });
        }
        return { sensorId: o.sensorId, stored: o.stored, duplicates: o.duplicates, rejected: 0 };
      },
    );
  });
}
