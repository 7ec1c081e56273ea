// The ingest pipeline shared by MQTT and HTTP: checks each message against its sensor,
// queues the readings and commits them in batches (one statement per batch); a caller's
// promise resolves only after the commit, which is when MQTT sends PUBACK and HTTP answers.
import type { AppContext } from '../../platform/context.ts';
import { HttpError } from '../../platform/http/errors.ts';
import type { DeadLetterReason, IngestChannel, IngestCounters, IngestQueue, SensorReadingEvent } from '../../../../shared/contracts/sensors.ts';
import { SENSOR_TYPE_INFO, type SensorType } from '../../../../shared/contracts/sensors.ts';
import { parseReadings, type RejectedItem, type SensorSpec } from './payload.ts';
import type { DeadLetterRow, ReadingColumns, ReadingRow, SensorRow, SensorsRepository } from './sensors.repository.ts';
import type { SensorSettings } from './sensors.settings.ts';
import './events.ts';
import { isConnectionError } from '../../platform/db/connection-errors.ts';

export interface SensorInfo extends SensorSpec {
  areaCodes: string[];
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

export function sensorInfoOf(row: SensorRow): SensorInfo {
  const type = String(row.props.type ?? '');
  return {
    sensorId: row.sensor_id,
    type,
    metric: SENSOR_TYPE_INFO[type as SensorType]?.metric ?? 'value',
    minValid: num(row.props.min_valid),
    maxValid: num(row.props.max_valid),
    areaCodes: row.area_codes,
  };
}

/** The sensors known to ingest, reloaded periodically and when an unknown id shows up. */
export class SensorDirectory {
  private byId = new Map<string, SensorInfo>();
  /** performance.now() of the last load: the list's age is elapsed time, not the time of day. */
  private loadedAt = Number.NEGATIVE_INFINITY;
  private loading: Promise<void> | null = null;
  constructor(
    private readonly repo: SensorsRepository,
    private readonly today: () => string,
    private readonly maxAgeMs = 60_000,
  ) {}

  async get(sensorId: string): Promise<SensorInfo | undefined> {
    if (performance.now() - this.loadedAt > this.maxAgeMs) {
      try {
        await this.reload();
      } catch (e) {
        // Database unreachable: known sensors keep flowing into the (bounded) buffer with the
        // list we have; the reload is tried again in a few seconds, not on every message.
        if (!this.byId.size) throw storageUnavailable(e);
        this.loadedAt = performance.now() - this.maxAgeMs + 5_000;
      }
    }
    if (this.byId.has(sensorId)) return this.byId.get(sensorId);
    // A sensor created since the last load works at once: one indexed look-up per miss.
    let exists: boolean;
    try {
      exists = await this.repo.sensorExists(sensorId);
    } catch (e) {
      throw storageUnavailable(e);
    }
    if (exists) await this.reload().catch((e: unknown) => Promise.reject(storageUnavailable(e)));
    return this.byId.get(sensorId);
  }

