import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import ExcelJS from 'exceljs';
import { toCsv } from '../../platform/csv.ts';
import { sseHub } from '../../platform/sse.ts';
import type { Clock } from '../../platform/context.ts';
import { access, currentUser } from '../../platform/http/access.ts';
import { ErrorBody, HttpError, badRequest } from '../../platform/http/errors.ts';
import {
  DASHBOARD_SCREENS,
  DashboardListSchema,
  DashboardSchema,
  KPI_DOMAINS,
  KpiDefinitionSchema,
  KpiDetailSchema,
  KpiDetailsSchema,
  KpiDrilldownSchema,
  KpiListSchema,
  WIDGET_KINDS,
  type Dashboard,
  type KpiDefinition,
  type KpiDetail,
} from '../../../../shared/contracts/kpis.ts';
import { fileResponse } from '../../../../shared/contracts/schema.ts';
import type { KpiQuery, KpisService } from './kpis.service.ts';
import { lit } from '../../../../shared/contracts/schema.ts';

const Id = Type.String({ pattern: '^[a-z][a-z0-9-]{1,62}$' });
const Day = Type.String({ format: 'date' });
const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };

const Filter = Type.Object({
  field: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9_]{0,62}$' }),
  op: lit(['eq', 'in', 'ne'] as const),
  value: Type.Union([Type.String(), Type.Number(), Type.Boolean(), Type.Array(Type.Union([Type.String(), Type.Number(), Type.Boolean()]))]),
}, { additionalProperties: false });

const Computation = Type.Union([
  Type.Object({
    source: Type.Literal('records'),
    dataset: Id,
    agg: lit(['count', 'share', 'per_km2'] as const),
    filter: Type.Optional(Type.Array(Filter, { maxItems: 10 })),
    numerator: Type.Optional(Type.Array(Filter, { maxItems: 10 })),
    dateField: Type.Optional(Type.String()),
    flow: Type.Optional(Type.Boolean()),
    categoryField: Type.Optional(Type.String()),
  }, { additionalProperties: false }),
  Type.Object({
    source: lit(['feedback', 'alerts', 'incidents', 'sensors'] as const),
    query: Type.String({ maxLength: 60 }),
    params: Type.Optional(Type.Record(Type.String(), Type.Union([Type.String(), Type.Number(), Type.Boolean()]))),
  }, { additionalProperties: false }),
], { description: 'a whitelisted source with parameters; see docs/modules/kpis.md' });

export const KpiDefinitionBody = Type.Object({
  id: Id,
  titleVi: Type.String({ minLength: 1, maxLength: 200 }),
  titleEn: Type.String({ minLength: 1, maxLength: 200 }),
  descriptionVi: Type.Optional(Type.String({ maxLength: 2000 })),
  descriptionEn: Type.Optional(Type.String({ maxLength: 2000 })),
  domain: lit(KPI_DOMAINS),
  unit: Type.String({ maxLength: 40 }),
  computation: Computation,
  dimensions: Type.Array(lit(['area', 'time', 'category'] as const), { maxItems: 3 }),
  target: Type.Optional(Type.Union([Type.Null(), Type.Number()])),
  thresholds: Type.Optional(Type.Union([Type.Null(), Type.Object({ green: Type.Number(), amber: Type.Number() }, { additionalProperties: false })])),
  higherIsBetter: Type.Boolean(),
  ownerUnit: Type.String({ minLength: 1, maxLength: 80 }),
  updateFrequency: lit(['realtime', 'hourly', 'daily', 'monthly', 'yearly'] as const),
  granularity: Type.Optional(lit(['day', 'month', 'year'] as const)),
  defaultPeriod: Type.Optional(lit(['last-full-year', 'last-12-months', 'last-30-days', 'last-7-days'] as const)),
}, { additionalProperties: false });

