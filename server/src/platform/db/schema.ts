// Kysely table types: generated from the migrated database (schema.generated.ts, written by
// scripts/schema-types.ts and checked by `npm test`), covering every table and published view.
export type { DB } from './schema.generated.ts';
export type * from './schema.generated.ts';