  reload(): Promise<void> {
    this.loading ??= this.repo
      .listSensors(this.today())
      .then((rows) => {
        this.byId = new Map(rows.map((r) => [r.sensor_id, sensorInfoOf(r)]));
        this.loadedAt = performance.now();
      })
      .finally(() => (this.loading = null));
    return this.loading;
  }
}

const storageUnavailable = (e: unknown) =>
  new HttpError(503, 'storage_unavailable', `the database cannot be reached (${e instanceof Error ? e.message : String(e)}); retry`, { retryAfterSeconds: 5 });

/**
 * A dead letter as a text column can hold it: a NUL byte (which no PostgreSQL text takes) in the
 * payload, topic or id becomes U+FFFD. Otherwise one device's bad payload fails the whole shared
 * batch, and every good reading in it is answered 503.
 */
function storableDeadLetter(row: DeadLetterRow): DeadLetterRow {
  const clean = (s: string) => (s.includes('\u0000') ? s.replaceAll('\u0000', '\ufffd') : s);
  return { ...row, topic: clean(row.topic), sensorId: row.sensorId === null ? null : clean(row.sensorId), payload: clean(row.payload) };
}

/** Database unreachable for now (see isConnectionError), or a serialization failure / deadlock: the batch is kept and retried, not refused. */
export function isTransientDbError(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return isConnectionError(e) || code === '40001' || code === '40P01';
}

const emptyCounters = (): IngestCounters => ({ received: 0, stored: 0, duplicates: 0, rejected: 0, rejectedByReason: {} });

function addCounters(into: IngestCounters, c: IngestCounters): void {
  into.received += c.received;
  into.stored += c.stored;
  into.duplicates += c.duplicates;
  into.rejected += c.rejected;
  for (const [k, v] of Object.entries(c.rejectedByReason)) into.rejectedByReason[k] = (into.rejectedByReason[k] ?? 0) + v;
}

/** Counters over a sliding window made of fixed buckets. */
class Window {
  private readonly buckets: { start: number; c: IngestCounters }[] = [];
  constructor(private readonly bucketMs: number, private readonly count: number) {}
  current(now: number): IngestCounters {
    const start = now - (now % this.bucketMs);
    const last = this.buckets[this.buckets.length - 1];
    if (last?.start === start) return last.c;
    const b = { start, c: emptyCounters() };
    this.buckets.push(b);
    while (this.buckets.length && this.buckets[0]!.start <= now - this.bucketMs * this.count) this.buckets.shift();
    return b.c;
  }
  sum(now: number): IngestCounters {
    const out = emptyCounters();
    for (const b of this.buckets) if (b.start > now - this.bucketMs * this.count) addCounters(out, b.c);
    return out;
  }
}

/**
 * What happened to one message's readings since this process started (`since`, from the app
 * clock). The sliding windows count elapsed time on the monotonic clock.
 */
export class IngestStats {
  constructor(readonly since: Date) {}
  readonly total = emptyCounters();
  readonly byChannel: Record<IngestChannel, IngestCounters> = { mqtt: emptyCounters(), http: emptyCounters() };
  private readonly minute = new Window(5_000, 12);
  private readonly hour = new Window(60_000, 60);

  add(channel: IngestChannel, delta: Partial<Omit<IngestCounters, 'rejectedByReason'>>, reasons: DeadLetterReason[] = []): void {
    const now = performance.now();
    for (const c of [this.total, this.byChannel[channel], this.minute.current(now), this.hour.current(now)]) {
      c.received += delta.received ?? 0;
      c.stored += delta.stored ?? 0;
      c.duplicates += delta.duplicates ?? 0;
      c.rejected += reasons.length;
      for (const r of reasons) c.rejectedByReason[r] = (c.rejectedByReason[r] ?? 0) + 1;
    }
  }
  lastMinute = () => this.minute.sum(performance.now());
  lastHour = () => this.hour.sum(performance.now());
}

export interface IngestOutcome {
  sensorId: string;
  stored: number;
  duplicates: number;
  rejected: RejectedItem[];
  /** The sensor id is not in the sensors dataset (the whole message was dead-lettered). */
  unknownSensor: boolean;
}

interface Pending {
  channel: IngestChannel;
  readings: (ReadingRow & { sensor: SensorInfo })[];
  deadLetters: DeadLetterRow[];
  outcome: IngestOutcome;
  resolve: (o: IngestOutcome) => void;
  reject: (e: unknown) => void;
}

/** A message held (no acknowledgement yet) until the buffer has room for its readings. */
interface Waiter {
  size: number;
  enter: () => void;
  reject: (e: unknown) => void;
}


const notStored = () => new HttpError(503, 'storage_unavailable', 'the readings could not be stored; retry', { retryAfterSeconds: 5 });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
/** After stop(), a batch the database keeps refusing is given up after this long (not acknowledged: clients resend). */
const STOP_GRACE_MS = 5_000;

export class IngestPipeline {
  private queue: Pending[] = [];
  /** Readings and dead letters queued for the next commit. */
  private queued = 0;
  /** Readings and dead letters of the commits in flight (kept, and retried, while the database is down). */
  private inFlight = 0;
  private waiters: Waiter[] = [];
  private peak = 0;
  private refused = 0;
  private retries = 0;
  private dbDownSince: number | null = null;
  private lastDbError: string | null = null;
  /** Commits in flight (at most settings.commitsInFlight). */
  private readonly flushes = new Set<Promise<void>>();
  private peakCommits = 0;
  /**
   * Commits may finish out of order when several are in flight; their messages are acknowledged
   * and their readings published strictly in the order the commits started (MQTT requires
   * PUBACKs in the order of the PUBLISHes; the rules see readings in arrival order).
   */
  private nextSeq = 0;
  private nextToFinish = 0;
  private readonly finished = new Map<number, () => void>();
  /** (sensor, metric, ts) of readings in the commits in flight → the commit's sequence number. */
  private readonly keysInFlight = new Map<string, number>();
  /** Recent commits that failed for good (their messages were refused). */
  private readonly failedCommits = new Set<number>();
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;
  private stoppedAt = 0;

