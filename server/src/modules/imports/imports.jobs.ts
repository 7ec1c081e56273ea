// The import queue: one job at a time inside the server. A job reads its file (kept in the
// database), validates every row, then writes batch after batch, each batch in one
// transaction together with its rejected rows and the job's counters — so a batch is
// written whole or not at all, and a job stopped half-way resumes at the next batch.
import type { AppContext } from '../../platform/context.ts';
import { recordsImport } from '../datasets/index.ts';
import { territoryChecker } from '../areas/index.ts';
import { ImportFileError, type ParsedFile } from './parsing/index.ts';
import { rowLocator, rowPreparer, type RowOutcome } from './import-rows.ts';
import { importsRepository, type BatchCounts, type RejectRow, type RowNote } from './imports.repository.ts';
import { importSettings, parseUpload, rejectCells } from './imports.service.ts';
import { SYSTEM_ACTOR } from '../../platform/actor.ts';

export class ImportQueue {
  private running: Promise<void> | null = null;
  private stopping = false;
  private again = false;
  /** Files parsed at upload, so a job does not parse them twice (lost at restart: then re-read from the database). */
  private readonly parsed = new Map<number, ParsedFile>();

  constructor(private readonly ctx: AppContext) {}

  remember(jobId: number, file: ParsedFile): void {
    this.parsed.set(jobId, file);
  }

  /** Starts working through queued jobs unless already at it. */
  kick(): void {
    if (this.stopping) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain().finally(() => {
      this.running = null;
      if (this.again && !this.stopping) {
        this.again = false;
        this.kick();
      }
    });
  }