const DashboardBody = Type.Object({
  id: Id,
  titleVi: Type.String({ minLength: 1, maxLength: 200 }),
  titleEn: Type.String({ minLength: 1, maxLength: 200 }),
  domain: Type.Union([lit(KPI_DOMAINS), Type.Literal('overview')]),
  widgets: Type.Array(Type.Object({
    id: Type.String({ pattern: '^[a-zA-Z0-9_-]{1,64}$' }),
    kind: lit(WIDGET_KINDS),
    kpiId: Type.Optional(Id),
    w: Type.Integer({ minimum: 1, maximum: 12 }),
    h: Type.Integer({ minimum: 1, maximum: 6 }),
    titleVi: Type.Optional(Type.String({ maxLength: 200 })),
    titleEn: Type.Optional(Type.String({ maxLength: 200 })),
  }, { additionalProperties: false }), { maxItems: 60 }),
  screen: Type.Optional(lit(DASHBOARD_SCREENS)),
  builtIn: Type.Optional(Type.Boolean()),
  updatedAt: Type.Optional(Type.String()),
  updatedBy: Type.Optional(Type.String()),
}, { additionalProperties: false });

const KpiQuerySchema = {
  area: Type.Optional(Type.String({ maxLength: 20, description: 'code of an area (ward, district, city) in `scheme`' })),
  scheme: Type.Optional(lit(['vn2025', 'vn2008'] as const)),
  from: Type.Optional(Day),
  to: Type.Optional(Type.String({ format: 'date', description: 'last day, inclusive' })),
  compare: Type.Optional(Type.Literal('previous')),
};

/** Roles that read KPIs and dashboards (the staff). Only admins change definitions. */
const readers = access.staff;
const admins = access.roles('admin');

/** The figures of a KPI as tables: the value, per area, the trend and the categories. */
function exportTables(d: KpiDetail): { name: string; header: string[]; rows: (string | number | null)[][] }[] {
  const def = d.definition;
  return [
    { name: 'value', header: ['kpi', 'title', 'unit', 'value', 'records', 'status', 'from', 'to', 'area', 'scheme', 'asOf'],
      rows: [[def.id, def.titleVi, def.unit, d.value, d.count, d.status, d.period.from, d.period.to, d.area?.code ?? '', d.scheme, d.asOf]] },
    { name: 'by area', header: ['area code', 'area', 'scheme', 'value', 'records'], rows: d.byArea.map((a) => [a.code, a.nameVi, a.scheme, a.value, a.count]) },
    { name: 'trend', header: ['period start', 'value'], rows: d.trend.map((p) => [p.t, p.value]) },
    { name: 'by category', header: ['category', 'records'], rows: d.byCategory.map((c) => [c.category, c.count]) },
  ];
}

