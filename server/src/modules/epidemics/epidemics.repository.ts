// All SQL of the epidemics module: its own epi_* tables, and the published views of the areas
// (v_areas) and datasets (v_records: households of the data hub) modules.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { WardWeekCounts } from './epidemics.rules.ts';

export const HOUSEHOLDS_DATASET_ID = 'households';

export interface PersonRow {
  id: number; outbreak_id: number; code: string; kind: 'case' | 'contact';
  name_enc: string | null; phone_enc: string | null; id_number_enc: string | null; address_enc: string | null;
  sex: string | null; age: number | null; ward_code: string | null; residential_group: string | null; household_key: string | null; workplace_key: string | null;
  lon: number | null; lat: number | null; classification: string | null; onset_on: string | null; onset_approximate: boolean; infection_on: string | null;
  became_case_on: string | null; confirmed_on: string | null; was_contact: boolean; community: boolean; treatment_place: string | null; severity: string | null;
  outcome: string | null; outcome_on: string | null; vaccine_doses: number; risk_level: string | null; follow_up_from: string | null; follow_up_to: string | null;
  follow_up_status: string | null; team_id: number | null; answers: unknown; synthetic: boolean;
}
export type PersonWrite = Partial<Omit<PersonRow, 'id'>> & { outbreak_id: number; code: string; kind: 'case' | 'contact' };

export interface OutbreakRow {
  id: number; code: string; disease: string; name_vi: string; name_en: string; area_codes: string[]; starts_on: string; ends_on: string | null;
  classifications: string[]; follow_up_days: number; follow_ups_per_day: number; lost_after_days: number; case_form: unknown; contact_form: unknown;
  follow_up_form: unknown; synthetic: boolean; closed_at: Date | null; cases: number; contacts: number;
}

const PERSON_COLS = sql.raw(`id, outbreak_id, code, kind, name_enc, phone_enc, id_number_enc, address_enc, sex, age, ward_code, residential_group, household_key,
  workplace_key, lon, lat, classification, onset_on::text as onset_on, onset_approximate, infection_on::text as infection_on, became_case_on::text as became_case_on,
  confirmed_on::text as confirmed_on, was_contact, community, treatment_place, severity, outcome, outcome_on::text as outcome_on, vaccine_doses, risk_level,
  follow_up_from::text as follow_up_from, follow_up_to::text as follow_up_to, follow_up_status, team_id, answers, synthetic`);

