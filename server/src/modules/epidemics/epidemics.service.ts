// Rules of the epidemics module: outbreaks, cases and contacts (identities encrypted with the
// field cipher, masked for roles that do not need them, every read of a record audited),
// follow-up scheduled by the outbreak's rules, chains, ward levels from the versioned rule table
// (alert when a ward's level rises), green classification and certificates, places, capacity,
// vaccination coverage, welfare, and exports with their purpose.
import { randomBytes } from 'node:crypto';
import QRCode from 'qrcode';
import type {
  CaseInput, Certificate, ChainGraph, ChainsAnswer, ContactInput, ConvertInput, Dashboard, GreenList, GreenRule, GreenStatus, LevelRules, LevelRuleSet, Outbreak,
  OutbreakInput, Person, PersonDetail, PersonList, PublicCertificate, SupervisorDay, WardLevel, WardLevelsAnswer, Zone, ZoneInput, CapacityInput, WelfareDeliveryInput,
  LevelFigures,
} from '../../../../shared/contracts/epidemics.ts';
import type { Actor, AuthenticatedUser } from '../../platform/actor.ts';
import type { AppContext } from '../../platform/context.ts';
import { fieldCipherFromConfig, type FieldCipher } from '../../platform/crypto/field-cipher.ts';
import { toCsv } from '../../platform/csv.ts';
import { badRequest, HttpError, notFound } from '../../platform/http/errors.ts';
import { localToday } from '../areas/index.ts';
import type { AlertsService } from '../alerts/index.ts';
import { maskName, maskPhone } from '../feedback/index.ts';
import { epidemicsRepository, type OutbreakRow, type PersonRow, type PersonWrite } from './epidemics.repository.ts';
import { addDays, chainsOf, figuresOf, greenOf, isLost, levelOf, pickTeam, scheduleFollowUps, weekStart } from './epidemics.rules.ts';

/** Roles that work with identities (case investigation, contact tracing); every other role sees them masked. */
export const IDENTITY_ROLES = new Set(['admin', 'operator']);
type IdentityField = 'name' | 'phone' | 'id_number' | 'address';
const ACTIVE_CHAIN_DAYS = 14;
/** The account alerts of a level rise are opened as (the module itself). */
const SYSTEM_USER: AuthenticatedUser = { id: 0, username: 'epidemics', role: 'admin', unitId: null, areaIds: [] };

const needsIdentity = (actor: Actor) => !!actor.user && IDENTITY_ROLES.has(actor.user.role);
const maskId = (s: string | null) => (s ? `${'*'.repeat(Math.max(0, s.length - 3))}${s.slice(-3)}` : null);
const maskAddress = (s: string | null) => (s ? s.split(',').slice(-2).join(',').trim() : null);