export function kpisRoutes(app: FastifyInstance, kpis: KpisService, clock: Clock): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['kpis'];
  // Open KPI streams end when the app closes.
  const kpiStreams = sseHub(app, { heartbeatMs: 0 });

  r.get('/api/kpis', {
    config: { access: readers },
    schema: {
      tags, summary: 'KPI definitions with their current value (null when the source module is not installed)',
      querystring: Type.Object({ ...KpiQuerySchema, ids: Type.Optional(Type.String({ description: 'comma-separated KPI ids' })), domain: Type.Optional(Type.String()) }),
      response: { 200: KpiListSchema, 400: ErrorBody },
    },
  }, async (req) => {
    const ids = req.query.ids ? req.query.ids.split(',').filter(Boolean) : undefined;
    const list = await kpis.list(req.query as KpiQuery, await kpis.viewerOf(currentUser(req)), ids);
    return { kpis: req.query.domain ? list.filter((k) => k.definition.domain === req.query.domain) : list };
  });

  r.post('/api/kpis', {
    config: { access: admins },
    schema: { tags, summary: 'Define a KPI (admin)', body: KpiDefinitionBody, response: { 201: KpiDefinitionSchema, ...errors } },
  }, async (req, reply) => reply.status(201).send(await kpis.create(req.body as KpiDefinition, currentUser(req).username)));

  r.put('/api/kpis/:id', {
    config: { access: admins },
    schema: { tags, summary: 'Change a KPI definition (admin)', params: Type.Object({ id: Id }), body: KpiDefinitionBody, response: { 200: KpiDefinitionSchema, ...errors } },
  }, async (req) => {
    if (req.body.id !== req.params.id) throw badRequest(`id in the body (${req.body.id}) differs from the path (${req.params.id})`);
    return kpis.update(req.body as KpiDefinition, currentUser(req).username);
  });

  r.delete('/api/kpis/:id', {
    config: { access: admins },
    schema: { tags, summary: 'Delete a KPI definition (admin)', params: Type.Object({ id: Id }), response: { 204: Type.Null(), ...errors } },
  }, async (req, reply) => {
    await kpis.remove(req.params.id);
    return reply.status(204).send(null);
  });

  r.get('/api/kpis/details', {
    config: { access: readers },
    schema: {
      tags, summary: 'Several KPIs in detail in one request (a dashboard\'s first paint): like GET /api/kpis/{id} for each id; a KPI that fails carries `error` instead',
      querystring: Type.Object({
        ...KpiQuerySchema,
        ids: Type.Optional(Type.String({ description: 'comma-separated KPI ids (at most 60)' })),
        dashboard: Type.Optional(Type.String({ description: 'or: every KPI of this dashboard (asked together with the dashboard, saving a round trip)' })),
      }),
      response: { 200: KpiDetailsSchema, 400: ErrorBody, 404: ErrorBody },
    },
  }, async (req) => {
    const wanted = req.query.ids ? req.query.ids.split(',')
      : req.query.dashboard ? (await kpis.dashboard(req.query.dashboard)).widgets.map((w) => w.kpiId ?? '') : [];
    const ids = [...new Set(wanted.filter(Boolean))];
    if (ids.length > 60) throw badRequest('ids: at most 60 KPIs per request');
    const q = req.query as KpiQuery;
    const viewer = await kpis.viewerOf(currentUser(req));
    const details = [];
    // One after the other: the embedded engine is a single session anyway, and the cubes are shared.
    for (const id of ids) {
      try {
        details.push(await kpis.detail(id, q, viewer));
      } catch (e) {
        // Bad filters and an area outside an officer's wards concern the whole request.
        if (e instanceof HttpError && (e.statusCode === 400 || e.code === 'area_outside_scope')) throw e;
        details.push({ id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return { details };
  });

  r.get('/api/kpis/:id', {
    config: { access: readers },
    schema: {
      tags, summary: 'A KPI: value, status colour, previous period, trend, per-area and per-category breakdown',
      params: Type.Object({ id: Id }), querystring: Type.Object(KpiQuerySchema), response: { 200: KpiDetailSchema, ...errors },
    },
  }, async (req) => kpis.detail(req.params.id, req.query as KpiQuery, await kpis.viewerOf(currentUser(req))));

  r.get('/api/kpis/:id/drilldown', {
    config: { access: readers },
    schema: {
      tags, summary: 'The rows behind a KPI value (for a share: the numerator rows); total equals the count of the value',
      params: Type.Object({ id: Id }),
      querystring: Type.Object({ ...KpiQuerySchema, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 50 })), offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) }),
      response: { 200: KpiDrilldownSchema, ...errors },
    },
  }, async (req) => kpis.drilldown(req.params.id, req.query as KpiQuery, await kpis.viewerOf(currentUser(req)), req.query.limit ?? 50, req.query.offset ?? 0));

  r.get('/api/kpis/:id/export', {
    config: { access: readers },
    schema: {
      tags, summary: 'A KPI\'s figures as CSV or XLSX (value, per area, trend, categories)',
      params: Type.Object({ id: Id }), querystring: Type.Object({ ...KpiQuerySchema, format: lit(['csv', 'xlsx'] as const) }),
      response: {
        200: fileResponse('The figures as CSV (UTF-8 with a BOM) or XLSX', ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']),
        ...errors,
      },
    },
  }, async (req, reply) => {
    const d = await kpis.detail(req.params.id, req.query as KpiQuery, await kpis.viewerOf(currentUser(req)));
    const tables = exportTables(d);
    const name = `kpi-${d.id}`;
    if (req.query.format === 'csv') {
      // The tables one after the other: a `# name` line, the header, the rows, an empty line between.
      const rows = tables.flatMap((t, i) => [...(i ? [[]] : []), [`# ${t.name}`], t.header, ...t.rows]);
      // BOM so that Excel opens the Vietnamese text as UTF-8.
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}.csv"`).send(toCsv(rows, { bom: true }));
    }
    const wb = new ExcelJS.Workbook();
    wb.creator = 'cityops';
    for (const t of tables) {
      const ws = wb.addWorksheet(t.name);
      ws.addRow(t.header).font = { bold: true };
      for (const row of t.rows) ws.addRow(row);
      ws.columns.forEach((c) => { c.width = 18; });
    }
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    return reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`).send(buf);
  });

  r.get('/api/kpis/stream', {
    config: { access: readers },
    schema: {
      tags, summary: 'Server-sent events: `kpis` with the current values of the given KPIs, sent again whenever one changes',
      produces: ['text/event-stream'],
      querystring: Type.Object({ ...KpiQuerySchema, ids: Type.Optional(Type.String()), interval: Type.Optional(Type.Integer({ minimum: 1, maximum: 300, default: 3 })) }),
    },
  }, async (req, reply) => {
    const ids = req.query.ids ? req.query.ids.split(',').filter(Boolean) : undefined;
    const q = req.query as KpiQuery;
    const user = currentUser(req);
    // Check the filters (an officer's area scope) before the stream starts, so errors are plain HTTP errors.
    await kpis.list(q, await kpis.viewerOf(user), ids);
    reply.hijack();
    const stream = kpiStreams.open(reply.raw);
    let last = '';
    const tick = async () => {
      if (stream.closed) return;
      try {
        // The viewer is read each tick, so a change of an officer's areas reaches an open stream.
        const list = await kpis.list(q, await kpis.viewerOf(user), ids);
        const values = list.map((k) => k.current).filter(Boolean);
        const body = JSON.stringify(values.map((v) => [v!.id, v!.value, v!.count, v!.status]));
        if (body !== last) {
          last = body;
          stream.send({ event: 'kpis', data: { at: clock.now().toISOString(), values } });
        } else {
          stream.comment(`alive ${clock.now().toISOString()}`);
        }
      } catch (error) {
        req.log.warn({ err: error }, 'kpi stream tick failed');
      }
    };
    await tick();
    const timer = setInterval(() => void tick(), (req.query.interval ?? 3) * 1000);
    stream.onClose(() => clearInterval(timer));
  });

  // ── dashboards ──
  r.get('/api/dashboards', {
    config: { access: readers },
    schema: { tags: ['dashboards'], summary: 'Dashboards (overview and one per domain, plus those made by admins)', response: { 200: DashboardListSchema } },
  }, async () => ({ dashboards: await kpis.dashboards() }));

  r.get('/api/dashboards/:id', {
    config: { access: readers },
    schema: { tags: ['dashboards'], summary: 'One dashboard and its widgets', params: Type.Object({ id: Id }), response: { 200: DashboardSchema, 404: ErrorBody } },
  }, async (req) => kpis.dashboard(req.params.id));

  r.post('/api/dashboards', {
    config: { access: admins },
    schema: { tags: ['dashboards'], summary: 'Create a dashboard (admin)', body: DashboardBody, response: { 201: DashboardSchema, ...errors } },
  }, async (req, reply) => reply.status(201).send(await kpis.saveDashboard(req.body as Dashboard, currentUser(req).username, 'create')));

  r.put('/api/dashboards/:id', {
    config: { access: admins },
    schema: { tags: ['dashboards'], summary: 'Save a dashboard: widgets, order and sizes (admin)', params: Type.Object({ id: Id }), body: DashboardBody, response: { 200: DashboardSchema, ...errors } },
  }, async (req) => {
    if (req.body.id !== req.params.id) throw badRequest(`id in the body (${req.body.id}) differs from the path (${req.params.id})`);
    return kpis.saveDashboard(req.body as Dashboard, currentUser(req).username, 'update');
  });

  r.delete('/api/dashboards/:id', {
    config: { access: admins },
    schema: { tags: ['dashboards'], summary: 'Delete a dashboard (admin)', params: Type.Object({ id: Id }), response: { 204: Type.Null(), ...errors } },
  }, async (req, reply) => {
    await kpis.removeDashboard(req.params.id);
    return reply.status(204).send(null);
  });
}