  constructor(
    private readonly ctx: AppContext,
    private readonly repo: SensorsRepository,
    private readonly settings: SensorSettings,
    readonly directory: SensorDirectory,
    readonly stats: IngestStats,
  ) {}

  /** Readings held in memory until their commit: queued plus the commit in flight (never above maxPendingReadings). */
  get pending(): number {
    return this.queued + this.inFlight;
  }

  queueState(): IngestQueue {
    const max = this.settings.maxPendingReadings;
    return {
      depth: this.pending,
      max,
      inFlight: this.inFlight,
      commits: this.flushes.size,
      peakCommits: this.peakCommits,
      maxCommits: this.settings.commitsInFlight,
      waiting: this.waiters.length,
      peakDepth: this.peak,
      state: this.dbDownSince !== null ? 'database_down' : this.waiters.length || this.pending >= max ? 'full' : 'ok',
      databaseDownSince: this.dbDownSince !== null ? new Date(this.dbDownSince).toISOString() : null,
      lastDatabaseError: this.lastDbError,
      retries: this.retries,
      refusedFull: this.refused,
      batchMaxReadings: this.settings.batchMaxReadings,
    };
  }

  private busy(): HttpError {
    this.refused++;
    const down = this.dbDownSince !== null;
    const retryAfterSeconds = down ? 5 : 1;
    return new HttpError(
      503,
      'ingest_busy',
      `ingest buffer full: ${this.pending} of ${this.settings.maxPendingReadings} readings wait for the database` +
        `${down ? ` (unreachable since ${new Date(this.dbDownSince!).toISOString()})` : ''}; nothing of this request was stored, retry after ${retryAfterSeconds} s`,
      { retryAfterSeconds, depth: this.pending, max: this.settings.maxPendingReadings, databaseDown: down },
    );
  }

  /**
   * Checks, queues and stores one message; resolves after the commit with what was stored,
   * ignored as duplicate or rejected (rejections are stored as dead letters in the same commit).
   * Bounded buffer: when it is full, an HTTP request is refused at once (503 + Retry-After) and
   * an MQTT message waits for room (its PUBACK is held, which slows the publisher down).
   */
  async submit(channel: IngestChannel, topic: string, sensorId: string, text: string): Promise<IngestOutcome> {
    if (this.stopped) throw new HttpError(503, 'stopping', 'ingest is stopping', { retryAfterSeconds: 5 });
    const max = this.settings.maxPendingReadings;
    if (channel === 'http' && (this.waiters.length || this.pending >= max)) throw this.busy();
    const sensor = sensorId ? await this.directory.get(sensorId) : undefined;
    const outcome: IngestOutcome = { sensorId, stored: 0, duplicates: 0, rejected: [], unknownSensor: false };
    const deadLetters: DeadLetterRow[] = [];
    let readings: Pending['readings'] = [];
    if (!sensor) {
      outcome.unknownSensor = true;
      const item: RejectedItem = { index: null, reason: 'unknown_sensor', message: `no sensor "${sensorId}" in the sensors dataset`, payload: text };
      outcome.rejected.push(item);
      deadLetters.push(storableDeadLetter({ channel, topic, sensorId: sensorId || null, payload: text, reason: item.reason }));
    } else {
      const parsed = parseReadings(text, sensor, this.ctx.clock.now(), this.settings.maxFutureSeconds);
      outcome.rejected = parsed.rejected;
      for (const r of parsed.rejected) deadLetters.push(storableDeadLetter({ channel, topic, sensorId, payload: r.payload, reason: r.reason }));
      readings = parsed.readings.map((r) => ({ sensorId, metric: r.metric, ts: r.ts, value: r.value, sensor }));
    }
    const size = readings.length + deadLetters.length;
    if (size > max) throw new HttpError(413, 'too_many_readings', `one message carries ${size} readings; at most ${max} (SENSOR_MAX_PENDING_READINGS)`);
    const mustWait = this.waiters.length > 0 || this.pending + size > max;
    if (mustWait && (channel === 'http' || this.waiters.length >= this.settings.maxWaitingMessages)) throw this.busy();
    return new Promise<IngestOutcome>((resolve, reject) => {
      const p: Pending = { channel, readings, deadLetters, outcome, resolve, reject };
      // Entering is synchronous, so admitting waiters can never overshoot the bound.
      const enter = () => {
        this.queue.push(p);
        this.queued += size;
        if (this.pending > this.peak) this.peak = this.pending;
        this.schedule();
      };
      if (mustWait) this.waiters.push({ size, enter, reject });
      else enter();
    });
  }