  /** Resolves when no job is being worked on (tests, benchmarks). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Finishes the current batch and stops; the job stays 'running' and is resumed at next start. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.running;
  }

  private async drain(): Promise<void> {
    const repo = importsRepository(this.ctx.db.kysely);
    for (;;) {
      if (this.stopping) return;
      let jobId: number | undefined;
      try {
        jobId = await repo.claimNext();
      } catch (e) {
        this.ctx.log.error({ err: e }, 'import queue: cannot claim a job');
        return;
      }
      if (jobId === undefined) return;
      try {
        await this.run(jobId);
      } catch (e) {
        const message = e instanceof ImportFileError || (e as { statusCode?: number }).statusCode ? (e as Error).message : `internal error: ${(e as Error).message}`;
        this.ctx.log.error({ err: e, jobId }, 'import job failed');
        await this.finish(jobId, 'failed', message).catch((err: unknown) => this.ctx.log.error({ err, jobId }, 'cannot mark import job failed'));
      } finally {
        this.parsed.delete(jobId);
      }
    }
  }

  private async run(jobId: number): Promise<void> {
    const { ctx } = this;
    const db = ctx.db.kysely;
    const repo = importsRepository(db);
    const settings = importSettings(ctx);
    const job = await repo.getJob(jobId);
    if (!job) return;
    const decl = await repo.datasetDeclaration(job.dataset_id);
    if (!decl) throw new Error(`dataset ${job.dataset_id} no longer exists`);
    let file = this.parsed.get(jobId);
    if (!file) {
      const content = await repo.fileOf(jobId);
      if (!content) throw new Error('the uploaded file is missing');
      file = await parseUpload({ bytes: content, fileName: job.file_name }, { sheet: job.sheet }, Math.max(settings.maxBytes, job.file_size), settings.readLimits);
    }
    const parsed = file;
    const total = parsed.rows.length;
    const size = settings.batchSize;
    const prepare = rowPreparer(decl, parsed, job.mapping, job.crs ?? undefined);
    // Positions against the territory and the ward each row names (one query per batch).
    const locate = rowLocator(territoryChecker(db, settings.territoryMarginM));
    const next = (from: number, to: number): Promise<RowOutcome[]> => locate(decl, prepare(from, to), job.mapping);
    // Rows before the resume point are only validated again to know their natural keys.
    if (job.processed > 0) prepare(0, Math.min(job.processed, total));
    let start = job.processed;
    let batch = start < total ? await next(start, start + size) : [];
    await repo.setStarted(jobId, { total, format: parsed.format, sheet: parsed.sheet ?? null });
    // Rows the table reader set aside (the title block, blank rows inside the table): reported once.
    if (job.processed === 0 && parsed.notData?.length) {
      await repo.addNotes(jobId, parsed.notData.map((n) => ({ row_number: n.rowNumber, kind: 'skipped', code: n.code, params: {} })));
      await repo.addProgress(jobId, { processed: 0, accepted: 0, rejected: 0, inserted: 0, updated: 0, unchanged: 0, skipped: parsed.notData.length });
    }
    while (start < total) {
      if (this.stopping) return;
      const end = Math.min(start + size, total);
      const good = batch.filter((o) => o.ok);
      const rejects: RejectRow[] = [];
      const notes: RowNote[] = [];
      let flagged = 0;
      let repaired = 0;
      batch.forEach((o, j) => {
        if (!o.ok && o.skipped) notes.push({ row_number: o.rowNumber, kind: 'skipped', code: o.skipped, params: {} });
        else if (!o.ok) rejects.push({ row_number: o.rowNumber, cells: rejectCells(parsed, start + j, job.mapping), reasons: o.reasons });
        else if (o.flags?.length) {
          if (o.repaired) repaired++;
          else flagged++;
          for (const f of o.flags) notes.push({ row_number: o.rowNumber, kind: f.code === 'swapped_coordinates_repaired' ? 'repaired' : 'flagged', code: f.code, params: f.params ?? {} });
        }
      });
      const skipped = batch.length - good.length - rejects.length;
      const counts = { processed: batch.length, accepted: good.length, rejected: rejects.length, skipped, flagged, repaired };
      const writing = db.transaction().execute(async (tx) => {
        const written = await recordsImport.upsertImportedRecords(
          tx,
          decl,
          good.map((o) => (o.ok ? { props: o.props, geometry: o.geometry, flags: o.flags } : { props: {}, geometry: null })),
          { actor: job.created_by, actorId: job.created_by_id, dryRun: job.dry_run },
        );
        const t = importsRepository(tx);
        await t.addRejects(jobId, rejects);
        await t.addNotes(jobId, notes);
        const c: BatchCounts = { ...counts, ...written };
        await t.addProgress(jobId, c);
      });
      // Validate the next batch while the database writes this one (the embedded engine runs
      // in a worker thread, PostgreSQL in its own process).
      let upcoming: Promise<RowOutcome[]> = Promise.resolve([]);
      if (end < total) upcoming = next(end, end + size);
      upcoming.catch(() => undefined);
      await writing;
      start = end;
      batch = await upcoming;
      // Let HTTP requests (progress polls) in between batches.
      await new Promise((r) => setImmediate(r));
    }
    await this.finish(jobId, 'done', null);
  }

  private async finish(jobId: number, status: 'done' | 'failed', error: string | null): Promise<void> {
    const repo = importsRepository(this.ctx.db.kysely);
    await repo.finish(jobId, status, error);
    const job = await repo.getJob(jobId);
    if (!job) return;
    await this.ctx.audit.record(SYSTEM_ACTOR,
      {
        action: status === 'done' ? 'import.done' : 'import.failed',
        targetType: 'dataset',
        targetId: job.dataset_id,
        details: { jobId, dryRun: job.dry_run, total: job.total, inserted: job.inserted, updated: job.updated, unchanged: job.unchanged, rejected: job.rejected, error },
      },
      { id: job.created_by_id, name: job.created_by },
    );
    this.ctx.events.emit('import.finished', {
      jobId, datasetId: job.dataset_id, status, dryRun: job.dry_run,
      inserted: job.inserted, updated: job.updated, unchanged: job.unchanged, rejected: job.rejected,
    });
  }
}

