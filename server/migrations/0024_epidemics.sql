-- 0024 epidemics (issue 19): outbreaks as data (Go.Data's model), cases and contacts with their
-- identities encrypted at rest (platform/crypto/field-cipher.ts), relationships (transmission
-- chains are their graph), follow-up visits by team, lab results, hotline calls, ward levels from
-- a versioned rule table (Decision 4800 → 218) with the figures of every rating, green
-- classification and its certificates, places (lockdown and quarantine zones), capacity,
-- vaccination coverage, welfare rounds, and the purpose of every export.

CREATE TABLE epi_outbreaks (
  id bigserial PRIMARY KEY,
  code text NOT NULL UNIQUE,
  disease text NOT NULL,
  name_vi text NOT NULL,
  name_en text NOT NULL,
  area_codes text[] NOT NULL,
  starts_on date NOT NULL,
  ends_on date,
  classifications text[] NOT NULL DEFAULT ARRAY['suspect', 'probable', 'confirmed', 'not_a_case'],
  follow_up_days int NOT NULL DEFAULT 14 CHECK (follow_up_days BETWEEN 1 AND 60),
  follow_ups_per_day int NOT NULL DEFAULT 1 CHECK (follow_ups_per_day BETWEEN 1 AND 4),
  -- Days without a visit after which a contact is flagged "lost to follow-up".
  lost_after_days int NOT NULL DEFAULT 3 CHECK (lost_after_days BETWEEN 1 AND 30),
  -- Question templates (Go.Data): [{ key, labelVi, labelEn, type, options? }]
  case_form jsonb NOT NULL DEFAULT '[]'::jsonb,
  contact_form jsonb NOT NULL DEFAULT '[]'::jsonb,
  follow_up_form jsonb NOT NULL DEFAULT '[]'::jsonb,
  synthetic boolean NOT NULL DEFAULT false,
  closed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE epi_teams (
  id bigserial PRIMARY KEY,
  outbreak_id bigint NOT NULL REFERENCES epi_outbreaks(id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  ward_code text NOT NULL,
  UNIQUE (outbreak_id, code)
);

CREATE TABLE epi_clusters (
  id bigserial PRIMARY KEY,
  outbreak_id bigint NOT NULL REFERENCES epi_outbreaks(id) ON DELETE CASCADE,
  code text NOT NULL,
  name text NOT NULL,
  place_kind text NOT NULL DEFAULT 'other',
  lon double precision,
  lat double precision,
  UNIQUE (outbreak_id, code)
);

-- Cases and contacts (a contact who becomes a case keeps its row and code).
CREATE TABLE epi_persons (
  id bigserial PRIMARY KEY,
  outbreak_id bigint NOT NULL REFERENCES epi_outbreaks(id) ON DELETE CASCADE,
  code text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('case', 'contact')),
  -- identity: AES-256-GCM, bound to "epi_persons.<field>:<id>"
  name_enc text,
  phone_enc text,
  id_number_enc text,
  address_enc text,
  sex text CHECK (sex IN ('male', 'female', 'other')),
  age int CHECK (age BETWEEN 0 AND 130),
  ward_code text,
  residential_group text,
  household_key text,
  workplace_key text,
  lon double precision,
  lat double precision,
  classification text,
  onset_on date,
  onset_approximate boolean NOT NULL DEFAULT false,
  infection_on date,
  became_case_on date,
  confirmed_on date,
  was_contact boolean NOT NULL DEFAULT false,
  community boolean NOT NULL DEFAULT true,
  treatment_place text CHECK (treatment_place IN ('home', 'ward_station', 'mobile_station', 'hospital')),
  severity text CHECK (severity IN ('mild', 'moderate', 'severe', 'critical')),
  outcome text CHECK (outcome IN ('active', 'recovered', 'died')),
  outcome_on date,
  vaccine_doses int NOT NULL DEFAULT 0 CHECK (vaccine_doses BETWEEN 0 AND 10),
  risk_level text CHECK (risk_level IN ('low', 'medium', 'high')),
  follow_up_from date,
  follow_up_to date,
  follow_up_status text CHECK (follow_up_status IN ('under_follow_up', 'completed', 'lost', 'became_case', 'stopped')),
  team_id bigint REFERENCES epi_teams(id) ON DELETE SET NULL,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  synthetic boolean NOT NULL DEFAULT false,
  anonymised_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (outbreak_id, code)
);
CREATE INDEX epi_persons_confirmed ON epi_persons (ward_code, confirmed_on) WHERE kind = 'case';
CREATE INDEX epi_persons_outbreak_kind ON epi_persons (outbreak_id, kind);

-- Relationships (exposures): source → target. Transmission chains are their graph.
CREATE TABLE epi_relationships (
  id bigserial PRIMARY KEY,
  outbreak_id bigint NOT NULL REFERENCES epi_outbreaks(id) ON DELETE CASCADE,
  source_id bigint NOT NULL REFERENCES epi_persons(id) ON DELETE CASCADE,
  target_id bigint NOT NULL REFERENCES epi_persons(id) ON DELETE CASCADE,
  contact_on date NOT NULL,
  contact_date_estimated boolean NOT NULL DEFAULT false,
  certainty text NOT NULL CHECK (certainty IN ('low', 'medium', 'high')),
  exposure_type text NOT NULL CHECK (exposure_type IN ('household', 'workplace', 'community', 'healthcare', 'travel', 'other')),
  cluster_id bigint REFERENCES epi_clusters(id) ON DELETE SET NULL,
  UNIQUE (source_id, target_id),
  CHECK (source_id <> target_id)
);
CREATE INDEX epi_relationships_target ON epi_relationships (target_id);
CREATE INDEX epi_relationships_outbreak ON epi_relationships (outbreak_id);

CREATE TABLE epi_follow_ups (
  id bigserial PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES epi_persons(id) ON DELETE CASCADE,
  due_on date NOT NULL,
  day_index int NOT NULL,
  seq int NOT NULL DEFAULT 1,
  team_id bigint REFERENCES epi_teams(id) ON DELETE SET NULL,
  status text NOT NULL DEFAULT 'due' CHECK (status IN ('due', 'seen_ok', 'seen_symptomatic', 'missed', 'cancelled')),
  visited_at timestamptz,
  answers jsonb NOT NULL DEFAULT '{}'::jsonb,
  UNIQUE (person_id, due_on, seq)
);
CREATE INDEX epi_follow_ups_team_day ON epi_follow_ups (team_id, due_on);

CREATE TABLE epi_lab_results (
  id bigserial PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES epi_persons(id) ON DELETE CASCADE,
  sampled_on date NOT NULL,
  result_on date,
  sample_type text NOT NULL DEFAULT 'nasopharyngeal_swab',
  test_type text NOT NULL DEFAULT 'rt_pcr',
  result text NOT NULL CHECK (result IN ('pending', 'positive', 'negative', 'inconclusive')),
  lab text
);
CREATE INDEX epi_lab_results_day ON epi_lab_results (sampled_on);

-- Calls of the home-care hotline (1022 branch 3) logged against a case.
CREATE TABLE epi_calls (
  id bigserial PRIMARY KEY,
  person_id bigint NOT NULL REFERENCES epi_persons(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  line text NOT NULL,
  reason text NOT NULL,
  note text,
  created_by text NOT NULL
);

-- Level rules: a versioned table. A code (4800, 218) names a decision; each edit is a revision.
CREATE TABLE epi_level_rules (
  id bigserial PRIMARY KEY,
  code text NOT NULL,
  revision int NOT NULL,
  disease text NOT NULL,
  title_vi text NOT NULL,
  title_en text NOT NULL,
  valid_from date NOT NULL,
  rules jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  UNIQUE (code, revision)
);

-- Each rating keeps the figures it was computed from and the rule revision.
CREATE TABLE epi_ward_levels (
  ward_code text NOT NULL,
  week_start date NOT NULL,
  rule_code text NOT NULL,
  rule_revision int NOT NULL,
  level int NOT NULL CHECK (level BETWEEN 1 AND 4),
  figures jsonb NOT NULL,
  computed_at timestamptz NOT NULL,
  PRIMARY KEY (ward_code, week_start, rule_code)
);

-- Population of each ward by age group (denominators).
CREATE TABLE epi_populations (
  ward_code text NOT NULL,
  age_group text NOT NULL CHECK (age_group IN ('0-11', '12-17', '18-49', '50-64', '65+')),
  population int NOT NULL CHECK (population >= 0),
  source text NOT NULL,
  PRIMARY KEY (ward_code, age_group)
);

-- Cumulative vaccination by ward, age group and day.
CREATE TABLE epi_vaccinations (
  ward_code text NOT NULL,
  age_group text NOT NULL,
  on_date date NOT NULL,
  dose1 int NOT NULL CHECK (dose1 >= 0),
  full_dose int NOT NULL CHECK (full_dose >= 0),
  PRIMARY KEY (ward_code, age_group, on_date)
);

-- Daily capacity of ward stations, mobile medical stations and field hospitals.
CREATE TABLE epi_capacity (
  station_code text NOT NULL,
  station_name text NOT NULL,
  station_kind text NOT NULL CHECK (station_kind IN ('ward_station', 'mobile_station', 'field_hospital', 'hospital')),
  ward_code text NOT NULL,
  on_date date NOT NULL,
  beds int NOT NULL CHECK (beds >= 0),
  beds_used int NOT NULL CHECK (beds_used >= 0),
  icu int NOT NULL DEFAULT 0 CHECK (icu >= 0),
  icu_used int NOT NULL DEFAULT 0 CHECK (icu_used >= 0),
  oxygen int NOT NULL DEFAULT 0 CHECK (oxygen >= 0),
  oxygen_available int NOT NULL DEFAULT 0 CHECK (oxygen_available >= 0),
  reported_by text NOT NULL,
  PRIMARY KEY (station_code, on_date)
);

-- Lockdown points and quarantine zones (and exposure places) with dates.
CREATE TABLE epi_zones (
  id bigserial PRIMARY KEY,
  outbreak_id bigint REFERENCES epi_outbreaks(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('lockdown', 'quarantine', 'exposure_place')),
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date,
  geom geometry(MultiPolygon, 4326) NOT NULL,
  created_by text NOT NULL
);
CREATE INDEX epi_zones_geom ON epi_zones USING gist (geom);

-- Green classification rules per kind of subject (configurable) and certificates.
CREATE TABLE epi_green_rules (
  subject_kind text PRIMARY KEY CHECK (subject_kind IN ('residential_group', 'household', 'business')),
  clear_days int NOT NULL CHECK (clear_days BETWEEN 1 AND 60),
  certificate_days int NOT NULL CHECK (certificate_days BETWEEN 1 AND 365),
  updated_by text NOT NULL
);
CREATE TABLE epi_green_certificates (
  token text PRIMARY KEY,
  subject_kind text NOT NULL,
  subject_key text NOT NULL,
  -- What the public page shows: a business or group name, never a person's.
  public_label text NOT NULL,
  ward_code text,
  issued_on date NOT NULL,
  valid_until date NOT NULL,
  revoked boolean NOT NULL DEFAULT false,
  issued_by text NOT NULL
);

-- Welfare (an sinh): no household served twice in a round.
CREATE TABLE epi_welfare_rounds (
  id bigserial PRIMARY KEY,
  name text NOT NULL,
  starts_on date NOT NULL,
  ends_on date
);
CREATE TABLE epi_welfare_deliveries (
  id bigserial PRIMARY KEY,
  round_id bigint NOT NULL REFERENCES epi_welfare_rounds(id) ON DELETE CASCADE,
  household_key text NOT NULL,
  ward_code text,
  delivered_on date NOT NULL,
  package text NOT NULL,
  delivered_by text NOT NULL,
  UNIQUE (round_id, household_key)
);

-- The purpose of every export of personal data.
CREATE TABLE epi_exports (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL,
  username text NOT NULL,
  outbreak_id bigint,
  purpose text NOT NULL,
  rows int NOT NULL,
  identities boolean NOT NULL
);

-- What other modules may read: the ward levels and case counts, no identity.
CREATE VIEW v_epi_ward_levels AS
  SELECT ward_code, week_start, rule_code, rule_revision, level, figures, computed_at FROM epi_ward_levels;
