// Users, units and credentials: the only code of the auth module that touches SQL.
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/database.ts';

export function authRepository(db: Kysely<DB>) {
  return {
    findUserByUsername(username: string) {
      return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    },
    findUserById(id: number) {
      return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    },
    totpOf(userId: number) {
      return db.selectFrom('user_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
    },
    /** Starts (or restarts) an enrolment: a new secret, not yet enabled. */
    async startTotp(userId: number, secret: string): Promise<void> {
      await db
        .insertInto('user_totp')
        .values({ user_id: userId, secret, enabled_at: null, last_step: null, recovery_hashes: [] })
        .onConflict((oc) => oc.column('user_id').doUpdateSet({ secret, enabled_at: null, last_step: null, recovery_hashes: [], created_at: sql<Date>`now()` }))
        .execute();
    },
    /** Every stored second-factor secret (the start-up encrypts those stored in clear by older versions). */
    allTotpSecrets() {
      return db.selectFrom('user_totp').select(['user_id', 'secret']).orderBy('user_id').execute();
    },
    async setTotpSecret(userId: number, secret: string): Promise<void> {
      await db.updateTable('user_totp').set({ secret }).where('user_id', '=', userId).execute();
    },
    async enableTotp(userId: number, at: Date, step: number, recoveryHashes: string[]): Promise<void> {
      await db.updateTable('user_totp').set({ enabled_at: at, last_step: step, recovery_hashes: recoveryHashes }).where('user_id', '=', userId).execute();
    },
    /** Accepts a step once: false when this step (or a later one) was already used. */
    async useTotpStep(userId: number, step: number): Promise<boolean> {
      const r = await db
        .updateTable('user_totp')
        .set({ last_step: step })
        .where('user_id', '=', userId)
        .where((eb) => eb.or([eb('last_step', 'is', null), eb('last_step', '<', step)]))
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    /** Consumes a recovery code: false when it is not (or no longer) one of the user's. */
    async useRecoveryHash(userId: number, hash: string): Promise<boolean> {
      const r = await db
        .updateTable('user_totp')
        .set({ recovery_hashes: sql<string[]>`array_remove(recovery_hashes, ${hash})` })
        .where('user_id', '=', userId)
        .where(sql<boolean>`${hash} = any(recovery_hashes)`)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async deleteTotp(userId: number): Promise<boolean> {
      const r = await db.deleteFrom('user_totp').where('user_id', '=', userId).executeTakeFirst();
      return Number(r.numDeletedRows) === 1;
    },
    listUsers() {
      return db.selectFrom('users').selectAll().orderBy('id').execute();
    },
    /** Ids of the accounts whose second factor is on. */
    async secondFactorUserIds(): Promise<Set<number>> {
      return new Set((await db.selectFrom('user_totp').select('user_id').where('enabled_at', 'is not', null).execute()).map((r) => r.user_id));
    },
    async insertUser(u: {
      username: string;
      displayName: string;
      role: string;
      unitId: number | null;
      passwordHash: string | null;
      passwordIsDemo: boolean;
      secondFactorRequired?: boolean;
    }): Promise<number> {
      const r = await db
        .insertInto('users')
        .values({
          username: u.username,
          display_name: u.displayName,
          role: u.role,
          unit_id: u.unitId,
          password_hash: u.passwordHash,
          password_is_demo: u.passwordIsDemo,
          second_factor_required: u.secondFactorRequired ?? false,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async updateUser(
      id: number,
      patch: Partial<{ display_name: string; role: string; unit_id: number | null; disabled: boolean; password_hash: string; password_is_demo: boolean; second_factor_required: boolean }>,
    ): Promise<void> {
      await db.updateTable('users').set(patch).where('id', '=', id).execute();
    },
    async setUserAreas(userId: number, areaIds: number[]): Promise<void> {
      await db.deleteFrom('user_areas').where('user_id', '=', userId).execute();
      if (areaIds.length) {
        await db
          .insertInto('user_areas')
          .values(areaIds.map((area_id) => ({ user_id: userId, area_id })))
          .execute();
      }
    },
    userAreas(userId: number) {
      return db
        .selectFrom('user_areas')
        .innerJoin('v_areas', 'v_areas.id', 'user_areas.area_id')
        .select(['v_areas.id', 'v_areas.code', 'v_areas.name_vi', 'v_areas.valid_from'])
        .where('user_areas.user_id', '=', userId)
        .orderBy('v_areas.code')
        .execute();
    },
    unitById(id: number) {
      return db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
    },
    unitByCode(code: string) {
      return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
    },
    listUnits() {
      return db.selectFrom('units').selectAll().orderBy('code').execute();
    },
    async upsertUnit(u: { code: string; nameVi: string; nameEn: string }): Promise<number> {
      const r = await db
        .insertInto('units')
        .values({ code: u.code, name_vi: u.nameVi, name_en: u.nameEn })
        .onConflict((oc) => oc.column('code').doUpdateSet({ name_vi: u.nameVi, name_en: u.nameEn }))
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    async insertCredential(c: {
      kind: 'session' | 'api';
      userId: number;
      name: string | null;
      tokenHash: string;
      expiresAt: Date | null;
      scope?: 'read' | 'full';
    }): Promise<number> {
      const r = await db
        .insertInto('credentials')
        .values({ kind: c.kind, user_id: c.userId, name: c.name, token_hash: c.tokenHash, expires_at: c.expiresAt, scope: c.scope ?? 'full' })
        .returning('id')
        .executeTakeFirstOrThrow();
      return r.id;
    },
    /** The live credential with this hash and its active user, or undefined. */
    findActiveCredential(hash: string, now: Date) {
      return db
        .selectFrom('credentials')
        .innerJoin('users', 'users.id', 'credentials.user_id')
        .select([
          'credentials.id as credential_id',
          'credentials.kind',
          'credentials.scope',
          'credentials.last_used_at',
          'users.id as user_id',
          'users.username',
          'users.role',
          'users.unit_id',
          // The account's areas travel with the principal, so no other module reads user_areas.
          sql<number[]>`array(select ua.area_id from user_areas ua where ua.user_id = users.id order by 1)`.as('area_ids'),
          'users.second_factor_required',
          sql<boolean>`exists(select 1 from user_totp t where t.user_id = users.id and t.enabled_at is not null)`.as('second_factor_on'),
        ])
        .where('credentials.token_hash', '=', hash)
        .where('credentials.revoked_at', 'is', null)
        .where((eb) => eb.or([eb('credentials.expires_at', 'is', null), eb('credentials.expires_at', '>', now)]))
        .where('users.disabled', '=', false)
        .executeTakeFirst();
    },
    async touchCredential(id: number, now: Date): Promise<void> {
      await db.updateTable('credentials').set({ last_used_at: now }).where('id', '=', id).execute();
    },
    async revokeCredential(id: number, now: Date): Promise<void> {
      await db.updateTable('credentials').set({ revoked_at: now }).where('id', '=', id).where('revoked_at', 'is', null).execute();
    },
    /** Revokes a user's active credentials of the given kinds; returns how many. */
    async revokeUserCredentials(userId: number, kinds: ('session' | 'api')[], now: Date, except: number | undefined): Promise<number> {
      let q = db
        .updateTable('credentials')
        .set({ revoked_at: now })
        .where('user_id', '=', userId)
        .where('kind', 'in', kinds)
        .where('revoked_at', 'is', null);
      if (except !== undefined) q = q.where('id', '<>', except);
      const r = await q.executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    listApiTokens(userId: number | null) {
      let q = db
        .selectFrom('credentials')
        .innerJoin('users', 'users.id', 'credentials.user_id')
        .select([
          'credentials.id',
          'credentials.name',
          'credentials.created_at',
          'credentials.expires_at',
          'credentials.last_used_at',
          'credentials.revoked_at',
          'credentials.scope',
          'users.username',
        ])
        .where('credentials.kind', '=', 'api')
        .orderBy('credentials.id');
      if (userId !== null) q = q.where('credentials.user_id', '=', userId);
      return q.execute();
    },
    findCredential(id: number) {
      return db.selectFrom('credentials').selectAll().where('id', '=', id).executeTakeFirst();
    },
    demoPasswordUsers() {
      return db
        .selectFrom('users')
        .select('username')
        .where('password_is_demo', '=', true)
        .where('disabled', '=', false)
        .execute();
    },
    async countAdmins(): Promise<number> {
      const r = await sql<{ n: number }>`select count(*) as n from users where role = 'admin' and not disabled`.execute(db);
      return r.rows[0]?.n ?? 0;
    },
    /** Creates the units that are missing (by code); existing units are left as they are. */
    async ensureUnits(units: readonly { code: string; nameVi: string; nameEn: string }[]): Promise<void> {
      for (const u of units) {
        await db
          .insertInto('units')
          .values({ code: u.code, name_vi: u.nameVi, name_en: u.nameEn })
          .onConflict((oc) => oc.column('code').doNothing())
          .execute();
      }
    },
  };
}

export type AuthRepository = ReturnType<typeof authRepository>;
