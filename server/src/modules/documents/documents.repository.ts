// The only SQL of the documents module: the register (documents, yearly counters), files and
// case files (migration 0019); units through auth's v_units.
import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../platform/db/database.ts';
import type { Documents } from '../../platform/db/schema.ts';
import { HttpError } from '../../platform/http/errors.ts';

export type DocumentRow = Selectable<Documents>;
export type NewDocument = Omit<DocumentRow, 'id' | 'search_vector' | 'register_number' | 'created_at' | 'updated_at' | 'synthetic'> & { register_number: number | null; at: Date };

export interface SearchFilter {
  /** to_tsquery text made of folded words only ([a-z0-9]), or null for a plain listing. */
  tsquery: string | null;
  direction?: 'incoming' | 'outgoing' | undefined;
  docType?: string | undefined;
  year?: number | undefined;
  caseFileId?: number | undefined;
  secretAllowed: boolean;
  limit: number;
  offset: number;
}

const FILE_COLUMNS = ['id', 'document_id', 'filename', 'media_type', 'bytes', 'sha256', 'text_source', 'created_at'] as const;

export function documentsRepository(db: Kysely<DB>) {
  return {
    async units() {
      return db.selectFrom('v_units').select(['id', 'code', 'name_vi', 'name_en']).orderBy('id').execute();
    },

    /** Incoming documents with the same số and ký hiệu (issuers compared by the caller, folded). */
    async sameNumber(number: string, notation: string): Promise<{ id: number; issuer: string; register_year: number }[]> {
      return db.selectFrom('documents').select(['id', 'issuer', 'register_year']).where('direction', '=', 'incoming')
        .where(sql<boolean>`lower(number) = lower(${number}) and lower(notation) = lower(${notation})`).execute();
    },

    /**
     * Registers a document and takes its number in the same transaction: the next of its
     * direction, year and series (from 1 each 1 January), or the given one when still free.
     */
    async insert(d: NewDocument): Promise<number> {
      return db.transaction().execute(async (tx) => {
        let n: number;
        if (d.register_number !== null) {
          const used = await tx.selectFrom('documents').select('id')
            .where('direction', '=', d.direction).where('register_year', '=', d.register_year).where('series', '=', d.series).where('register_number', '=', d.register_number)
            .executeTakeFirst();
          if (used) throw new HttpError(409, 'duplicate_number', `number ${d.register_number} of ${d.register_year} (${d.series} series) is already used by document ${used.id}`);
          await tx.insertInto('document_counters').values({ direction: d.direction, year: d.register_year, series: d.series, last_number: d.register_number })
            .onConflict((oc) => oc.columns(['direction', 'year', 'series']).doUpdateSet({ last_number: sql<number>`greatest(document_counters.last_number, excluded.last_number)` }))
            .execute();
          n = d.register_number;
        } else {
          const r = await tx.insertInto('document_counters').values({ direction: d.direction, year: d.register_year, series: d.series, last_number: 1 })
            .onConflict((oc) => oc.columns(['direction', 'year', 'series']).doUpdateSet({ last_number: sql<number>`document_counters.last_number + 1` }))
            .returning('last_number').executeTakeFirstOrThrow();
          n = r.last_number;
        }
        const { at, ...row } = d;
        const ins = await tx.insertInto('documents').values({
          ...row, number: row.number === '' ? String(n) : row.number, register_number: n, created_at: at, updated_at: at,
        }).returning('id').executeTakeFirstOrThrow();
        return Number(ins.id);
      });
    },

    async get(id: number): Promise<DocumentRow | undefined> {
      return db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async update(id: number, patch: Partial<DocumentRow>, at: Date): Promise<void> {
      await db.updateTable('documents').set({ ...patch, updated_at: at }).where('id', '=', id).execute();
    },

    async delete(id: number): Promise<boolean> {
      return (await db.deleteFrom('documents').where('id', '=', id).returning('id').execute()).length > 0;
    },

    async files(ids: number[]) {
      if (!ids.length) return [];
      return db.selectFrom('document_files').select([...FILE_COLUMNS, sql<number>`length(text_content)`.as('text_chars')])
        .where('document_id', 'in', ids).orderBy('id').execute();
    },

    /** The files' text of several documents, joined per document (search snippets). */
    async textsOf(ids: number[]): Promise<Map<number, string>> {
      if (!ids.length) return new Map();
      const r = await db.selectFrom('document_files').select(['document_id', sql<string>`string_agg(left(text_content, 200000), E'\n' order by id)`.as('text')])
        .where('document_id', 'in', ids).groupBy('document_id').execute();
      return new Map(r.map((x) => [Number(x.document_id), x.text]));
    },

    async fileTexts(id: number): Promise<string[]> {
      return (await db.selectFrom('document_files').select('text_content').where('document_id', '=', id).orderBy('id').execute()).map((r) => r.text_content);
    },

    /** Stores a file and the document's new search text together: both or neither. */
    async addFile(f: { documentId: number; filename: string; mediaType: string; sha256: string; data: Buffer; text: string; textSource: string; userId: number | null; at: Date }, searchFolded: string): Promise<number> {
      return db.transaction().execute(async (tx) => {
        const r = await tx.insertInto('document_files').values({
          document_id: f.documentId, filename: f.filename, media_type: f.mediaType, bytes: f.data.length, sha256: f.sha256, content: f.data,
          text_content: f.text, text_source: f.textSource, created_by: f.userId, created_at: f.at,
        }).returning('id').executeTakeFirstOrThrow();
        await tx.updateTable('documents').set({ search_folded: searchFolded, updated_at: f.at }).where('id', '=', f.documentId).execute();
        return Number(r.id);
      });
    },

    async fileContent(documentId: number, fileId: number) {
      return db.selectFrom('document_files').select(['filename', 'media_type', 'content', 'sha256']).where('document_id', '=', documentId).where('id', '=', fileId).executeTakeFirst();
    },

    async search(f: SearchFilter): Promise<{ rows: (DocumentRow & { rank: number | null })[]; total: number }> {
      const where = sql`(${f.direction ?? null}::text is null or d.direction = ${f.direction ?? null})
        and (${f.docType ?? null}::text is null or d.doc_type = ${f.docType ?? null})
        and (${f.year ?? null}::int is null or d.register_year = ${f.year ?? null})
        and (${f.caseFileId ?? null}::bigint is null or d.case_file_id = ${f.caseFileId ?? null})
        and (${f.secretAllowed} or d.series = 'regular')
        and (${f.tsquery}::text is null or d.search_vector @@ to_tsquery('simple', ${f.tsquery}))`;
      const rank = f.tsquery === null ? sql<number | null>`null::real` : sql<number>`ts_rank(d.search_vector, to_tsquery('simple', ${f.tsquery}))`;
      const rows = await sql<DocumentRow & { rank: number | null }>`select d.*, ${rank} as rank from documents d where ${where}
        order by ${f.tsquery === null ? sql`` : sql`rank desc,`} coalesce(d.arrival_date, d.issued_date) desc, d.id desc limit ${f.limit} offset ${f.offset}`.execute(db);
      const total = await sql<{ n: number }>`select count(*)::int as n from documents d where ${where}`.execute(db);
      return { rows: rows.rows, total: total.rows[0]?.n ?? 0 };
    },

    /** The plain SQL baseline of the benchmark: ILIKE over subject and file text, no index. */
    async searchIlike(term: string, limit: number): Promise<number> {
      const r = await sql<{ id: number }>`select d.id from documents d where d.subject ilike ${'%' + term + '%'}
        or exists (select 1 from document_files f where f.document_id = d.id and f.text_content ilike ${'%' + term + '%'}) order by d.id desc limit ${limit}`.execute(db);
      return r.rows.length;
    },

    async register(direction: 'incoming' | 'outgoing', year: number, secretAllowed: boolean) {
      return db.selectFrom('documents as d').leftJoin('v_units as u', 'u.id', 'd.handler_unit_id')
        .selectAll('d').select(['u.name_vi as handler_name'])
        .where('d.direction', '=', direction).where('d.register_year', '=', year)
        .$if(!secretAllowed, (q) => q.where('d.series', '=', 'regular'))
        .orderBy('d.series').orderBy('d.register_number').execute();
    },

    /** Demo documents that have no file yet (for the demo-document-files CLI step). */
    async demoWithoutFiles(limit: number): Promise<DocumentRow[]> {
      return db.selectFrom('documents as d').selectAll('d').where('d.synthetic', '=', true).where('d.series', '=', 'regular')
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('document_files as f').select('f.id').whereRef('f.document_id', '=', 'd.id'))))
        .orderBy('d.id', 'desc').limit(limit).execute();
    },

    async caseFiles() {
      return db.selectFrom('case_files as c').select(['c.id', 'c.code', 'c.title', 'c.year', 'c.maintenance',
        sql<number>`(select count(*)::int from documents d where d.case_file_id = c.id)`.as('document_count')]).orderBy('c.year', 'desc').orderBy('c.code').execute();
    },

    async caseFileExists(id: number): Promise<boolean> {
      return !!(await db.selectFrom('case_files').select('id').where('id', '=', id).executeTakeFirst());
    },

    async createCaseFile(c: { code: string; title: string; year: number; maintenance: string }): Promise<number> {
      const dup = await db.selectFrom('case_files').select('id').where('code', '=', c.code).executeTakeFirst();
      if (dup) throw new HttpError(409, 'duplicate_case_file', `case file code ${c.code} is already used`);
      return Number((await db.insertInto('case_files').values(c).returning('id').executeTakeFirstOrThrow()).id);
    },
  };
}

export type DocumentsRepository = ReturnType<typeof documentsRepository>;
