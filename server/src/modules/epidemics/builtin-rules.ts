// Built-in data of the epidemics module: the level rule sets of Decision 4800 (the 2021
// default) and Decision 218 (its successor) as revision 1, and the green classification rules.
// Inserted once; later edits are new revisions (data), never overwritten here.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import { epidemicsRepository } from './epidemics.repository.ts';
import { RULES_218, RULES_4800 } from './epidemics.rules.ts';

export const BUILT_IN_RULE_SETS = [
  { code: '4800', titleVi: 'Quyết định 4800/QĐ-BYT (12/10/2021) – cách TP.HCM áp dụng', titleEn: 'Decision 4800/QĐ-BYT (12/10/2021) – as HCMC applied it', validFrom: '2021-01-01', rules: RULES_4800 },
  { code: '218', titleVi: 'Quyết định 218/QĐ-BYT (27/1/2022)', titleEn: 'Decision 218/QĐ-BYT (27/1/2022)', validFrom: '2022-01-27', rules: RULES_218 },
] as const;

export async function seedBuiltInRules(db: Kysely<DB>): Promise<void> {
  const repo = epidemicsRepository(db);
  for (const r of BUILT_IN_RULE_SETS) await repo.insertRuleSetOnce({ ...r, disease: 'covid-19' });
  await repo.insertDefaultGreenRules(7, 30);
}
