// SQL of the imports module: jobs, their files, rejected rows and saved mappings.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { ImportMapping, RowReason } from './import-rows.ts';
import type { DatasetDecl } from '../datasets/index.ts';

type Db = Kysely<DB> | Transaction<DB>;

export type JobStatus = 'queued' | 'running' | 'done' | 'failed';

export interface JobRow {
  id: number;
  dataset_id: string;
  file_name: string;
  file_size: number;
  format: string | null;
  sheet: string | null;
  crs: string | null;
  headers: string[];
  mapping: ImportMapping;
  dry_run: boolean;
  status: JobStatus;
  total: number | null;
  processed: number;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped: number;
  flagged: number;
  repaired: number;
  error: string | null;
  errors: { column: string | null; message: string; count: number }[];
  created_by: string;
  created_by_id: number | null;
  created_at: Date;
  started_at: Date | null;
  finished_at: Date | null;
}

export interface RejectRow {
  row_number: number;
  cells: Record<string, unknown>;
  reasons: RowReason[];
}

export interface BatchCounts {
  processed: number;
  accepted: number;
  rejected: number;
  inserted: number;
  updated: number;
  unchanged: number;
  skipped?: number;
  flagged?: number;
  repaired?: number;
}

/** A row that is not data (skipped), or accepted with a flag or a repair. */
export interface RowNote {
  row_number: number;
  kind: 'skipped' | 'flagged' | 'repaired';
  code: string;
  params: Record<string, string | number>;
}

const JOB_COLUMNS = sql`id, dataset_id, file_name, file_size, format, sheet, crs, headers, mapping, dry_run, status, total, processed, accepted,
  rejected, inserted, updated, unchanged, skipped, flagged, repaired, error, errors, created_by, created_by_id, created_at, started_at, finished_at`;