  /** Lets held messages in, oldest first, as far as the bound allows. */
  private admitWaiters(): void {
    while (this.waiters.length && this.pending + this.waiters[0]!.size <= this.settings.maxPendingReadings) this.waiters.shift()!.enter();
  }

  private schedule(): void {
    if (this.flushes.size === 0) {
      if (this.queued >= this.settings.batchStartReadings || this.settings.batchMaxWaitMs === 0) this.startFlush();
      else this.timer ??= setTimeout(() => this.startFlush(), this.settings.batchMaxWaitMs);
    } else if (this.flushes.size < this.settings.commitsInFlight && this.queued >= this.settings.batchStartReadings) {
      // Another commit overlaps the one in flight only with a full batch: small batches cost more than they save.
      this.startFlush();
    }
  }

  private startFlush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.flushes.size >= this.settings.commitsInFlight || !this.queue.length) return;
    const f: Promise<void> = this.flush().finally(() => {
      this.flushes.delete(f);
      // Whatever queued during the commit has waited long enough: commit it now.
      if (this.queue.length) this.startFlush();
    });
    this.flushes.add(f);
    if (this.flushes.size > this.peakCommits) this.peakCommits = this.flushes.size;
  }

  /** Runs a finished commit's follow-up once every commit started before it has run its own. */
  private finishInOrder(seq: number, followUp: () => void): void {
    this.finished.set(seq, followUp);
    for (let next = this.finished.get(this.nextToFinish); next; next = this.finished.get(this.nextToFinish)) {
      this.finished.delete(this.nextToFinish++);
      next();
    }
  }

  /** Stores the batch; keeps retrying while the database is unreachable (nothing is acknowledged meanwhile). */
  private async store(rows: ReadingColumns, deadLetters: DeadLetterRow[]): Promise<number[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        const result = await this.repo.storeBatch(rows, deadLetters);
        if (this.dbDownSince !== null) {
          this.ctx.log.warn({ downMs: this.ctx.clock.now().getTime() - this.dbDownSince, readings: rows.values.length, retries: attempt }, 'database reachable again: sensor ingest resumed');
          this.dbDownSince = null;
        }
        return result;
      } catch (e) {
        if (!isTransientDbError(e) || (this.stopped && performance.now() - this.stoppedAt > STOP_GRACE_MS)) throw e;
        this.lastDbError = e instanceof Error ? e.message : String(e);
        if (this.dbDownSince === null) {
          this.dbDownSince = this.ctx.clock.now().getTime();
          this.ctx.log.error({ err: e, readings: rows.values.length }, 'database unreachable: sensor ingest paused (bounded buffer, nothing acknowledged until stored)');
        }
        this.retries++;
        await sleep(Math.min(250 * 2 ** attempt, 5_000));
      }
    }
  }

  private async flush(): Promise<void> {
    const seq = this.nextSeq++;
    const batch: Pending[] = [];
    let n = 0;
    // While a commit was in flight the queue grew: take up to batchMaxReadings in one commit,
    // so throughput follows the load instead of being capped at one fixed batch per commit.
    while (this.queue.length && (n === 0 || n + this.queue[0]!.readings.length + this.queue[0]!.deadLetters.length <= this.settings.batchMaxReadings)) {
      const p = this.queue.shift()!;
      batch.push(p);
      n += p.readings.length + p.deadLetters.length;
    }
    this.queued -= n;
    this.inFlight += n;
    // The first of equal (sensor, metric, ts) wins, in arrival order; later ones are duplicates.
    // That holds across commits in flight too: a reading whose key an earlier commit still
    // carries stays out of this statement (otherwise the later copy could reach the row first)
    // and counts as a duplicate, unless that commit fails, in which case its message is not
    // acknowledged and gets resent. Each reading's position in the statement, or -1.
    const seen = new Set<string>();
    /** Keys this commit carries: no later commit claims them while it is in flight. */
    const claimed: string[] = [];
    const rows: ReadingColumns = { sensorIds: [], metrics: [], tss: [], values: [] };
    const position: number[][] = [];
    const dependsOn: (Set<number> | null)[] = [];
    const deadLetters: DeadLetterRow[] = [];
    for (const p of batch) {
      const at: number[] = [];
      let deps: Set<number> | null = null;
      for (const r of p.readings) {
        const k = `${r.sensorId}\u0000${r.metric}\u0000${r.ts}`;
        if (seen.has(k)) {
          at.push(-1);
          continue;
        }
        seen.add(k);
        const earlier = this.keysInFlight.get(k);
        if (earlier !== undefined) {
          (deps ??= new Set()).add(earlier);
          at.push(-1);
          continue;
        }
        this.keysInFlight.set(k, seq);
        claimed.push(k);
        at.push(rows.values.length);
        rows.sensorIds.push(r.sensorId);
        rows.metrics.push(r.metric);
        rows.tss.push(r.ts);
        rows.values.push(r.value);
      }
      position.push(at);
      dependsOn.push(deps);
      for (const d of p.deadLetters) deadLetters.push(d);
    }
    const release = () => {
      for (const k of claimed) this.keysInFlight.delete(k);
    };
    let notInserted: Set<number>;
    try {
      notInserted = new Set(await this.store(rows, deadLetters));
    } catch (e) {
      this.ctx.log.error({ err: e, readings: rows.values.length }, 'storing sensor readings failed');
      release();
      this.inFlight -= n;
      this.failedCommits.add(seq);
      this.finishInOrder(seq, () => {
        for (const p of batch) p.reject(notStored());
      });
      this.admitWaiters();
      return;
    }
    release();
    this.inFlight -= n;
    this.admitWaiters();
    this.finishInOrder(seq, () => this.acknowledge(batch, position, dependsOn, notInserted));
  }

  /** Resolves each message of a committed batch with its outcome and publishes the new readings. */
  private acknowledge(batch: Pending[], position: number[][], dependsOn: (Set<number> | null)[], notInserted: Set<number>): void {
    const events: SensorReadingEvent[] = [];
    // A commit depends only on commits that were in flight with it, at most 8 (commitsInFlight) back.
    for (const f of this.failedCommits) if (f < this.nextToFinish - 16) this.failedCommits.delete(f);
    batch.forEach((p, i) => {
      const deps = dependsOn[i];
      if (deps && [...deps].some((d) => this.failedCommits.has(d))) {
        // Some of its readings were left to an earlier commit that failed: not acknowledged, resent.
        p.reject(notStored());
        return;
      }
      const at = position[i]!;
      p.readings.forEach((r, j) => {
        const k = at[j]!;
        if (k >= 0 && !notInserted.has(k)) {
          p.outcome.stored++;
          events.push({ sensorId: r.sensorId, sensorType: r.sensor.type, metric: r.metric, ts: r.ts, value: r.value, areaCodes: r.sensor.areaCodes });
        } else p.outcome.duplicates++;
      });
      this.stats.add(
        p.channel,
        { received: p.readings.length + p.outcome.rejected.length, stored: p.outcome.stored, duplicates: p.outcome.duplicates },
        p.outcome.rejected.map((r) => r.reason),
      );
      p.resolve(p.outcome);
    });
    if (events.length) {
      try {
        this.ctx.events.emit('sensor.readings', { readings: events });
      } catch (e) {
        this.ctx.log.error({ err: e }, 'a sensor.readings listener failed');
      }
    }
  }

  /** Commits what is queued, then refuses new messages (held ones are refused: not acknowledged, clients resend). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.stoppedAt = performance.now();
    for (const w of this.waiters.splice(0)) w.reject(new HttpError(503, 'stopping', 'ingest is stopping', { retryAfterSeconds: 5 }));
    while (this.queue.length || this.flushes.size) {
      this.startFlush();
      if (this.flushes.size) await Promise.race(this.flushes);
    }
  }
}