export function createEpidemicsService(ctx: AppContext, deps: { alerts: AlertsService }) {
  const db = ctx.db.kysely;
  const repo = epidemicsRepository(db);
  let cipherCache: FieldCipher | null = null;
  const cipher = () => (cipherCache ??= fieldCipherFromConfig(ctx.config));
  const today = () => localToday(ctx.clock.now());
  const by = (actor: Actor) => actor.user?.username ?? 'system';

  const enc = (id: number, field: string, v: string | null | undefined) => (v ? cipher().encrypt(v, `epi_persons.${field}:${id}`) : null);
  function dec(row: PersonRow, field: IdentityField): string | null {
    const v = row[`${field}_enc`];
    if (!v) return null;
    try {
      return cipher().decrypt(v, `epi_persons.${field}:${row.id}`);
    } catch {
      return null;
    }
  }

  function toPerson(row: PersonRow, clear: boolean): Person {
    const name = dec(row, 'name');
    const phone = dec(row, 'phone');
    const idNumber = dec(row, 'id_number');
    const address = dec(row, 'address');
    return {
      id: row.id, code: row.code, outbreakId: row.outbreak_id, kind: row.kind,
      name: clear ? name : maskName(name), phone: clear ? phone : maskPhone(phone), idNumber: clear ? idNumber : maskId(idNumber), address: clear ? address : maskAddress(address),
      masked: !clear, sex: row.sex, age: row.age, wardCode: row.ward_code, residentialGroup: row.residential_group, householdKey: clear ? row.household_key : null,
      lon: clear ? row.lon : null, lat: clear ? row.lat : null,
      classification: row.classification, onsetOn: row.onset_on, onsetApproximate: row.onset_approximate, confirmedOn: row.confirmed_on, becameCaseOn: row.became_case_on,
      wasContact: row.was_contact, community: row.community, treatmentPlace: row.treatment_place, severity: row.severity, outcome: row.outcome, outcomeOn: row.outcome_on,
      vaccineDoses: row.vaccine_doses, followUpFrom: row.follow_up_from, followUpTo: row.follow_up_to, followUpStatus: row.follow_up_status, teamId: row.team_id,
    };
  }

  function toOutbreak(o: OutbreakRow, teams: { id: number; outbreak_id: number; code: string; name: string; ward_code: string }[], names: Map<string, { vi: string; en: string }>): Outbreak {
    return {
      id: o.id, code: o.code, disease: o.disease, nameVi: o.name_vi, nameEn: o.name_en, areaCodes: o.area_codes, startsOn: o.starts_on, endsOn: o.ends_on,
      classifications: o.classifications, followUpDays: o.follow_up_days, followUpsPerDay: o.follow_ups_per_day, lostAfterDays: o.lost_after_days,
      caseForm: o.case_form as Outbreak['caseForm'], contactForm: o.contact_form as Outbreak['contactForm'], followUpForm: o.follow_up_form as Outbreak['followUpForm'],
      closed: o.closed_at !== null, synthetic: o.synthetic, cases: o.cases, contacts: o.contacts,
      teams: teams.filter((t) => t.outbreak_id === o.id).map((t) => ({ id: t.id, code: t.code, name: t.name, wardCode: t.ward_code })),
      wards: o.area_codes.map((c) => ({ code: c, name: names.get(c)?.vi ?? c, nameEn: names.get(c)?.en ?? c })),
    };
  }

  async function outbreakRow(id: number): Promise<OutbreakRow> {
    const o = (await repo.outbreaks()).find((x) => x.id === id);
    if (!o) throw notFound('outbreak');
    return o;
  }

  /** The ward of a residence among today's units (records are mapped onto the units in force, across the 2025 merger). */
  async function wardOf(input: { wardCode?: string | null; lon?: number | null; lat?: number | null }): Promise<string | null> {
    if (input.lon != null && input.lat != null) {
      const found = await repo.wardAt(input.lon, input.lat, today());
      if (found) return found;
    }
    return input.wardCode ?? null;
  }

  async function writeIdentity(id: number, input: { name: string; phone?: string | null; idNumber?: string | null; address?: string | null }) {
    await repo.updatePerson(id, {
      name_enc: enc(id, 'name', input.name), phone_enc: enc(id, 'phone', input.phone), id_number_enc: enc(id, 'id_number', input.idNumber), address_enc: enc(id, 'address', input.address),
    });
  }

  function caseColumns(c: ConvertInput, day: string): Partial<PersonWrite> {
    if (c.classification === 'confirmed' && !c.confirmedOn) c = { ...c, confirmedOn: day };
    return {
      classification: c.classification, onset_on: c.onsetOn ?? null, onset_approximate: c.onsetApproximate ?? false, confirmed_on: c.confirmedOn ?? null,
      community: c.community ?? true, treatment_place: c.treatmentPlace ?? null, severity: c.severity ?? null, outcome: c.outcome ?? 'active', outcome_on: c.outcomeOn ?? null,
      vaccine_doses: c.vaccineDoses ?? 0,
    };
  }

  // ── levels ──
  async function ruleSets(): Promise<LevelRuleSet[]> {
    return (await repo.ruleSets()).map((r) => ({
      code: r.code, revision: r.revision, disease: r.disease, titleVi: r.title_vi, titleEn: r.title_en, validFrom: r.valid_from, rules: r.rules as LevelRules,
      createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by,
    }));
  }

  /**
   * Computes and stores the levels of the given weeks (Mondays) for every rule set of the
   * disease; `alert` opens an alert for each ward whose level (under the rule set in force)
   * rose above the previous week's.
   */
  async function computeLevels(disease: string, weeks: string[], opts: { wards?: string[] | null; alert?: boolean } = {}): Promise<number> {
    const sets = (await ruleSets()).filter((s) => s.disease === disease);
    if (!sets.length || !weeks.length) return 0;
    const counts = await repo.wardWeekCounts(disease, weeks, opts.wards ?? null);
    const before = opts.alert
      ? await repo.storedLevels(counts.flatMap((c) => sets.map((s) => ({ ward: c.ward_code, week: c.week_start, rule: s.code }))))
      : [];
    const at = ctx.clock.now();
    const rows = counts.flatMap((c) => sets.map((s) => {
      const figures = figuresOf(c, s.rules);
      const v = levelOf(figures, s.rules);
      return { ward: c.ward_code, week: c.week_start, rule: s.code, revision: s.revision, level: v.level, figures: { ...figures, base: v.base, applied: v.applied, missing: v.missing }, at };
    }));
    await repo.upsertLevels(rows);
    if (opts.alert) {
      const old = new Map(before.map((b) => [`${b.ward_code}|${b.week_start}|${b.rule_code}`, b.level]));
      for (const r of rows) {
        const inForce = inForceOn(sets, r.week);
        if (inForce?.code !== r.rule) continue;
        const prevWeek = (await repo.levels({ ward: r.ward, week: addDays(r.week, -7), rule: r.rule }))[0]?.level ?? 1;
        const was = old.get(`${r.ward}|${r.week}|${r.rule}`) ?? prevWeek;
        if (r.level > was && r.level > prevWeek) await alertRise(r.ward, r.week, was, r.level, r.rule);
      }
    }
    return rows.length;
  }

  const inForceOn = (sets: LevelRuleSet[], week: string) => sets.filter((s) => s.validFrom <= week).sort((a, b) => (a.validFrom < b.validFrom ? 1 : -1))[0] ?? sets.sort((a, b) => (a.validFrom < b.validFrom ? -1 : 1))[0];

  const LEVEL_VI = ['', 'cấp 1 (xanh)', 'cấp 2 (vàng)', 'cấp 3 (cam)', 'cấp 4 (đỏ)'];
  const LEVEL_EN = ['', 'level 1 (green)', 'level 2 (yellow)', 'level 3 (orange)', 'level 4 (red)'];
  async function alertRise(ward: string, week: string, from: number, to: number, rule: string) {
    const name = (await repo.wardNames([ward])).get(ward);
    await deps.alerts.createManual({ kind: 'system', user: null, ip: null }, SYSTEM_USER, {
      titleVi: `Phường ${name?.vi ?? ward} lên ${LEVEL_VI[to]} tuần ${week}`,
      titleEn: `${name?.en ?? `Ward ${ward}`} rose to ${LEVEL_EN[to]} in the week of ${week}`,
      descriptionVi: `Cấp độ dịch theo Quyết định ${rule}: từ cấp ${from} lên cấp ${to}.`,
      descriptionEn: `Epidemic level under Decision ${rule}: from level ${from} to level ${to}.`,
      severity: to >= 4 ? 'Extreme' : to >= 3 ? 'Severe' : 'Moderate', category: 'Health', areaCode: ward,
    });
  }

  async function afterCaseChange(outbreak: OutbreakRow, ward: string | null, day: string | null) {
    if (!ward || !day) return;
    const w = weekStart(day);
    await computeLevels(outbreak.disease, [w, addDays(w, 7)], { wards: [ward], alert: true });
  }

  async function audit(actor: Actor, action: string, id: number, details?: Record<string, unknown>) {
    await ctx.audit.record(actor, { action, targetType: 'epi_person', targetId: id, ...(details ? { details } : {}) });
  }

  async function scheduleFor(outbreak: OutbreakRow, personId: number, lastExposure: string, ward: string | null) {
    const team = pickTeam(await repo.teamLoad(outbreak.id, ward)) ?? pickTeam(await repo.teamLoad(outbreak.id, null));
    const visits = scheduleFollowUps(lastExposure, outbreak.follow_up_days, outbreak.follow_ups_per_day);
    await repo.updatePerson(personId, { team_id: team, follow_up_from: addDays(lastExposure, 1), follow_up_to: addDays(lastExposure, outbreak.follow_up_days), follow_up_status: 'under_follow_up' });
    await repo.insertFollowUps(personId, team, visits);
  }

  return {
    computeLevels,
    ruleSets,
    async outbreaks(): Promise<Outbreak[]> {
      const teams = await repo.teams();
      const rows = await repo.outbreaks();
      const names = await repo.wardNames([...new Set(rows.flatMap((o) => o.area_codes))]);
      return rows.map((o) => toOutbreak(o, teams, names));
    },
    async outbreak(id: number): Promise<Outbreak> {
      const o = await outbreakRow(id);
      return toOutbreak(o, await repo.teams(id), await repo.wardNames(o.area_codes));
    },
    async createOutbreak(actor: Actor, input: OutbreakInput): Promise<Outbreak> {
      if ((await repo.outbreaks()).some((o) => o.code === input.code)) throw new HttpError(409, 'conflict', 'an outbreak with this code exists');
      const id = await repo.insertOutbreak({
        code: input.code, disease: input.disease, name_vi: input.nameVi, name_en: input.nameEn, area_codes: input.areaCodes, starts_on: input.startsOn, ends_on: input.endsOn ?? null,
        classifications: input.classifications ?? ['suspect', 'probable', 'confirmed', 'not_a_case'], follow_up_days: input.followUpDays, follow_ups_per_day: input.followUpsPerDay,
        lost_after_days: input.lostAfterDays ?? 3, case_form: input.caseForm ?? [], contact_form: input.contactForm ?? [], follow_up_form: input.followUpForm ?? [], synthetic: false,
      });
      // One follow-up team per ward to start with; more are data.
      for (const w of input.areaCodes) await repo.insertTeam(id, `${input.code}-T${w}`, `Tổ truy vết ${w}`, w);
      await ctx.audit.record(actor, { action: 'epidemics.outbreak.create', targetType: 'epi_outbreak', targetId: id });
      return this.outbreak(id);
    },

    /**
     * Closes an outbreak (its people are anonymised EPI_ANONYMISE_AFTER_DAYS later by the retention
     * run), or reopens it before that.
     */
    async setClosed(actor: Actor, id: number, closed: boolean): Promise<Outbreak> {
      await outbreakRow(id);
      await repo.setOutbreakClosed(id, closed ? ctx.clock.now() : null);
      await ctx.audit.record(actor, { action: closed ? 'epidemics.outbreak.close' : 'epidemics.outbreak.reopen', targetType: 'epi_outbreak', targetId: id });
      return this.outbreak(id);
    },

    async createCase(actor: Actor, outbreakId: number, input: CaseInput): Promise<Person> {
      const o = await outbreakRow(outbreakId);
      if (!o.classifications.includes(input.classification)) throw badRequest('classification is not one of the outbreak\'s', { code: 'bad_classification' });
      const day = input.confirmedOn ?? input.onsetOn ?? today();
      const ward = await wardOf(input);
      const code = await repo.nextCode(o.id, 'CA');
      const id = await repo.insertPerson({
        outbreak_id: o.id, code, kind: 'case', sex: input.sex ?? null, age: input.age ?? null, ward_code: ward, residential_group: input.residentialGroup ?? null,
        household_key: input.householdKey ?? null, workplace_key: input.workplaceKey ?? null, lon: input.lon ?? null, lat: input.lat ?? null, answers: input.answers ?? {},
        became_case_on: day, ...caseColumns(input, today()),
      });
      await writeIdentity(id, input);
      await audit(actor, 'epidemics.case.create', id);
      const row = (await repo.person(id))!;
      await afterCaseChange(o, ward, row.confirmed_on);
      return toPerson(row, needsIdentity(actor));
    },

    async createContact(actor: Actor, outbreakId: number, input: ContactInput): Promise<Person> {
      const o = await outbreakRow(outbreakId);
      const source = await repo.personByCode(o.id, input.sourceCode);
      if (!source) throw notFound('source person');
      const ward = await wardOf(input);
      const code = await repo.nextCode(o.id, 'CO');
      const id = await repo.insertPerson({
        outbreak_id: o.id, code, kind: 'contact', sex: input.sex ?? null, age: input.age ?? null, ward_code: ward, residential_group: input.residentialGroup ?? null,
        household_key: input.householdKey ?? null, workplace_key: input.workplaceKey ?? null, lon: input.lon ?? null, lat: input.lat ?? null, answers: input.answers ?? {},
        risk_level: input.riskLevel ?? null,
      });
      await writeIdentity(id, input);
      const cluster = input.clusterCode ? await repo.clusterId(o.id, input.clusterCode) : null;
      await repo.insertRelationship({
        outbreakId: o.id, sourceId: source.id, targetId: id, contactOn: input.contactOn, estimated: input.contactDateEstimated ?? false, certainty: input.certainty,
        exposureType: input.exposureType, clusterId: cluster,
      });
      await scheduleFor(o, id, input.contactOn, ward);
      await audit(actor, 'epidemics.contact.create', id);
      return toPerson((await repo.person(id))!, needsIdentity(actor));
    },

    /** A contact who becomes a case: keeps code and links; the follow-up stops. */
    async convert(actor: Actor, personId: number, input: ConvertInput): Promise<Person> {
      const row = await repo.person(personId);
      if (!row) throw notFound('person');
      if (row.kind !== 'contact') throw new HttpError(409, 'conflict', 'only a contact can become a case');
      const o = await outbreakRow(row.outbreak_id);
      const day = input.confirmedOn ?? today();
      await repo.updatePerson(personId, { kind: 'case', was_contact: true, became_case_on: day, follow_up_status: 'became_case', ...caseColumns({ ...input, confirmedOn: input.classification === 'confirmed' ? day : input.confirmedOn }, day) });
      await repo.cancelFutureFollowUps(personId, addDays(day, 1));
      await audit(actor, 'epidemics.contact.convert', personId);
      const after = (await repo.person(personId))!;
      await afterCaseChange(o, after.ward_code, after.confirmed_on);
      return toPerson(after, needsIdentity(actor));
    },

    async persons(actor: Actor, q: { outbreakId: number; kind?: string; wardCode?: string; code?: string; limit: number; offset: number }): Promise<PersonList> {
      const { total, rows } = await repo.persons(q);
      // Lists are always masked: a record in clear is read one at a time, and audited.
      return { total, persons: rows.map((r) => toPerson(r, false)) };
    },

    /** One person's record: in clear for the roles that need it; every read is audited. */
    async person(actor: Actor, id: number): Promise<PersonDetail> {
      const row = await repo.person(id);
      if (!row) throw notFound('person');
      const clear = needsIdentity(actor);
      await audit(actor, clear ? 'epidemics.person_read' : 'epidemics.person_read_masked', id, { clear, count: 1 });
      const [fu, ex, labs, calls] = await Promise.all([repo.followUpsOf(id), repo.exposuresOf(id), repo.labResultsOf(id), repo.callsOf(id)]);
      return {
        person: toPerson(row, clear),
        followUps: fu.map((f) => ({ id: f.id, personId: f.person_id, personCode: f.code, dueOn: f.due_on, dayIndex: f.day_index, seq: f.seq, teamId: f.team_id, status: f.status as PersonDetail['followUps'][number]['status'] })),
        exposures: ex.map((e) => ({ sourceCode: e.source_code, targetCode: e.target_code, contactOn: e.contact_on, certainty: e.certainty, exposureType: e.exposure_type })),
        labResults: labs.map((l) => ({ id: l.id, sampledOn: l.sampled_on, resultOn: l.result_on, testType: l.test_type, result: l.result })),
        calls: calls.map((c) => ({ at: new Date(c.at).toISOString(), line: c.line, reason: c.reason, note: c.note })),
      };
    },

    async recordVisit(actor: Actor, followUpId: number, status: 'seen_ok' | 'seen_symptomatic' | 'missed', answers?: Record<string, unknown>) {
      const f = await repo.followUp(followUpId);
      if (!f) throw notFound('follow-up');
      if (f.status === 'cancelled') throw new HttpError(409, 'conflict', 'the follow-up was cancelled');
      await repo.setVisit(followUpId, status, ctx.clock.now(), answers ?? {});
      // A contact seen again is no longer lost (a contact who became a case keeps that status).
      if (status !== 'missed' && (await repo.person(f.person_id))?.follow_up_status === 'lost') await repo.updatePerson(f.person_id, { follow_up_status: 'under_follow_up' });
      await audit(actor, 'epidemics.follow_up.record', f.person_id, { followUpId, status });
      return { ok: true };
    },

    async addLab(actor: Actor, personId: number, l: { sampledOn: string; resultOn?: string | null; testType?: string; sampleType?: string; result: string; lab?: string | null }) {
      if (!(await repo.person(personId))) throw notFound('person');
      await repo.insertLab(personId, { sampledOn: l.sampledOn, resultOn: l.resultOn ?? null, testType: l.testType ?? 'rt_pcr', sampleType: l.sampleType ?? 'nasopharyngeal_swab', result: l.result, lab: l.lab ?? null });
      await audit(actor, 'epidemics.lab.create', personId);
      return { ok: true };
    },
    async addCall(actor: Actor, personId: number, c: { line: string; reason: string; note?: string | null }) {
      if (!(await repo.person(personId))) throw notFound('person');
      await repo.insertCall(personId, { at: ctx.clock.now(), line: c.line, reason: c.reason, note: c.note ?? null, by: by(actor) });
      await audit(actor, 'epidemics.call.create', personId);
      return { ok: true };
    },

    /** Per team: contacts due today, visited, missed, lost, turned symptomatic. Updates the "lost" flags. */
    async supervisorDay(outbreakId: number, day?: string): Promise<SupervisorDay> {
      const o = await outbreakRow(outbreakId);
      const d = day ?? today();
      const board = await repo.followUpBoard(o.id, d);
      const teams = await repo.teams(o.id);
      const out: SupervisorDay['teams'] = teams.map((t) => ({ teamId: t.id, code: t.code, name: t.name, wardCode: t.ward_code, due: 0, visited: 0, missed: 0, pending: 0, lost: 0, symptomatic: 0, underFollowUp: 0, contacts: [] }));
      const byTeam = new Map(out.map((t) => [t.teamId, t]));
      for (const b of board) {
        const lost = isLost({ from: b.follow_up_from, to: b.follow_up_to, lastSeen: b.last_seen }, d, o.lost_after_days);
        if (lost !== (b.follow_up_status === 'lost')) await repo.updatePerson(b.person_id, { follow_up_status: lost ? 'lost' : 'under_follow_up' });
        const t = b.team_id === null ? undefined : byTeam.get(b.team_id);
        if (!t) continue;
        t.underFollowUp++;
        if (b.today_status) {
          t.due++;
          if (b.today_status === 'seen_ok' || b.today_status === 'seen_symptomatic') t.visited++;
          else if (b.today_status === 'missed') t.missed++;
          else t.pending++;
        }
        if (lost) t.lost++;
        t.symptomatic += b.symptomatic > 0 ? 1 : 0;
        t.contacts.push({ personId: b.person_id, code: b.code, daysLeft: Math.max(0, Math.round((Date.parse(b.follow_up_to) - Date.parse(d)) / 86_400_000)), visitsDone: b.done, visitsMissed: b.missed, lost, todayStatus: b.today_status });
      }
      return { day: d, teams: out };
    },

    async chains(outbreakId: number, day?: string, memberCode?: string): Promise<ChainsAnswer> {
      const o = await outbreakRow(outbreakId);
      const d = day ?? today();
      const { nodes, edges } = await repo.graphData(o.id);
      const code = new Map(nodes.map((n) => [n.id, n.code]));
      const chains = chainsOf(nodes.map((n) => ({ id: n.id, kind: n.kind, caseOn: n.case_on, underFollowUp: n.follow_up_status === 'under_follow_up' })), edges, d, ACTIVE_CHAIN_DAYS);
      const period = await repo.casesInPeriod(o.id, addDays(d, -ACTIVE_CHAIN_DAYS + 1), d);
      return {
        outbreakId: o.id, day: d,
        summary: {
          chains: chains.length, activeChains: chains.filter((c) => c.active).length, casesInChains: period.in_chains, casesOutsideChains: period.cases - period.in_chains,
          contactsPerCase: o.cases ? Math.round((o.contacts / Math.max(1, o.cases)) * 100) / 100 : 0, largest: chains[0]?.size ?? 0,
        },
        chains: (memberCode ? chains.filter((c) => c.members.some((m) => code.get(m) === memberCode)) : chains.slice(0, 500)).map((c) => ({ id: c.id, rootCode: code.get(c.root)!, size: c.size, cases: c.cases, contacts: c.contacts, generations: c.generations, firstCaseOn: c.firstCaseOn, lastCaseOn: c.lastCaseOn, active: c.active })),
      } satisfies ChainsAnswer & { summary: { chains: number } } as ChainsAnswer;
    },

    /** The graph of one chain (by a member's code), or of the whole outbreak: codes only. */
    async chainGraph(outbreakId: number, memberCode?: string, limit = 5000, day?: string): Promise<ChainGraph> {
      const o = await outbreakRow(outbreakId);
      // One chain: walked in SQL from the member, not the whole outbreak's graph.
      const { nodes, edges } = memberCode ? await repo.graphOfMember(o.id, memberCode) : await repo.graphData(o.id);
      let keep: Set<number>;
      const gen = new Map<number, number>();
      if (memberCode) {
        if (!nodes.length) throw notFound('person in a chain');
        keep = new Set(nodes.map((n) => n.id));
      } else if (day) {
        // The links of the 14 days up to `day` (for the map): cases of the window, their sources and contacts.
        const from = addDays(day, -ACTIVE_CHAIN_DAYS);
        const byNode = new Map(nodes.map((n) => [n.id, n]));
        const inWindow = (id: number) => {
          const n = byNode.get(id);
          return !!n && n.case_on !== null && n.case_on > from && n.case_on <= day;
        };
        keep = new Set();
        for (const e of edges) if (inWindow(e.target) || (inWindow(e.source) && byNode.get(e.target)?.kind === 'contact')) {
          if (keep.size >= limit) break;
          keep.add(e.source);
          keep.add(e.target);
        }
      } else keep = new Set(chainsOf(nodes.map((n) => ({ id: n.id, kind: n.kind, caseOn: n.case_on, underFollowUp: false })), edges, today(), ACTIVE_CHAIN_DAYS).flatMap((c) => c.members).slice(0, limit));
      // Generations for a layered layout: breadth-first from those nobody infected.
      const children = new Map<number, number[]>();
      const hasParent = new Set<number>();
      for (const e of edges) if (keep.has(e.source) && keep.has(e.target)) {
        (children.get(e.source) ?? children.set(e.source, []).get(e.source)!).push(e.target);
        hasParent.add(e.target);
      }
      const queue = [...keep].filter((v) => !hasParent.has(v));
      for (const r of queue) gen.set(r, 0);
      for (let i = 0; i < queue.length; i++) for (const c of children.get(queue[i]!) ?? []) if (!gen.has(c)) {
        gen.set(c, gen.get(queue[i]!)! + 1);
        queue.push(c);
      }
      const byId = new Map(nodes.map((n) => [n.id, n]));
      return {
        nodes: [...keep].map((id) => byId.get(id)!).map((n) => ({ code: n.code, kind: n.kind, classification: n.classification, wardCode: n.ward_code, caseOn: n.case_on, generation: gen.get(n.id) ?? 0, lon: n.lon === null ? null : Math.round(n.lon * 500) / 500, lat: n.lat === null ? null : Math.round(n.lat * 500) / 500 })),
        edges: edges.filter((e) => keep.has(e.source) && keep.has(e.target)).map((e) => ({ source: byId.get(e.source)!.code, target: byId.get(e.target)!.code, exposureType: e.exposure_type, certainty: e.certainty })),
      };
    },

    // ── levels ──
    async saveRuleSet(actor: Actor, code: string, input: { titleVi: string; titleEn: string; disease: string; validFrom: string; rules: LevelRules }): Promise<LevelRuleSet> {
      const [b2, b3, b4] = input.rules.incidence.bands;
      if (!(b2 < b3 && b3 < b4)) throw badRequest('the incidence bands must increase', { code: 'bad_bands' });
      await repo.insertRuleRevision({ code, disease: input.disease, titleVi: input.titleVi, titleEn: input.titleEn, validFrom: input.validFrom, rules: input.rules, by: by(actor) });
      await ctx.audit.record(actor, { action: 'epidemics.level_rules.save', targetType: 'epi_level_rules', targetId: code });
      return (await ruleSets()).find((r) => r.code === code)!;
    },
    ruleRevisions: async (code: string): Promise<LevelRuleSet[]> => (await repo.ruleRevisions(code)).map((r) => ({
      code: r.code, revision: r.revision, disease: r.disease, titleVi: r.title_vi, titleEn: r.title_en, validFrom: r.valid_from, rules: r.rules as LevelRules,
      createdAt: new Date(r.created_at).toISOString(), createdBy: r.created_by,
    })),
    /** Recomputes a disease's levels over a period (weeks starting on Mondays). */
    async recompute(actor: Actor, disease: string, from: string, to: string) {
      const weeks: string[] = [];
      for (let w = weekStart(from); w <= to; w = addDays(w, 7)) weeks.push(w);
      if (weeks.length > 260) throw badRequest('at most 260 weeks at once');
      const n = await computeLevels(disease, weeks);
      await ctx.audit.record(actor, { action: 'epidemics.levels.recompute', details: { disease, from, to } });
      return { ratings: n, weeks: weeks.length };
    },
    async levels(q: { week?: string; rule?: string; disease?: string }): Promise<WardLevelsAnswer> {
      const sets = (await ruleSets()).filter((s) => s.disease === (q.disease ?? 'covid-19'));
      const week = weekStart(q.week ?? today());
      const rule = q.rule ?? inForceOn(sets, week)?.code;
      if (!rule) return { weekStart: week, ruleCode: '', levels: [] };
      const rows = await repo.levels({ week, rule });
      return { weekStart: week, ruleCode: rule, levels: rows.map(toWardLevel) };
    },
    async levelHistory(ward: string, q: { rule?: string; from?: string; to?: string; disease?: string }): Promise<WardLevel[]> {
      const sets = (await ruleSets()).filter((s) => s.disease === (q.disease ?? 'covid-19'));
      const rows = q.rule ? await repo.levels({ ward, rule: q.rule, from: q.from, to: q.to }) : (await Promise.all(sets.map((s) => repo.levels({ ward, rule: s.code, from: q.from, to: q.to })))).flat()
        .filter((r) => inForceOn(sets, r.week_start)?.code === r.rule_code);
      return rows.map(toWardLevel).sort((a, b) => (a.weekStart < b.weekStart ? -1 : 1));
    },

    // ── green ──
    async greenRules(): Promise<GreenRule[]> {
      return (await repo.greenRules()).map((r) => ({ subjectKind: r.subject_kind as GreenRule['subjectKind'], clearDays: r.clear_days, certificateDays: r.certificate_days }));
    },
    async saveGreenRule(actor: Actor, r: GreenRule): Promise<GreenRule[]> {
      await repo.saveGreenRule(r.subjectKind, r.clearDays, r.certificateDays, by(actor));
      await ctx.audit.record(actor, { action: 'epidemics.green_rules.save', targetType: 'epi_green_rules', targetId: r.subjectKind });
      return this.greenRules();
    },
    async green(kind: GreenRule['subjectKind'], q: { key?: string; day?: string; limit?: number }): Promise<GreenList> {
      const d = q.day ?? today();
      const rule = (await this.greenRules()).find((r) => r.subjectKind === kind);
      const clearDays = rule?.clearDays ?? 7;
      const cases = await repo.greenSubjects(kind, q.key ?? null, d);
      const byKey = new Map<string, typeof cases>();
      for (const c of cases) (byKey.get(c.key) ?? byKey.set(c.key, []).get(c.key)!).push(c);
      const subjects = kind === 'residential_group'
        ? (await repo.residentialGroups(q.key ?? null)).map((g) => ({ key: g.key, label: g.key, ward: g.ward_code }))
        : await repo.hubSubjects(kind, q.key ?? null, q.limit ?? 2000);
      const list: GreenStatus[] = subjects.map((s) => {
        const v = greenOf((byKey.get(s.key) ?? []).map((c) => ({ caseOn: c.case_on, active: c.active })), d, clearDays);
        const label = kind === 'household' ? s.key : s.label;
        return { subjectKind: kind, subjectKey: s.key, label, wardCode: s.ward ?? byKey.get(s.key)?.[0]?.ward_code ?? null, day: d, green: v.green, lastCaseOn: v.lastCaseOn, daysClear: v.daysClear, activeCases: v.activeCases, clearDays };
      });
      return { day: d, subjectKind: kind, green: list.filter((s) => s.green).length, notGreen: list.filter((s) => !s.green).length, subjects: list };
    },
    async issueCertificate(actor: Actor, kind: GreenRule['subjectKind'], key: string): Promise<Certificate> {
      const status = (await this.green(kind, { key })).subjects[0];
      if (!status) throw notFound('subject');
      if (!status.green) throw new HttpError(409, 'not_green', 'the subject is not green today');
      const rule = (await this.greenRules()).find((r) => r.subjectKind === kind);
      const token = randomBytes(12).toString('base64url');
      const issuedOn = today();
      const validUntil = addDays(issuedOn, rule?.certificateDays ?? 30);
      await repo.insertCertificate({ token, kind, key, label: status.label, ward: status.wardCode, issuedOn, validUntil, by: by(actor) });
      await ctx.audit.record(actor, { action: 'epidemics.certificate.issue', targetType: 'epi_green_certificate', targetId: token });
      const verifyPath = `/xac-minh-xanh/${token}`;
      const base = ctx.config.env.PUBLIC_BASE_URL ?? '';
      const qrSvg = await QRCode.toString(`${base}${verifyPath}`, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
      return { token, verifyPath, qrSvg, label: status.label, subjectKind: kind, issuedOn, validUntil };
    },
    /** The public check of a certificate: the subject's public label and status, no person's identity. */
    async verifyCertificate(token: string): Promise<PublicCertificate> {
      const c = await repo.certificate(token);
      if (!c) throw notFound('certificate');
      const d = today();
      let status: PublicCertificate['status'] = c.revoked ? 'revoked' : c.valid_until < d ? 'expired' : 'valid';
      if (status === 'valid') {
        const now = (await this.green(c.subject_kind as GreenRule['subjectKind'], { key: c.subject_key })).subjects[0];
        if (now && !now.green) status = 'no_longer_green';
      }
      const ward = c.ward_code ? (await repo.wardNames([c.ward_code])).get(c.ward_code) : undefined;
      return { subjectKind: c.subject_kind, label: c.public_label, wardName: ward?.vi ?? null, wardNameEn: ward?.en ?? null, issuedOn: c.issued_on, validUntil: c.valid_until, status, checkedOn: d };
    },

    // ── places ──
    async createZone(actor: Actor, z: ZoneInput): Promise<Zone> {
      if (z.endsOn && z.endsOn < z.startsOn) throw badRequest('the zone ends before it starts', { code: 'bad_dates' });
      let id: number;
      try {
        id = await repo.insertZone({ outbreakId: z.outbreakId ?? null, kind: z.kind, name: z.name, startsOn: z.startsOn, endsOn: z.endsOn ?? null, geometry: z.geometry, by: by(actor) });
      } catch {
        throw badRequest('the geometry is not a valid polygon', { code: 'bad_geometry' });
      }
      await ctx.audit.record(actor, { action: 'epidemics.zone.create', targetType: 'epi_zone', targetId: id });
      return (await this.zones(null, id))[0]!;
    },
    async zones(day: string | null, id?: number): Promise<Zone[]> {
      return (await repo.zones(day, id)).map((z) => ({ id: z.id, outbreakId: z.outbreak_id, kind: z.kind as Zone['kind'], name: z.name, startsOn: z.starts_on, endsOn: z.ends_on, geometry: z.geometry, households: z.households, people: z.people, cases: z.cases }));
    },
    async heat(outbreakId: number, day?: string, days = 7) {
      const d = day ?? today();
      // Rounded to ~200 m: a heat map, never an address.
      const pts = await repo.heatPoints(outbreakId, d, days);
      return { day: d, points: pts.map((p) => [Math.round(p.lon * 500) / 500, Math.round(p.lat * 500) / 500] as [number, number]) };
    },

    // ── dashboard ──
    async dashboard(outbreakId: number, q: { from?: string; to?: string; day?: string }): Promise<Dashboard> {
      const o = await outbreakRow(outbreakId);
      const day = q.day ?? (o.ends_on && o.ends_on < today() ? o.ends_on : today());
      // The whole outbreak up to the day (at most a year back).
      const from = q.from ?? (addDays(day, -365) < o.starts_on ? o.starts_on : addDays(day, -365));
      const to = q.to ?? day;
      const daily = await repo.daily(o.id, from, to);
      const last7 = daily.filter((x) => x.day > addDays(day, -7) && x.day <= day);
      const wards = await repo.wardCases(o.id, addDays(day, -6), day);
      const pop = wards.reduce((a, w) => a + w.population, 0);
      const tests = last7.reduce((a, x) => a + x.tests, 0);
      const positive = last7.reduce((a, x) => a + x.positive, 0);
      const sets = (await ruleSets()).filter((s) => s.disease === o.disease);
      const rule = inForceOn(sets, weekStart(day))?.code;
      const lv = rule ? await repo.levels({ week: weekStart(day), rule }) : [];
      const names = await repo.wardNames(o.area_codes);
      const board = await repo.followUpBoard(o.id, day);
      const cap = await repo.capacityOn(day, o.area_codes);
      return {
        outbreakId: o.id, disease: o.disease, from, to, day, daily,
        rate7dPer100k: pop ? Math.round((wards.reduce((a, w) => a + w.cases, 0) / pop) * 100_000 * 10) / 10 : 0,
        positivity7d: tests ? Math.round((positive / tests) * 1000) / 1000 : null,
        contactsUnderFollowUp: board.length,
        lostToFollowUp: board.filter((b) => isLost({ from: b.follow_up_from, to: b.follow_up_to, lastSeen: b.last_seen }, day, o.lost_after_days)).length,
        capacity: { beds: cap.beds, bedsUsed: cap.beds_used, icu: cap.icu, icuUsed: cap.icu_used, oxygen: cap.oxygen, oxygenAvailable: cap.oxygen_available },
        coverage: (await repo.coverage(day, o.area_codes)).map((c) => ({ wardCode: c.ward_code, ageGroup: c.age_group, population: c.population, dose1: c.dose1, fullDose: c.full_dose })),
        wards: wards.map((w) => ({ wardCode: w.ward_code, wardName: names.get(w.ward_code)?.vi ?? w.ward_code, wardNameEn: names.get(w.ward_code)?.en ?? w.ward_code, cases7d: w.cases, rate7dPer100k: w.population ? Math.round((w.cases / w.population) * 100_000 * 10) / 10 : 0, level: lv.find((l) => l.ward_code === w.ward_code)?.level ?? null })),
      };
    },
    async reportCapacity(actor: Actor, c: CapacityInput) {
      if (c.bedsUsed > c.beds || (c.icuUsed ?? 0) > (c.icu ?? 0) || (c.oxygenAvailable ?? 0) > (c.oxygen ?? 0)) throw badRequest('used is more than available', { code: 'bad_capacity' });
      await repo.upsertCapacity({ ...c, icu: c.icu ?? 0, icuUsed: c.icuUsed ?? 0, oxygen: c.oxygen ?? 0, oxygenAvailable: c.oxygenAvailable ?? 0, by: by(actor) });
      return { ok: true };
    },
    welfareRounds: () => repo.welfareRounds().then((rs) => rs.map((r) => ({ id: r.id, name: r.name, startsOn: r.starts_on, endsOn: r.ends_on, households: r.households }))),
    async createWelfareRound(actor: Actor, r: { name: string; startsOn: string; endsOn?: string | null }) {
      const id = await repo.insertWelfareRound(r.name, r.startsOn, r.endsOn ?? null);
      await ctx.audit.record(actor, { action: 'epidemics.welfare_round.create', targetType: 'epi_welfare_round', targetId: id });
      return { id };
    },
    async deliverWelfare(actor: Actor, roundId: number, d: WelfareDeliveryInput) {
      const ok = await repo.insertDelivery(roundId, { ...d, wardCode: d.wardCode ?? null, by: by(actor) }).catch(() => {
        throw notFound('welfare round');
      });
      if (!ok) throw new HttpError(409, 'already_served', 'this household was already served in this round');
      return { ok: true };
    },

    /** Exports the outbreak's persons as CSV; the purpose is recorded; identities only for the roles that need them. */
    async exportCsv(actor: Actor, outbreakId: number, purpose: string): Promise<string> {
      const o = await outbreakRow(outbreakId);
      if (purpose.trim().length < 5) throw badRequest('state the purpose of the export', { code: 'purpose_required' });
      const clear = needsIdentity(actor);
      const rows = (await repo.exportRows(o.id)).map((r) => toPerson(r, clear));
      await repo.insertExport({ at: ctx.clock.now(), username: by(actor), outbreakId: o.id, purpose: purpose.trim(), rows: rows.length, identities: clear });
      await ctx.audit.record(actor, { action: clear ? 'epidemics.personal_export' : 'epidemics.export', targetType: 'epi_outbreak', targetId: o.id, details: { purpose: purpose.trim(), count: rows.length, identities: clear } });
      const head = ['code', 'kind', 'name', 'phone', 'id_number', 'address', 'ward', 'classification', 'onset', 'confirmed', 'outcome', 'vaccine_doses'];
      return toCsv([head, ...rows.map((p) => [p.code, p.kind, p.name, p.phone, p.idNumber, p.address, p.wardCode, p.classification, p.onsetOn, p.confirmedOn, p.outcome, p.vaccineDoses])]);
    },
  };

  function toWardLevel(r: { ward_code: string; week_start: string; rule_code: string; rule_revision: number; level: number; figures: Record<string, unknown>; computed_at: Date; ward_name: string | null; ward_name_en: string | null }): WardLevel {
    const { base, applied, missing: _missing, ...figures } = r.figures as LevelFigures & { base: number; applied: WardLevel['applied']; missing: string[] };
    return { wardCode: r.ward_code, wardName: r.ward_name ?? r.ward_code, wardNameEn: r.ward_name_en ?? r.ward_code, weekStart: r.week_start, ruleCode: r.rule_code, ruleRevision: r.rule_revision, level: r.level, base, applied, figures, computedAt: new Date(r.computed_at).toISOString() };
  }
}
export type EpidemicsService = ReturnType<typeof createEpidemicsService>;
