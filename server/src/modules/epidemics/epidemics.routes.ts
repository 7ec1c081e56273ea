// Routes of the epidemics module: thin, typed from shared/contracts/epidemics.ts.
import type { FastifyInstance } from 'fastify';
import { Type, type TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { access, actorOf } from '../../platform/http/access.ts';
import { ErrorBody } from '../../platform/http/errors.ts';
import {
  CallInputSchema, CapacityInputSchema, CaseInputSchema, CertificateSchema, ChainGraphSchema, ChainsAnswerSchema, ContactInputSchema, ConvertInputSchema, DashboardSchema,
  GREEN_SUBJECTS, GreenListSchema, GreenRuleSchema, HeatPointsSchema, LabInputSchema, LevelRuleSetInputSchema, LevelRuleSetSchema, OutbreakInputSchema, OutbreakSchema,
  PersonDetailSchema, PersonListSchema, PersonSchema, PublicCertificateSchema, SupervisorDaySchema, VisitInputSchema, WardLevelSchema, WardLevelsAnswerSchema,
  WelfareDeliveryInputSchema, ZoneInputSchema, ZoneSchema,
} from '../../../../shared/contracts/epidemics.ts';
import { fileResponse, lit } from '../../../../shared/contracts/schema.ts';
import type { EpidemicsService } from './epidemics.service.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 409: ErrorBody };
const Day = Type.String({ format: 'date' });
const Id = Type.Object({ id: Type.Integer({ minimum: 1 }) });
const Ok = Type.Object({ ok: Type.Boolean() });
/** Who records cases, contacts, visits and places. */
const writers = access.roles('admin', 'operator', 'officer');
const managers = access.roles('admin', 'operator');

export function epidemicsRoutes(app: FastifyInstance, service: EpidemicsService): void {
  const r = app.withTypeProvider<TypeBoxTypeProvider>();
  const tags = ['epidemics'];

  r.get('/api/epidemics/outbreaks', { config: { access: access.staff }, schema: { tags, summary: 'Outbreaks with their rules (follow-up period and frequency, classifications, forms)', response: { 200: Type.Array(OutbreakSchema), 401: ErrorBody } } },
    async () => service.outbreaks());
  r.get('/api/epidemics/outbreaks/:id', { config: { access: access.staff }, schema: { tags, summary: 'One outbreak', params: Id, response: { 200: OutbreakSchema, ...errors } } },
    async (req) => service.outbreak(req.params.id));
  r.post('/api/epidemics/outbreaks', { config: { access: managers }, schema: { tags, summary: 'Declare an outbreak (disease, area, dates, rules as data)', body: OutbreakInputSchema, response: { 201: OutbreakSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await service.createOutbreak(actorOf(req), req.body)));

  r.patch('/api/epidemics/outbreaks/:id', {
    config: { access: managers },
    schema: { tags, summary: 'Close an outbreak (its people are anonymised EPI_ANONYMISE_AFTER_DAYS later) or reopen it', params: Id, body: Type.Object({ closed: Type.Boolean() }, { additionalProperties: false }), response: { 200: OutbreakSchema, ...errors } },
  }, async (req) => service.setClosed(actorOf(req), req.params.id, req.body.closed));

  r.get('/api/epidemics/outbreaks/:id/persons', {
    config: { access: access.staff },
    schema: {
      tags, summary: 'Cases and contacts of an outbreak, identities always masked in lists',
      params: Id, querystring: Type.Object({ kind: Type.Optional(lit(['case', 'contact'] as const)), ward: Type.Optional(Type.String({ maxLength: 20 })), code: Type.Optional(Type.String({ maxLength: 40 })), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })), offset: Type.Optional(Type.Integer({ minimum: 0 })) }),
      response: { 200: PersonListSchema, ...errors },
    },
  }, async (req) => service.persons(actorOf(req), { outbreakId: req.params.id, kind: req.query.kind, wardCode: req.query.ward, code: req.query.code, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }));
  r.post('/api/epidemics/outbreaks/:id/cases', { config: { access: writers }, schema: { tags, summary: 'Record a case (ward found from the point); levels of its week are recomputed', params: Id, body: CaseInputSchema, response: { 201: PersonSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await service.createCase(actorOf(req), req.params.id, req.body)));
  r.post('/api/epidemics/outbreaks/:id/contacts', { config: { access: writers }, schema: { tags, summary: 'Record a contact of a case: exposure, date, certainty; follow-up visits scheduled and assigned to a team', params: Id, body: ContactInputSchema, response: { 201: PersonSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await service.createContact(actorOf(req), req.params.id, req.body)));
  r.get('/api/epidemics/persons/:id', { config: { access: access.staff }, schema: { tags, summary: 'A person\'s record (identity in clear for admins and operators); every read is audited', params: Id, response: { 200: PersonDetailSchema, ...errors } } },
    async (req) => service.person(actorOf(req), req.params.id));
  r.post('/api/epidemics/persons/:id/convert', { config: { access: writers }, schema: { tags, summary: 'A contact becomes a case (keeps its code and links; follow-up stops)', params: Id, body: ConvertInputSchema, response: { 200: PersonSchema, ...errors } } },
    async (req) => service.convert(actorOf(req), req.params.id, req.body));
  r.post('/api/epidemics/persons/:id/lab-results', { config: { access: writers }, schema: { tags, summary: 'Add a lab result', params: Id, body: LabInputSchema, response: { 200: Ok, ...errors } } },
    async (req) => service.addLab(actorOf(req), req.params.id, req.body));
  r.post('/api/epidemics/persons/:id/calls', { config: { access: access.roles('admin', 'operator', 'officer', 'device') }, schema: { tags, summary: 'Log a hotline call against a case (call-centre API: F0 home care, 1022 branch 3)', params: Id, body: CallInputSchema, response: { 200: Ok, ...errors } } },
    async (req) => service.addCall(actorOf(req), req.params.id, req.body));
  r.post('/api/epidemics/follow-ups/:id', { config: { access: writers }, schema: { tags, summary: 'Record a follow-up visit', params: Id, body: VisitInputSchema, response: { 200: Ok, ...errors } } },
    async (req) => service.recordVisit(actorOf(req), req.params.id, req.body.status, req.body.answers));
  r.get('/api/epidemics/outbreaks/:id/supervisor', { config: { access: access.staff }, schema: { tags, summary: 'Contact supervisor\'s day per team: due, visited, missed, lost to follow-up, turned symptomatic', params: Id, querystring: Type.Object({ day: Type.Optional(Day) }), response: { 200: SupervisorDaySchema, ...errors } } },
    async (req) => service.supervisorDay(req.params.id, req.query.day));
  r.get('/api/epidemics/outbreaks/:id/export', {
    config: { access: managers },
    schema: { tags, summary: 'Export the outbreak\'s persons as CSV; the purpose is required and recorded', params: Id, querystring: Type.Object({ purpose: Type.String({ minLength: 1, maxLength: 500 }) }), response: { 200: fileResponse('CSV', ['text/csv']), ...errors } },
  }, async (req, reply) => reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="epi-${req.params.id}.csv"`).send(await service.exportCsv(actorOf(req), req.params.id, req.query.purpose)));

  r.get('/api/epidemics/outbreaks/:id/chains', { config: { access: access.staff }, schema: { tags, summary: 'Transmission chains and their metrics (active, independent, generations): the 500 largest, or the chain of ?member=', params: Id, querystring: Type.Object({ day: Type.Optional(Day), member: Type.Optional(Type.String({ maxLength: 40 })) }), response: { 200: ChainsAnswerSchema, ...errors } } },
    async (req) => service.chains(req.params.id, req.query.day, req.query.member));
  r.get('/api/epidemics/outbreaks/:id/graph', {
    config: { access: access.staff },
    schema: { tags, summary: 'The graph of a chain (by a member\'s code), of the links of the 14 days up to ?day=, or of the outbreak: codes only, no names or identifiers; positions rounded to ~200 m', params: Id, querystring: Type.Object({ member: Type.Optional(Type.String({ maxLength: 40 })), day: Type.Optional(Day), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20000 })) }), response: { 200: ChainGraphSchema, ...errors } },
  }, async (req) => service.chainGraph(req.params.id, req.query.member, req.query.limit, req.query.day));
  r.get('/api/epidemics/outbreaks/:id/dashboard', { config: { access: access.staff }, schema: { tags, summary: 'Dashboard: new cases per day, 7-day rate, positivity, follow-up, capacity, coverage, levels', params: Id, querystring: Type.Object({ day: Type.Optional(Day), from: Type.Optional(Day), to: Type.Optional(Day) }), response: { 200: DashboardSchema, ...errors } } },
    async (req) => service.dashboard(req.params.id, req.query));
  r.get('/api/epidemics/outbreaks/:id/heat', { config: { access: access.staff }, schema: { tags, summary: 'Case points of the days up to a day (rounded), for a heat map', params: Id, querystring: Type.Object({ day: Type.Optional(Day), days: Type.Optional(Type.Integer({ minimum: 1, maximum: 60 })) }), response: { 200: HeatPointsSchema, ...errors } } },
    async (req) => service.heat(req.params.id, req.query.day, req.query.days));

  r.get('/api/epidemics/level-rules', { config: { access: access.staff }, schema: { tags, summary: 'The rule sets (latest revision of each decision)', response: { 200: Type.Array(LevelRuleSetSchema), 401: ErrorBody } } },
    async () => service.ruleSets());
  r.get('/api/epidemics/level-rules/:code/revisions', { config: { access: access.staff }, schema: { tags, summary: 'Every revision of a rule set', params: Type.Object({ code: Type.String({ maxLength: 40 }) }), response: { 200: Type.Array(LevelRuleSetSchema), ...errors } } },
    async (req) => service.ruleRevisions(req.params.code));
  r.put('/api/epidemics/level-rules/:code', { config: { access: access.roles('admin') }, schema: { tags, summary: 'Save a new revision of a rule set (or a new decision)', params: Type.Object({ code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[A-Za-z0-9_-]+$' }) }), body: LevelRuleSetInputSchema, response: { 200: LevelRuleSetSchema, ...errors } } },
    async (req) => service.saveRuleSet(actorOf(req), req.params.code, req.body));
  r.post('/api/epidemics/levels/recompute', { config: { access: managers }, schema: { tags, summary: 'Recompute the weekly levels of a disease over a period', body: Type.Object({ disease: Type.String({ maxLength: 40 }), from: Day, to: Day }), response: { 200: Type.Object({ ratings: Type.Integer(), weeks: Type.Integer() }), ...errors } } },
    async (req) => service.recompute(actorOf(req), req.body.disease, req.body.from, req.body.to));
  r.get('/api/epidemics/levels', { config: { access: access.staff }, schema: { tags, summary: 'Levels of every ward for a week (rule set in force, or ?rule=) with the figures they were computed from', querystring: Type.Object({ week: Type.Optional(Day), rule: Type.Optional(Type.String({ maxLength: 40 })), disease: Type.Optional(Type.String({ maxLength: 40 })) }), response: { 200: WardLevelsAnswerSchema, ...errors } } },
    async (req) => service.levels(req.query));
  r.get('/api/epidemics/levels/:ward/history', { config: { access: access.staff }, schema: { tags, summary: 'A ward\'s level history', params: Type.Object({ ward: Type.String({ maxLength: 20 }) }), querystring: Type.Object({ rule: Type.Optional(Type.String({ maxLength: 40 })), from: Type.Optional(Day), to: Type.Optional(Day) }), response: { 200: Type.Array(WardLevelSchema), ...errors } } },
    async (req) => service.levelHistory(req.params.ward, req.query));

  r.get('/api/epidemics/green-rules', { config: { access: access.staff }, schema: { tags, summary: 'Green classification rules', response: { 200: Type.Array(GreenRuleSchema), 401: ErrorBody } } },
    async () => service.greenRules());
  r.put('/api/epidemics/green-rules', { config: { access: access.roles('admin') }, schema: { tags, summary: 'Change a green classification rule', body: GreenRuleSchema, response: { 200: Type.Array(GreenRuleSchema), ...errors } } },
    async (req) => service.saveGreenRule(actorOf(req), req.body));
  r.get('/api/epidemics/green/:kind', { config: { access: access.staff }, schema: { tags, summary: 'Green classification of residential groups, households or businesses on a day', params: Type.Object({ kind: lit(GREEN_SUBJECTS) }), querystring: Type.Object({ key: Type.Optional(Type.String({ maxLength: 100 })), day: Type.Optional(Day), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })) }), response: { 200: GreenListSchema, ...errors } } },
    async (req) => service.green(req.params.kind, req.query));
  r.post('/api/epidemics/green/:kind/certificates', { config: { access: managers }, schema: { tags, summary: 'Issue a green certificate with a QR code (refused when the subject is not green)', params: Type.Object({ kind: lit(GREEN_SUBJECTS) }), body: Type.Object({ key: Type.String({ maxLength: 100 }) }), response: { 201: CertificateSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await service.issueCertificate(actorOf(req), req.params.kind, req.body.key)));
  r.get('/api/epidemics/public/certificates/:token', { config: { access: access.public }, schema: { tags, summary: 'Verify a green certificate (public: no person\'s identity)', params: Type.Object({ token: Type.String({ maxLength: 40 }) }), response: { 200: PublicCertificateSchema, 404: ErrorBody } } },
    async (req) => service.verifyCertificate(req.params.token));

  r.get('/api/epidemics/zones', { config: { access: access.staff }, schema: { tags, summary: 'Lockdown points, quarantine zones and exposure places (active on a day, or all) with households and people inside (data hub)', querystring: Type.Object({ day: Type.Optional(Day) }), response: { 200: Type.Array(ZoneSchema), 401: ErrorBody } } },
    async (req) => service.zones(req.query.day ?? null));
  r.post('/api/epidemics/zones', { config: { access: writers }, schema: { tags, summary: 'Draw or import a zone (GeoJSON polygon) with its dates', body: ZoneInputSchema, response: { 201: ZoneSchema, ...errors } } },
    async (req, reply) => reply.code(201).send(await service.createZone(actorOf(req), req.body)));

  r.post('/api/epidemics/capacity', { config: { access: access.roles('admin', 'operator', 'officer', 'device') }, schema: { tags, summary: 'Report a station\'s daily capacity (beds, ICU, oxygen)', body: CapacityInputSchema, response: { 200: Ok, ...errors } } },
    async (req) => service.reportCapacity(actorOf(req), req.body));
  r.get('/api/epidemics/welfare/rounds', { config: { access: access.staff }, schema: { tags, summary: 'Welfare rounds and households served', response: { 200: Type.Array(Type.Object({ id: Type.Integer(), name: Type.String(), startsOn: Day, endsOn: Type.Union([Day, Type.Null()]), households: Type.Integer() })), 401: ErrorBody } } },
    async () => service.welfareRounds());
  r.post('/api/epidemics/welfare/rounds', { config: { access: managers }, schema: { tags, summary: 'Open a welfare round', body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }), startsOn: Day, endsOn: Type.Optional(Type.Union([Day, Type.Null()])) }), response: { 201: Type.Object({ id: Type.Integer() }), ...errors } } },
    async (req, reply) => reply.code(201).send(await service.createWelfareRound(actorOf(req), req.body)));
  r.post('/api/epidemics/welfare/rounds/:id/deliveries', { config: { access: writers }, schema: { tags, summary: 'Record support delivered to a household; 409 when it was already served in the round', params: Id, body: WelfareDeliveryInputSchema, response: { 200: Ok, ...errors } } },
    async (req) => service.deliverWelfare(actorOf(req), req.params.id, req.body));
}
