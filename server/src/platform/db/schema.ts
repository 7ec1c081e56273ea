// Kysely table types for the foundation tables. Spatial columns are read through SQL
// functions (ST_AsGeoJSON), so they are typed as opaque strings here.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;

export interface UnitsTable {
  id: Generated<number>;
  code: string;
  name_vi: string;
  name_en: string;
  created_at: Generated<Date>;
}

export interface AreasTable {
  id: Generated<number>;
  code: string;
  scheme: string;
  name_vi: string;
  name_en: string;
  level: string;
  parent_id: number | null;
  valid_from: string;
  valid_to: string | null;
  approximate: Generated<boolean>;
  properties: ColumnType<Record<string, unknown>, string | undefined, string>;
  geom: string;
  area_km2: number;
}

export interface AreaLineageTable {
  predecessor_id: number;
  successor_id: number;
  whole: boolean;
  effective_date: string;
  legal_basis: string | null;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: string;
  unit_id: number | null;
  password_hash: string | null;
  password_is_demo: Generated<boolean>;
  disabled: Generated<boolean>;
  created_at: Generated<Date>;
}

export interface UserAreasTable {
  user_id: number;
  area_id: number;
}

export interface CredentialsTable {
  id: Generated<number>;
  kind: 'session' | 'api';
  user_id: number;
  name: string | null;
  token_hash: string;
  created_at: Generated<Date>;
  expires_at: Timestamp | null;
  last_used_at: Timestamp | null;
  revoked_at: Timestamp | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_id: number | null;
  actor: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: ColumnType<Record<string, unknown>, string | undefined, string>;
  ip: string | null;
}

export interface AppStateTable {
  key: string;
  value: ColumnType<unknown, string, string>;
  updated_at: Generated<Date>;
}

export interface SchemaMigrationsTable {
  version: string;
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface DB {
  units: UnitsTable;
  areas: AreasTable;
  area_lineage: AreaLineageTable;
  users: UsersTable;
  user_areas: UserAreasTable;
  credentials: CredentialsTable;
  audit_log: AuditLogTable;
  app_state: AppStateTable;
  schema_migrations: SchemaMigrationsTable;
}