export function epidemicsRepository(db: Kysely<DB>) {
  return {
    async outbreaks(): Promise<OutbreakRow[]> {
      return (await sql<OutbreakRow>`select o.id, o.code, o.disease, o.name_vi, o.name_en, o.area_codes, o.starts_on::text as starts_on, o.ends_on::text as ends_on,
          o.classifications, o.follow_up_days, o.follow_ups_per_day, o.lost_after_days, o.case_form, o.contact_form, o.follow_up_form, o.synthetic, o.closed_at,
          (select count(*) from epi_persons p where p.outbreak_id = o.id and p.kind = 'case')::int as cases,
          (select count(*) from epi_persons p where p.outbreak_id = o.id and p.kind = 'contact')::int as contacts
        from epi_outbreaks o order by o.starts_on desc, o.id`.execute(db)).rows;
    },
    /** Closes an outbreak (or reopens it with null); false when there is no such outbreak. */
    async setOutbreakClosed(id: number, closedAt: Date | null): Promise<boolean> {
      const r = await sql<{ id: number }>`update epi_outbreaks set closed_at = ${closedAt} where id = ${id} returning id`.execute(db);
      return r.rows.length > 0;
    },

    /**
     * Anonymises the people of outbreaks closed before `before` (Law 91/2025: health data kept no
     * longer than its purpose): identities and household/workplace keys removed, the residence
     * point coarsened to about 100 m, call notes removed. Codes, ward, dates and classifications
     * stay, so curves, levels and chains (codes only) still add up. Returns the people changed.
     */
    async anonymiseClosedBefore(before: Date): Promise<number> {
      const closed = sql`select o.id from epi_outbreaks o where o.closed_at is not null and o.closed_at < ${before}`;
      await sql`
        update epi_calls c set note = null from epi_persons p
        where c.person_id = p.id and c.note is not null and p.outbreak_id in (${closed})`.execute(db);
      const r = await sql<{ id: number }>`
        update epi_persons set name_enc = null, phone_enc = null, id_number_enc = null, address_enc = null,
          household_key = null, workplace_key = null,
          lon = round(lon::numeric, 3)::float8, lat = round(lat::numeric, 3)::float8
        where outbreak_id in (${closed})
          and (name_enc is not null or phone_enc is not null or id_number_enc is not null or address_enc is not null
               or household_key is not null or workplace_key is not null
               or lon <> round(lon::numeric, 3)::float8 or lat <> round(lat::numeric, 3)::float8)
        returning id`.execute(db);
      return r.rows.length;
    },

    async insertOutbreak(o: Omit<OutbreakRow, 'id' | 'cases' | 'contacts' | 'closed_at'>): Promise<number> {
      const r = await sql<{ id: number }>`insert into epi_outbreaks (code, disease, name_vi, name_en, area_codes, starts_on, ends_on, classifications, follow_up_days,
          follow_ups_per_day, lost_after_days, case_form, contact_form, follow_up_form, synthetic)
        values (${o.code}, ${o.disease}, ${o.name_vi}, ${o.name_en}, ${o.area_codes}::text[], ${o.starts_on}::date, ${o.ends_on}::date, ${o.classifications}::text[],
          ${o.follow_up_days}, ${o.follow_ups_per_day}, ${o.lost_after_days}, ${JSON.stringify(o.case_form)}::jsonb, ${JSON.stringify(o.contact_form)}::jsonb,
          ${JSON.stringify(o.follow_up_form)}::jsonb, ${o.synthetic}) returning id`.execute(db);
      return r.rows[0]!.id;
    },
    async teams(outbreakId?: number) {
      return (await sql<{ id: number; outbreak_id: number; code: string; name: string; ward_code: string }>`select id, outbreak_id, code, name, ward_code from epi_teams
        ${outbreakId === undefined ? sql`` : sql`where outbreak_id = ${outbreakId}`} order by id`.execute(db)).rows;
    },
    async insertTeam(outbreakId: number, code: string, name: string, wardCode: string) {
      await sql`insert into epi_teams (outbreak_id, code, name, ward_code) values (${outbreakId}, ${code}, ${name}, ${wardCode}) on conflict do nothing`.execute(db);
    },
    /** Contacts under follow-up per team of a ward (for round-robin assignment). */
    async teamLoad(outbreakId: number, wardCode: string | null): Promise<Map<number, number>> {
      const rows = (await sql<{ id: number; n: number }>`select t.id, count(p.id)::int as n from epi_teams t
        left join epi_persons p on p.team_id = t.id and p.follow_up_status = 'under_follow_up'
        where t.outbreak_id = ${outbreakId} and (${wardCode}::text is null or t.ward_code = ${wardCode}) group by t.id`.execute(db)).rows;
      return new Map(rows.map((r) => [r.id, r.n]));
    },
    async nextCode(outbreakId: number, prefix: string): Promise<string> {
      const r = await sql<{ n: number }>`select count(*)::int + 1 as n from epi_persons where outbreak_id = ${outbreakId} and code like ${`${prefix}-%`}`.execute(db);
      let n = r.rows[0]!.n;
      for (;;) {
        const code = `${prefix}-${String(n).padStart(6, '0')}`;
        const taken = await sql`select 1 from epi_persons where outbreak_id = ${outbreakId} and code = ${code}`.execute(db);
        if (!taken.rows.length) return code;
        n++;
      }
    },
    async insertPerson(p: PersonWrite): Promise<number> {
      const cols = Object.keys(p);
      const vals = cols.map((c) => {
        const v = (p as Record<string, unknown>)[c];
        return c === 'answers' ? sql`${JSON.stringify(v ?? {})}::jsonb` : sql`${v}`;
      });
      const r = await sql<{ id: number }>`insert into epi_persons (${sql.join(cols.map((c) => sql.ref(c)))}) values (${sql.join(vals)}) returning id`.execute(db);
      return r.rows[0]!.id;
    },
    async updatePerson(id: number, patch: Partial<Omit<PersonRow, 'id'>>): Promise<void> {
      const sets = Object.entries(patch).map(([c, v]) => (c === 'answers' ? sql`${sql.ref(c)} = ${JSON.stringify(v ?? {})}::jsonb` : sql`${sql.ref(c)} = ${v}`));
      if (!sets.length) return;
      await sql`update epi_persons set ${sql.join(sets)}, updated_at = now() where id = ${id}`.execute(db);
    },
    async person(id: number): Promise<PersonRow | undefined> {
      return (await sql<PersonRow>`select ${PERSON_COLS} from epi_persons where id = ${id}`.execute(db)).rows[0];
    },
    async personByCode(outbreakId: number, code: string): Promise<PersonRow | undefined> {
      return (await sql<PersonRow>`select ${PERSON_COLS} from epi_persons where outbreak_id = ${outbreakId} and code = ${code}`.execute(db)).rows[0];
    },
    async persons(q: { outbreakId: number; kind?: string; wardCode?: string; code?: string; limit: number; offset: number }) {
      const where = sql`outbreak_id = ${q.outbreakId} ${q.kind ? sql`and kind = ${q.kind}` : sql``} ${q.wardCode ? sql`and ward_code = ${q.wardCode}` : sql``}
        ${q.code ? sql`and code ilike ${`%${q.code}%`}` : sql``}`;
      const total = (await sql<{ n: number }>`select count(*)::int as n from epi_persons where ${where}`.execute(db)).rows[0]!.n;
      const rows = (await sql<PersonRow>`select ${PERSON_COLS} from epi_persons where ${where} order by id desc limit ${q.limit} offset ${q.offset}`.execute(db)).rows;
      return { total, rows };
    },
    async insertRelationship(r: { outbreakId: number; sourceId: number; targetId: number; contactOn: string; estimated: boolean; certainty: string; exposureType: string; clusterId: number | null }) {
      await sql`insert into epi_relationships (outbreak_id, source_id, target_id, contact_on, contact_date_estimated, certainty, exposure_type, cluster_id)
        values (${r.outbreakId}, ${r.sourceId}, ${r.targetId}, ${r.contactOn}::date, ${r.estimated}, ${r.certainty}, ${r.exposureType}, ${r.clusterId})
        on conflict (source_id, target_id) do update set contact_on = excluded.contact_on, certainty = excluded.certainty, exposure_type = excluded.exposure_type`.execute(db);
    },
    async clusterId(outbreakId: number, code: string): Promise<number | null> {
      return (await sql<{ id: number }>`select id from epi_clusters where outbreak_id = ${outbreakId} and code = ${code}`.execute(db)).rows[0]?.id ?? null;
    },
    async exposuresOf(personId: number) {
      return (await sql<{ source_code: string; target_code: string; contact_on: string; certainty: string; exposure_type: string }>`
        select s.code as source_code, t.code as target_code, r.contact_on::text as contact_on, r.certainty, r.exposure_type
        from epi_relationships r join epi_persons s on s.id = r.source_id join epi_persons t on t.id = r.target_id
        where r.source_id = ${personId} or r.target_id = ${personId} order by r.contact_on, r.id`.execute(db)).rows;
    },
    async insertFollowUps(personId: number, teamId: number | null, visits: { dueOn: string; dayIndex: number; seq: number }[]) {
      if (!visits.length) return;
      await sql`insert into epi_follow_ups (person_id, due_on, day_index, seq, team_id)
        values ${sql.join(visits.map((v) => sql`(${personId}, ${v.dueOn}::date, ${v.dayIndex}, ${v.seq}, ${teamId})`))}
        on conflict do nothing`.execute(db);
    },
    async cancelFutureFollowUps(personId: number, from: string) {
      await sql`update epi_follow_ups set status = 'cancelled' where person_id = ${personId} and due_on >= ${from}::date and status = 'due'`.execute(db);
    },
    async followUpsOf(personId: number) {
      return (await sql<{ id: number; person_id: number; code: string; due_on: string; day_index: number; seq: number; team_id: number | null; status: string }>`
        select f.id, f.person_id, p.code, f.due_on::text as due_on, f.day_index, f.seq, f.team_id, f.status
        from epi_follow_ups f join epi_persons p on p.id = f.person_id where f.person_id = ${personId} order by f.due_on, f.seq`.execute(db)).rows;
    },
    async followUp(id: number) {
      return (await sql<{ id: number; person_id: number; status: string; due_on: string }>`select id, person_id, status, due_on::text as due_on from epi_follow_ups where id = ${id}`.execute(db)).rows[0];
    },
    async setVisit(id: number, status: string, at: Date, answers: unknown) {
      await sql`update epi_follow_ups set status = ${status}, visited_at = ${at}, answers = ${JSON.stringify(answers ?? {})}::jsonb where id = ${id}`.execute(db);
    },
    /** Contacts under follow-up on a day with their visit tallies, for the supervisor's view and the lost flags. */
    async followUpBoard(outbreakId: number, day: string) {
      return (await sql<{ person_id: number; code: string; team_id: number | null; follow_up_from: string; follow_up_to: string; follow_up_status: string;
          done: number; missed: number; symptomatic: number; last_seen: string | null; today_status: string | null }>`
        select p.id as person_id, p.code, p.team_id, p.follow_up_from::text as follow_up_from, p.follow_up_to::text as follow_up_to, p.follow_up_status,
          count(*) filter (where f.status in ('seen_ok', 'seen_symptomatic') and f.due_on <= ${day}::date)::int as done,
          count(*) filter (where (f.status = 'missed' or (f.status = 'due' and f.due_on < ${day}::date)))::int as missed,
          count(*) filter (where f.status = 'seen_symptomatic' and f.due_on = ${day}::date)::int as symptomatic,
          max(f.due_on) filter (where f.status in ('seen_ok', 'seen_symptomatic'))::text as last_seen,
          max(f.status) filter (where f.due_on = ${day}::date) as today_status
        from epi_persons p left join epi_follow_ups f on f.person_id = p.id and f.status <> 'cancelled'
        where p.outbreak_id = ${outbreakId} and p.kind = 'contact' and p.follow_up_status in ('under_follow_up', 'lost')
          and p.follow_up_from <= ${day}::date and p.follow_up_to >= ${day}::date
        group by p.id order by p.code`.execute(db)).rows;
    },
    async labResultsOf(personId: number) {
      return (await sql<{ id: number; sampled_on: string; result_on: string | null; test_type: string; result: string }>`select id, sampled_on::text as sampled_on,
        result_on::text as result_on, test_type, result from epi_lab_results where person_id = ${personId} order by sampled_on, id`.execute(db)).rows;
    },
    async insertLab(personId: number, l: { sampledOn: string; resultOn: string | null; testType: string; sampleType: string; result: string; lab: string | null }) {
      await sql`insert into epi_lab_results (person_id, sampled_on, result_on, test_type, sample_type, result, lab)
        values (${personId}, ${l.sampledOn}::date, ${l.resultOn}::date, ${l.testType}, ${l.sampleType}, ${l.result}, ${l.lab})`.execute(db);
    },
    async callsOf(personId: number) {
      return (await sql<{ at: Date; line: string; reason: string; note: string | null }>`select at, line, reason, note from epi_calls where person_id = ${personId} order by at`.execute(db)).rows;
    },
    async insertCall(personId: number, c: { at: Date; line: string; reason: string; note: string | null; by: string }) {
      await sql`insert into epi_calls (person_id, at, line, reason, note, created_by) values (${personId}, ${c.at}, ${c.line}, ${c.reason}, ${c.note}, ${c.by})`.execute(db);
    },

    // ── chains ──
    async graphData(outbreakId: number) {
      const nodes = (await sql<{ id: number; code: string; kind: 'case' | 'contact'; classification: string | null; ward_code: string | null; case_on: string | null;
          follow_up_status: string | null; lon: number | null; lat: number | null }>`
        select p.id, p.code, p.kind, p.classification, p.ward_code, coalesce(p.confirmed_on, p.became_case_on)::text as case_on, p.follow_up_status, p.lon, p.lat
        from epi_persons p where p.outbreak_id = ${outbreakId}
          and exists (select 1 from epi_relationships r where r.source_id = p.id or r.target_id = p.id)`.execute(db)).rows;
      const edges = (await sql<{ source: number; target: number; exposure_type: string; certainty: string }>`
        select source_id as source, target_id as target, exposure_type, certainty from epi_relationships where outbreak_id = ${outbreakId}`.execute(db)).rows;
      return { nodes, edges };
    },
    /** The connected chain of one person (walked in SQL, both directions), codes and links only. */
    async graphOfMember(outbreakId: number, code: string) {
      const nodes = (await sql<{ id: number; code: string; kind: 'case' | 'contact'; classification: string | null; ward_code: string | null; case_on: string | null;
          follow_up_status: string | null; lon: number | null; lat: number | null }>`
        with recursive c(id) as (
          select id from epi_persons where outbreak_id = ${outbreakId} and code = ${code}
          union select case when r.source_id = c.id then r.target_id else r.source_id end from epi_relationships r join c on r.source_id = c.id or r.target_id = c.id)
        select p.id, p.code, p.kind, p.classification, p.ward_code, coalesce(p.confirmed_on, p.became_case_on)::text as case_on, p.follow_up_status, p.lon, p.lat
        from c join epi_persons p on p.id = c.id`.execute(db)).rows;
      const ids = nodes.map((n) => n.id);
      const edges = ids.length ? (await sql<{ source: number; target: number; exposure_type: string; certainty: string }>`
        select source_id as source, target_id as target, exposure_type, certainty from epi_relationships where source_id = any(${ids}::bigint[])`.execute(db)).rows : [];
      return { nodes, edges };
    },
    async casesInPeriod(outbreakId: number, from: string, to: string) {
      return (await sql<{ cases: number; in_chains: number; contacts: number }>`
        select count(*) filter (where p.kind = 'case')::int as cases,
          count(*) filter (where p.kind = 'case' and exists (select 1 from epi_relationships r where r.target_id = p.id))::int as in_chains,
          (select count(*)::int from epi_persons c where c.outbreak_id = ${outbreakId} and c.kind = 'contact') as contacts
        from epi_persons p where p.outbreak_id = ${outbreakId} and coalesce(p.confirmed_on, p.became_case_on) between ${from}::date and ${to}::date`.execute(db)).rows[0]!;
    },

    // ── levels ──
    async insertRuleSetOnce(r: { code: string; disease: string; titleVi: string; titleEn: string; validFrom: string; rules: unknown }) {
      await sql`insert into epi_level_rules (code, revision, disease, title_vi, title_en, valid_from, rules, created_by)
        select ${r.code}, 1, ${r.disease}, ${r.titleVi}, ${r.titleEn}, ${r.validFrom}::date, ${JSON.stringify(r.rules)}::jsonb, 'system'
        where not exists (select 1 from epi_level_rules where code = ${r.code})`.execute(db);
    },
    async insertDefaultGreenRules(clearDays: number, certificateDays: number) {
      await sql`insert into epi_green_rules (subject_kind, clear_days, certificate_days, updated_by)
        select k, ${clearDays}, ${certificateDays}, 'system' from unnest(array['residential_group', 'household', 'business']) k on conflict do nothing`.execute(db);
    },
    async ruleSets() {
      return (await sql<{ code: string; revision: number; disease: string; title_vi: string; title_en: string; valid_from: string; rules: unknown; created_at: Date; created_by: string }>`
        select distinct on (code) code, revision, disease, title_vi, title_en, valid_from::text as valid_from, rules, created_at, created_by
        from epi_level_rules order by code, revision desc`.execute(db)).rows;
    },
    async ruleRevisions(code: string) {
      return (await sql<{ code: string; revision: number; disease: string; title_vi: string; title_en: string; valid_from: string; rules: unknown; created_at: Date; created_by: string }>`
        select code, revision, disease, title_vi, title_en, valid_from::text as valid_from, rules, created_at, created_by from epi_level_rules where code = ${code} order by revision`.execute(db)).rows;
    },
    async insertRuleRevision(r: { code: string; disease: string; titleVi: string; titleEn: string; validFrom: string; rules: unknown; by: string }): Promise<number> {
      const res = await sql<{ revision: number }>`insert into epi_level_rules (code, revision, disease, title_vi, title_en, valid_from, rules, created_by)
        select ${r.code}, coalesce(max(revision), 0) + 1, ${r.disease}, ${r.titleVi}, ${r.titleEn}, ${r.validFrom}::date, ${JSON.stringify(r.rules)}::jsonb, ${r.by}
        from epi_level_rules where code = ${r.code} returning revision`.execute(db);
      return res.rows[0]!.revision;
    },
    /** Set-based counts of every ward (with a population) for each week start; cases of outbreaks of `disease`. */
    async wardWeekCounts(disease: string, weeks: string[], wardCodes: string[] | null): Promise<(WardWeekCounts & { ward_code: string; week_start: string })[]> {
      if (!weeks.length) return [];
      const rows = await sql<{ ward_code: string; week_start: string; population: number; adults: number; elderly: number; community_week: number; community_prev: number;
          all_week: number; all_prev: number; deaths_week: number; severe_week: number; adults_dose1: number | null; adults_full: number | null; elderly_full: number | null;
          beds: number | null; beds_used: number | null; icu: number | null; icu_used: number | null; oxygen: number | null; oxygen_available: number | null }>`
        with w as (select unnest(${weeks}::date[]) as ws),
        pop as (select ward_code, sum(population)::int as population,
            sum(population) filter (where age_group in ('18-49', '50-64', '65+'))::int as adults,
            sum(population) filter (where age_group in ('50-64', '65+'))::int as elderly
          from epi_populations ${wardCodes ? sql`where ward_code = any(${wardCodes}::text[])` : sql``} group by ward_code),
        c as (select p.ward_code, p.confirmed_on, p.community, p.outcome, p.outcome_on, p.severity from epi_persons p join epi_outbreaks o on o.id = p.outbreak_id
          where p.kind = 'case' and p.classification = 'confirmed' and o.disease = ${disease} and p.confirmed_on is not null
            and p.confirmed_on >= (select min(ws) from w) - 7 and p.confirmed_on < (select max(ws) from w) + 7),
        cw as (select pop.ward_code, w.ws,
            count(*) filter (where c.confirmed_on >= w.ws and c.confirmed_on < w.ws + 7 and c.community)::int as community_week,
            count(*) filter (where c.confirmed_on >= w.ws - 7 and c.confirmed_on < w.ws and c.community)::int as community_prev,
            count(*) filter (where c.confirmed_on >= w.ws and c.confirmed_on < w.ws + 7)::int as all_week,
            count(*) filter (where c.confirmed_on >= w.ws - 7 and c.confirmed_on < w.ws)::int as all_prev,
            count(*) filter (where c.confirmed_on >= w.ws and c.confirmed_on < w.ws + 7 and c.severity in ('severe', 'critical'))::int as severe_week
          from pop cross join w left join c on c.ward_code = pop.ward_code and c.confirmed_on >= w.ws - 7 and c.confirmed_on < w.ws + 7
          group by pop.ward_code, w.ws),
        dw as (select pop.ward_code, w.ws, count(p.id)::int as deaths_week from pop cross join w
          left join epi_persons p on p.ward_code = pop.ward_code and p.kind = 'case' and p.outcome = 'died' and p.outcome_on >= w.ws and p.outcome_on < w.ws + 7
            and exists (select 1 from epi_outbreaks o where o.id = p.outbreak_id and o.disease = ${disease})
          group by pop.ward_code, w.ws),
        vx as (select pop.ward_code, w.ws,
            sum(v.dose1) filter (where v.age_group in ('18-49', '50-64', '65+'))::int as adults_dose1,
            sum(v.full_dose) filter (where v.age_group in ('18-49', '50-64', '65+'))::int as adults_full,
            sum(v.full_dose) filter (where v.age_group in ('50-64', '65+'))::int as elderly_full
          from pop cross join w
          left join lateral (select distinct on (age_group) age_group, dose1, full_dose from epi_vaccinations v
            where v.ward_code = pop.ward_code and v.on_date < w.ws + 7 order by age_group, on_date desc) v on true
          group by pop.ward_code, w.ws),
        cap as (select pop.ward_code, w.ws, sum(k.beds)::int as beds, sum(k.beds_used)::int as beds_used, sum(k.icu)::int as icu, sum(k.icu_used)::int as icu_used,
            sum(k.oxygen)::int as oxygen, sum(k.oxygen_available)::int as oxygen_available
          from pop cross join w
          left join lateral (select distinct on (station_code) beds, beds_used, icu, icu_used, oxygen, oxygen_available from epi_capacity k
            where k.ward_code = pop.ward_code and k.on_date >= w.ws and k.on_date < w.ws + 7 order by station_code, on_date desc) k on true
          group by pop.ward_code, w.ws)
        select pop.ward_code, cw.ws::text as week_start, pop.population, coalesce(pop.adults, 0) as adults, coalesce(pop.elderly, 0) as elderly,
          cw.community_week, cw.community_prev, cw.all_week, cw.all_prev, dw.deaths_week, cw.severe_week,
          vx.adults_dose1, vx.adults_full, vx.elderly_full, cap.beds, cap.beds_used, cap.icu, cap.icu_used, cap.oxygen, cap.oxygen_available
        from pop join cw on cw.ward_code = pop.ward_code join dw on dw.ward_code = pop.ward_code and dw.ws = cw.ws
        join vx on vx.ward_code = pop.ward_code and vx.ws = cw.ws join cap on cap.ward_code = pop.ward_code and cap.ws = cw.ws
        order by pop.ward_code, cw.ws`.execute(db);
      return rows.rows.map((r) => ({
        ward_code: r.ward_code, week_start: r.week_start, population: r.population, adults: r.adults, elderly: r.elderly,
        communityWeek: r.community_week, communityPrevWeek: r.community_prev, allWeek: r.all_week, allPrevWeek: r.all_prev, deathsWeek: r.deaths_week, severeWeek: r.severe_week,
        adultsDose1: r.adults_dose1, adultsFull: r.adults_full, elderlyFull: r.elderly_full, beds: r.beds, bedsUsed: r.beds_used, icu: r.icu, icuUsed: r.icu_used,
        oxygen: r.oxygen, oxygenAvailable: r.oxygen_available,
      }));
    },
    async storedLevels(keys: { ward: string; week: string; rule: string }[]) {
      if (!keys.length) return [];
      return (await sql<{ ward_code: string; week_start: string; rule_code: string; level: number }>`select ward_code, week_start::text as week_start, rule_code, level
        from epi_ward_levels where (ward_code, week_start, rule_code) in (${sql.join(keys.map((k) => sql`(${k.ward}, ${k.week}::date, ${k.rule})`))})`.execute(db)).rows;
    },
    async upsertLevels(rows: { ward: string; week: string; rule: string; revision: number; level: number; figures: unknown; at: Date }[]) {
      for (let i = 0; i < rows.length; i += 500) {
        const part = rows.slice(i, i + 500);
        await sql`insert into epi_ward_levels (ward_code, week_start, rule_code, rule_revision, level, figures, computed_at)
          values ${sql.join(part.map((r) => sql`(${r.ward}, ${r.week}::date, ${r.rule}, ${r.revision}, ${r.level}, ${JSON.stringify(r.figures)}::jsonb, ${r.at})`))}
          on conflict (ward_code, week_start, rule_code) do update set rule_revision = excluded.rule_revision, level = excluded.level, figures = excluded.figures,
            computed_at = excluded.computed_at`.execute(db);
      }
    },
    async levels(q: { week?: string; ward?: string; rule: string; from?: string; to?: string }) {
      return (await sql<{ ward_code: string; week_start: string; rule_code: string; rule_revision: number; level: number; figures: Record<string, unknown>; computed_at: Date; ward_name: string | null; ward_name_en: string | null }>`
        select l.ward_code, l.week_start::text as week_start, l.rule_code, l.rule_revision, l.level, l.figures, l.computed_at,
          (select coalesce(a.properties ->> 'name_short', a.name_vi) from v_areas a where a.code = l.ward_code and a.level = 'ward' order by a.valid_from desc limit 1) as ward_name,
          (select a.name_en from v_areas a where a.code = l.ward_code and a.level = 'ward' order by a.valid_from desc limit 1) as ward_name_en
        from epi_ward_levels l where l.rule_code = ${q.rule}
          ${q.week ? sql`and l.week_start = ${q.week}::date` : sql``} ${q.ward ? sql`and l.ward_code = ${q.ward}` : sql``}
          ${q.from ? sql`and l.week_start >= ${q.from}::date` : sql``} ${q.to ? sql`and l.week_start <= ${q.to}::date` : sql``}
        order by l.ward_code, l.week_start`.execute(db)).rows;
    },
    /** Ward names by code: the short Vietnamese name ("Tân Hưng") and the English one ("Tan Hung Ward"). */
    async wardNames(codes: string[]) {
      if (!codes.length) return new Map<string, { vi: string; en: string }>();
      const rows = (await sql<{ code: string; name: string; name_en: string }>`select distinct on (code) code, coalesce(properties ->> 'name_short', name_vi) as name, name_en from v_areas
        where level = 'ward' and code = any(${codes}::text[]) order by code, valid_from desc`.execute(db)).rows;
      return new Map(rows.map((r) => [r.code, { vi: r.name, en: r.name_en }]));
    },
    async wardAt(lon: number, lat: number, day: string): Promise<string | null> {
      return (await sql<{ code: string }>`select code from v_areas where level = 'ward' and valid_from <= ${day}::date and (valid_to is null or valid_to > ${day}::date)
        and ST_Intersects(geom, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326)) order by area_km2 limit 1`.execute(db)).rows[0]?.code ?? null;
    },

    // ── green ──
    async greenRules() {
      return (await sql<{ subject_kind: string; clear_days: number; certificate_days: number }>`select subject_kind, clear_days, certificate_days from epi_green_rules order by subject_kind`.execute(db)).rows;
    },
    async saveGreenRule(kind: string, clearDays: number, certificateDays: number, by: string) {
      await sql`insert into epi_green_rules (subject_kind, clear_days, certificate_days, updated_by) values (${kind}, ${clearDays}, ${certificateDays}, ${by})
        on conflict (subject_kind) do update set clear_days = excluded.clear_days, certificate_days = excluded.certificate_days, updated_by = excluded.updated_by`.execute(db);
    },
    /** Cases per subject (household, business, residential group) up to a day, with the subject's public label. */
    async greenSubjects(kind: string, key: string | null, day: string) {
      const col = kind === 'household' ? sql.ref('p.household_key') : kind === 'business' ? sql.ref('p.workplace_key') : sql.ref('p.residential_group');
      const cases = (await sql<{ key: string; ward_code: string | null; case_on: string; active: boolean }>`
        select ${col} as key, p.ward_code, coalesce(p.confirmed_on, p.became_case_on)::text as case_on,
          (coalesce(p.outcome, 'active') = 'active' and coalesce(p.confirmed_on, p.became_case_on) > ${day}::date - 21) as active
        from epi_persons p where p.kind = 'case' and p.classification = 'confirmed' and ${col} is not null
          and coalesce(p.confirmed_on, p.became_case_on) <= ${day}::date ${key ? sql`and ${col} = ${key}` : sql``}`.execute(db)).rows;
      return cases;
    },
    /** Subjects known to the data hub: households (dataset households) and businesses (household-businesses, enterprises). */
    async hubSubjects(kind: 'household' | 'business', key: string | null, limit: number) {
      const datasets = kind === 'household' ? [HOUSEHOLDS_DATASET_ID] : ['household-businesses', 'enterprises'];
      return (await sql<{ key: string; label: string; ward: string | null }>`select r.natural_key as key,
          coalesce(r.props ->> 'name', r.props ->> 'code', r.natural_key) as label, r.props ->> 'ward_code' as ward
        from v_records r where r.dataset_id = any(${datasets}::text[]) ${key ? sql`and r.natural_key = ${key}` : sql``}
        order by r.natural_key limit ${limit}`.execute(db)).rows;
    },
    async residentialGroups(key: string | null) {
      return (await sql<{ key: string; ward_code: string | null }>`select residential_group as key, min(ward_code) as ward_code from epi_persons
        where residential_group is not null ${key ? sql`and residential_group = ${key}` : sql``} group by residential_group order by residential_group`.execute(db)).rows;
    },
    async insertCertificate(c: { token: string; kind: string; key: string; label: string; ward: string | null; issuedOn: string; validUntil: string; by: string }) {
      await sql`insert into epi_green_certificates (token, subject_kind, subject_key, public_label, ward_code, issued_on, valid_until, issued_by)
        values (${c.token}, ${c.kind}, ${c.key}, ${c.label}, ${c.ward}, ${c.issuedOn}::date, ${c.validUntil}::date, ${c.by})`.execute(db);
    },
    async certificate(token: string) {
      return (await sql<{ token: string; subject_kind: string; subject_key: string; public_label: string; ward_code: string | null; issued_on: string; valid_until: string; revoked: boolean }>`
        select token, subject_kind, subject_key, public_label, ward_code, issued_on::text as issued_on, valid_until::text as valid_until, revoked
        from epi_green_certificates where token = ${token}`.execute(db)).rows[0];
    },

    // ── places ──
    async insertZone(z: { outbreakId: number | null; kind: string; name: string; startsOn: string; endsOn: string | null; geometry: unknown; by: string }): Promise<number> {
      return (await sql<{ id: number }>`insert into epi_zones (outbreak_id, kind, name, starts_on, ends_on, geom, created_by)
        values (${z.outbreakId}, ${z.kind}, ${z.name}, ${z.startsOn}::date, ${z.endsOn}::date, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(z.geometry)}), 4326)), ${z.by})
        returning id`.execute(db)).rows[0]!.id;
    },
    /** Zones active on a day (or all), with the households and people inside from the data hub and the cases inside. */
    async zones(day: string | null, id?: number) {
      return (await sql<{ id: number; outbreak_id: number | null; kind: string; name: string; starts_on: string; ends_on: string | null; geometry: unknown; households: number; people: number; cases: number }>`
        select z.id, z.outbreak_id, z.kind, z.name, z.starts_on::text as starts_on, z.ends_on::text as ends_on, ST_AsGeoJSON(z.geom, 6)::json as geometry,
          (select count(*)::int from v_records r where r.dataset_id = ${HOUSEHOLDS_DATASET_ID} and ST_Intersects(r.geom, z.geom)) as households,
          (select coalesce(sum((r.props ->> 'members')::int), 0)::int from v_records r where r.dataset_id = ${HOUSEHOLDS_DATASET_ID} and ST_Intersects(r.geom, z.geom)) as people,
          (select count(*)::int from epi_persons p where p.kind = 'case' and p.lon is not null
             and ST_Intersects(z.geom, ST_SetSRID(ST_MakePoint(p.lon, p.lat), 4326))
             and coalesce(p.confirmed_on, p.became_case_on) between z.starts_on and coalesce(z.ends_on, z.starts_on + 365)) as cases
        from epi_zones z where true ${id !== undefined ? sql`and z.id = ${id}` : sql``}
          ${day ? sql`and z.starts_on <= ${day}::date and (z.ends_on is null or z.ends_on >= ${day}::date)` : sql``}
        order by z.starts_on, z.id`.execute(db)).rows;
    },
    async heatPoints(outbreakId: number, day: string, days: number) {
      return (await sql<{ lon: number; lat: number }>`select lon, lat from epi_persons where outbreak_id = ${outbreakId} and kind = 'case' and lon is not null
        and coalesce(confirmed_on, became_case_on) > ${day}::date - ${days}::int and coalesce(confirmed_on, became_case_on) <= ${day}::date`.execute(db)).rows;
    },

    // ── dashboard, capacity, vaccination, welfare ──
    async daily(outbreakId: number, from: string, to: string) {
      return (await sql<{ day: string; cases: number; deaths: number; tests: number; positive: number }>`
        with d as (select generate_series(${from}::date, ${to}::date, interval '1 day')::date as day),
        c as (select confirmed_on as day, count(*)::int as n from epi_persons where outbreak_id = ${outbreakId} and kind = 'case' and classification = 'confirmed'
          and confirmed_on between ${from}::date and ${to}::date group by confirmed_on),
        x as (select outcome_on as day, count(*)::int as n from epi_persons where outbreak_id = ${outbreakId} and outcome = 'died'
          and outcome_on between ${from}::date and ${to}::date group by outcome_on),
        t as (select l.sampled_on as day, count(*)::int as tests, count(*) filter (where l.result = 'positive')::int as positive
          from epi_lab_results l join epi_persons p on p.id = l.person_id
          where p.outbreak_id = ${outbreakId} and l.sampled_on between ${from}::date and ${to}::date group by l.sampled_on)
        select d.day::text as day, coalesce(c.n, 0) as cases, coalesce(x.n, 0) as deaths, coalesce(t.tests, 0) as tests, coalesce(t.positive, 0) as positive
        from d left join c on c.day = d.day left join x on x.day = d.day left join t on t.day = d.day order by d.day`.execute(db)).rows;
    },
    async wardCases(outbreakId: number, from: string, to: string) {
      return (await sql<{ ward_code: string; cases: number; population: number }>`
        select pop.ward_code, (select count(*)::int from epi_persons p where p.outbreak_id = ${outbreakId} and p.kind = 'case' and p.classification = 'confirmed'
            and p.ward_code = pop.ward_code and p.confirmed_on between ${from}::date and ${to}::date) as cases, pop.population
        from (select ward_code, sum(population)::int as population from epi_populations group by ward_code) pop
        where pop.ward_code = any((select area_codes from epi_outbreaks where id = ${outbreakId})::text[]) order by pop.ward_code`.execute(db)).rows;
    },
    async capacityOn(day: string, wards: string[]) {
      return (await sql<{ beds: number; beds_used: number; icu: number; icu_used: number; oxygen: number; oxygen_available: number }>`
        select coalesce(sum(beds), 0)::int as beds, coalesce(sum(beds_used), 0)::int as beds_used, coalesce(sum(icu), 0)::int as icu, coalesce(sum(icu_used), 0)::int as icu_used,
          coalesce(sum(oxygen), 0)::int as oxygen, coalesce(sum(oxygen_available), 0)::int as oxygen_available
        from (select distinct on (station_code) * from epi_capacity where on_date <= ${day}::date and on_date > ${day}::date - 7 and ward_code = any(${wards}::text[])
          order by station_code, on_date desc) k`.execute(db)).rows[0]!;
    },
    async upsertCapacity(c: { stationCode: string; stationName: string; stationKind: string; wardCode: string; onDate: string; beds: number; bedsUsed: number; icu: number; icuUsed: number; oxygen: number; oxygenAvailable: number; by: string }) {
      await sql`insert into epi_capacity (station_code, station_name, station_kind, ward_code, on_date, beds, beds_used, icu, icu_used, oxygen, oxygen_available, reported_by)
        values (${c.stationCode}, ${c.stationName}, ${c.stationKind}, ${c.wardCode}, ${c.onDate}::date, ${c.beds}, ${c.bedsUsed}, ${c.icu}, ${c.icuUsed}, ${c.oxygen}, ${c.oxygenAvailable}, ${c.by})
        on conflict (station_code, on_date) do update set station_name = excluded.station_name, beds = excluded.beds, beds_used = excluded.beds_used, icu = excluded.icu,
          icu_used = excluded.icu_used, oxygen = excluded.oxygen, oxygen_available = excluded.oxygen_available, reported_by = excluded.reported_by`.execute(db);
    },
    async coverage(day: string, wards: string[]) {
      return (await sql<{ ward_code: string; age_group: string; population: number; dose1: number; full_dose: number }>`
        select pop.ward_code, pop.age_group, pop.population, coalesce(v.dose1, 0) as dose1, coalesce(v.full_dose, 0) as full_dose
        from epi_populations pop left join lateral (select dose1, full_dose from epi_vaccinations v where v.ward_code = pop.ward_code and v.age_group = pop.age_group
          and v.on_date <= ${day}::date order by on_date desc limit 1) v on true
        where pop.ward_code = any(${wards}::text[]) order by pop.ward_code, pop.age_group`.execute(db)).rows;
    },
    async insertWelfareRound(name: string, startsOn: string, endsOn: string | null): Promise<number> {
      return (await sql<{ id: number }>`insert into epi_welfare_rounds (name, starts_on, ends_on) values (${name}, ${startsOn}::date, ${endsOn}::date) returning id`.execute(db)).rows[0]!.id;
    },
    async welfareRounds() {
      return (await sql<{ id: number; name: string; starts_on: string; ends_on: string | null; households: number }>`select r.id, r.name, r.starts_on::text as starts_on,
        r.ends_on::text as ends_on, (select count(*)::int from epi_welfare_deliveries d where d.round_id = r.id) as households from epi_welfare_rounds r order by r.starts_on`.execute(db)).rows;
    },
    /** Inserts a delivery; false when the household was already served in the round (unique constraint). */
    async insertDelivery(roundId: number, d: { householdKey: string; wardCode: string | null; deliveredOn: string; package: string; by: string }): Promise<boolean> {
      const r = await sql<{ id: number }>`insert into epi_welfare_deliveries (round_id, household_key, ward_code, delivered_on, package, delivered_by)
        values (${roundId}, ${d.householdKey}, ${d.wardCode}, ${d.deliveredOn}::date, ${d.package}, ${d.by}) on conflict (round_id, household_key) do nothing returning id`.execute(db);
      return r.rows.length > 0;
    },
    async insertExport(e: { at: Date; username: string; outbreakId: number; purpose: string; rows: number; identities: boolean }) {
      await sql`insert into epi_exports (at, username, outbreak_id, purpose, rows, identities) values (${e.at}, ${e.username}, ${e.outbreakId}, ${e.purpose}, ${e.rows}, ${e.identities})`.execute(db);
    },
    async exportRows(outbreakId: number) {
      return (await sql<PersonRow>`select ${PERSON_COLS} from epi_persons where outbreak_id = ${outbreakId} order by id`.execute(db)).rows;
    },
  };
}
export type EpidemicsRepository = ReturnType<typeof epidemicsRepository>;