export function importsRepository(db: Db) {
  return {
    /** The declaration of a dataset (the datasets module's published view), or undefined. */
    async datasetDeclaration(id: string): Promise<DatasetDecl | undefined> {
      const r = await db.selectFrom('v_datasets').select('declaration').where('id', '=', id).executeTakeFirst();
      return r?.declaration as DatasetDecl | undefined;
    },

    async createJob(j: {
      datasetId: string; fileName: string; content: Uint8Array; format: string | null; sheet: string | null; crs: string | null; headers: string[];
      mapping: ImportMapping; dryRun: boolean; actor: string; actorId: number | null;
    }): Promise<number> {
      const r = await sql<{ id: number }>`
        insert into import_jobs (dataset_id, file_name, file_size, format, sheet, crs, headers, mapping, dry_run, created_by, created_by_id)
        values (${j.datasetId}, ${j.fileName}, ${j.content.byteLength}, ${j.format}, ${j.sheet}, ${j.crs}, ${JSON.stringify(j.headers)}::jsonb, ${JSON.stringify(j.mapping)}::jsonb,
                ${j.dryRun}, ${j.actor}, ${j.actorId})
        returning id`.execute(db);
      const id = r.rows[0]!.id;
      // Sent as base64 text: the embedded engine's bytea parameter encoding is byte by byte
      // (about 2 s for a 2.6 MB file); decode() in SQL is instant on both engines.
      const b64 = Buffer.from(j.content.buffer, j.content.byteOffset, j.content.byteLength).toString('base64');
      await sql`insert into import_files (job_id, content) values (${id}, decode(${b64}, 'base64'))`.execute(db);
      return id;
    },

    async getJob(id: number): Promise<JobRow | undefined> {
      const r = await sql<JobRow>`select ${JOB_COLUMNS} from import_jobs where id = ${id}`.execute(db);
      return r.rows[0];
    },

    async listJobs(datasetId: string, limit: number): Promise<JobRow[]> {
      const r = await sql<JobRow>`select ${JOB_COLUMNS} from import_jobs where dataset_id = ${datasetId} order by id desc limit ${limit}`.execute(db);
      return r.rows;
    },

    async fileOf(jobId: number): Promise<Uint8Array | undefined> {
      const r = await sql<{ content: string }>`select encode(content, 'base64') as content from import_files where job_id = ${jobId}`.execute(db);
      const b64 = r.rows[0]?.content;
      return b64 === undefined ? undefined : new Uint8Array(Buffer.from(b64.replace(/\s+/g, ''), 'base64'));
    },

    /** Takes the oldest queued job (skipping one another server holds). */
    async claimNext(): Promise<number | undefined> {
      const r = await sql<{ id: number }>`
        update import_jobs set status = 'running', started_at = coalesce(started_at, now())
        where id = (select id from import_jobs where status = 'queued' order by id limit 1 for update skip locked)
        returning id`.execute(db);
      return r.rows[0]?.id;
    },

    /** At start: jobs a stopped server left running go back to the queue (they resume at `processed`). */
    /** Uploaded files of jobs that ended before `before` (a running or queued job keeps its file to resume). */
    async deleteFilesOfJobsEndedBefore(before: Date): Promise<number> {
      const r = await db.deleteFrom('import_files')
        .where('job_id', 'in', (eb) => eb.selectFrom('import_jobs').select('id').where('status', 'in', ['done', 'failed']).where('finished_at', '<', before))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    /** Rejected rows (with their cells, which may hold personal data) of jobs that ended before `before`. */
    async deleteRejectsOfJobsEndedBefore(before: Date): Promise<number> {
      const r = await db.deleteFrom('import_rejects')
        .where('job_id', 'in', (eb) => eb.selectFrom('import_jobs').select('id').where('status', 'in', ['done', 'failed']).where('finished_at', '<', before))
        .executeTakeFirst();
      return Number(r.numDeletedRows);
    },

    async requeueRunning(): Promise<number> {
      const r = await sql<{ id: number }>`update import_jobs set status = 'queued' where status = 'running' returning id`.execute(db);
      return r.rows.length;
    },

    async setStarted(id: number, p: { total: number; format: string; sheet: string | null }): Promise<void> {
      await sql`update import_jobs set total = ${p.total}, format = ${p.format}, sheet = coalesce(${p.sheet}, sheet) where id = ${id}`.execute(db);
    },

    async addProgress(id: number, c: BatchCounts): Promise<void> {
      await sql`update import_jobs set processed = processed + ${c.processed}, accepted = accepted + ${c.accepted},
        rejected = rejected + ${c.rejected}, inserted = inserted + ${c.inserted}, updated = updated + ${c.updated},
        unchanged = unchanged + ${c.unchanged}, skipped = skipped + ${c.skipped ?? 0}, flagged = flagged + ${c.flagged ?? 0},
        repaired = repaired + ${c.repaired ?? 0}
        where id = ${id}`.execute(db);
    },

    async addNotes(jobId: number, notes: RowNote[]): Promise<void> {
      if (!notes.length) return;
      await sql`insert into import_row_notes (job_id, row_number, kind, code, params)
        select ${jobId}, t.n, t.k, t.c, t.p::jsonb
        from unnest(${notes.map((r) => r.row_number)}::int[], ${notes.map((r) => r.kind)}::text[], ${notes.map((r) => r.code)}::text[],
                    ${notes.map((r) => JSON.stringify(r.params))}::text[]) as t(n, k, c, p)
        on conflict (job_id, row_number, code) do nothing`.execute(db);
    },

    /** The report row by row: rejected rows (reasons) and notes (skipped, flagged, repaired), in file order. */
    async reportRows(jobId: number, limit: number, offset: number): Promise<{ row_number: number; outcome: string; reasons: unknown }[]> {
      const r = await sql<{ row_number: number; outcome: string; reasons: unknown }>`
        select row_number, outcome, reasons from (
          select row_number, 'rejected' as outcome, reasons from import_rejects where job_id = ${jobId}
          union all
          select row_number, max(kind) as outcome,
                 jsonb_agg(jsonb_build_object('code', code, 'params', params) order by code) as reasons
          from import_row_notes where job_id = ${jobId} group by row_number
        ) x order by row_number, outcome limit ${limit} offset ${offset}`.execute(db);
      return r.rows;
    },

    async addRejects(jobId: number, rows: RejectRow[]): Promise<void> {
      if (!rows.length) return;
      await sql`insert into import_rejects (job_id, row_number, cells, reasons)
        select ${jobId}, t.n, t.c::jsonb, t.r::jsonb
        from unnest(${rows.map((r) => r.row_number)}::int[], ${rows.map((r) => JSON.stringify(r.cells))}::text[],
                    ${rows.map((r) => JSON.stringify(r.reasons))}::text[]) as t(n, c, r)
        on conflict (job_id, row_number) do nothing`.execute(db);
    },

    async finish(id: number, status: 'done' | 'failed', error: string | null): Promise<void> {
      await sql`update import_jobs set status = ${status}, error = ${error}, finished_at = now(),
        errors = coalesce((
          select jsonb_agg(jsonb_build_object('column', e.col, 'message', e.msg, 'code', e.code, 'params', e.params, 'count', e.n) order by e.n desc, e.col)
          from (select x ->> 'column' as col, x ->> 'message' as msg, x ->> 'code' as code, (array_agg(x -> 'params'))[1] as params, count(*)::int as n
                from import_rejects j, jsonb_array_elements(j.reasons) x where j.job_id = ${id}
                group by 1, 2, 3 order by 5 desc limit 20) e), '[]'::jsonb)
        where id = ${id}`.execute(db);
    },

    async listRejects(jobId: number, limit: number, offset = 0): Promise<RejectRow[]> {
      const r = await sql<RejectRow>`select row_number, cells, reasons from import_rejects where job_id = ${jobId}
        order by row_number limit ${limit} offset ${offset}`.execute(db);
      return r.rows;
    },

    async saveMapping(m: { datasetId: string; signature: string; headers: string[]; mapping: ImportMapping; crs: string | null; actor: string }) {
      await sql`insert into import_mappings (dataset_id, signature, headers, mapping, crs, updated_by)
        values (${m.datasetId}, ${m.signature}, ${JSON.stringify(m.headers)}::jsonb, ${JSON.stringify(m.mapping)}::jsonb, ${m.crs}, ${m.actor})
        on conflict (dataset_id, signature) do update set headers = excluded.headers, mapping = excluded.mapping, crs = excluded.crs,
          updated_at = now(), updated_by = excluded.updated_by`.execute(db);
    },

    /** The mapping saved for exactly these headers, else the dataset's latest one. */
    async savedMapping(datasetId: string, signature: string) {
      const r = await sql<{ signature: string; mapping: ImportMapping; crs: string | null }>`
        select signature, mapping, crs from import_mappings where dataset_id = ${datasetId}
        order by (signature = ${signature}) desc, updated_at desc limit 1`.execute(db);
      const row = r.rows[0];
      return row ? { exact: row.signature === signature, mapping: row.mapping, crs: row.crs } : undefined;
    },

    async unitCodeOf(unitId: number | null): Promise<string | null> {
      if (unitId === null) return null;
      const r = await sql<{ code: string }>`select code from v_units where id = ${unitId}`.execute(db);
      return r.rows[0]?.code ?? null;
    },
  };
}

export type ImportsRepository = ReturnType<typeof importsRepository>;
