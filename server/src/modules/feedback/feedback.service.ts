// Rules of citizens' feedback: intake (any channel), routing, deadlines, the workflow and its
// timeline, duplicates and merging, who sees what, masking and audited reveal, statistics.
import { randomBytes } from 'node:crypto';
import type {
  FeedbackAction,
  FeedbackCannedReply,
  FeedbackCannedReplyInput,
  FeedbackCategory,
  FeedbackChannel,
  FeedbackNearby,
  FeedbackSort,
  FeedbackDetail,
  FeedbackListItem,
  FeedbackPublicPoint,
  FeedbackPublicView,
  FeedbackReceipt,
  FeedbackStatsRow,
  FeedbackStatus,
  FeedbackUnitRef,
  SortOrder,
} from '../../../../shared/contracts/feedback.ts';
import { readModuleSettings } from '../../config.ts';
import type { AppContext } from '../../platform/context.ts';
import { HttpError, badRequest, notFound } from '../../platform/http/errors.ts';
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import { localToday, type AreasService } from '../areas/index.ts';
import { categoryModel, normalizeVi } from './classifier.ts';
import { feedbackRepository, type Db, type ReportPatch, type ReportRow, type ReportScope } from './feedback.repository.ts';
import { maskEmail, maskName, maskPhone, normalizePhone } from './masking.ts';
import { processPhoto, type StoredPhoto } from './photos.ts';
import { addWorkingDays } from './working-days.ts';
import { SYSTEM_ACTOR, type Actor } from '../../platform/actor.ts';

declare module '../../platform/events.ts' {
  interface AppEvents {
    /** A new report was received (any channel). */
    'feedback.received': { id: number; trackingCode: string; categoryCode: string; wardCode: string | null; channel: FeedbackChannel };
    /** A report (and those merged into it) changed status. */
    'feedback.status': { id: number; trackingCode: string; from: FeedbackStatus; to: FeedbackStatus };
    /** A report's deadline is near. */
    'feedback.reminder': { id: number; trackingCode: string; unitId: number | null; deadlineAt: string };
    /** A report passed its deadline unanswered: raised to the leaders. */
    'feedback.escalated': { id: number; trackingCode: string; unitId: number | null; deadlineAt: string };
  }
}

export interface FeedbackSettings {
  autoCloseDays: number;
  remindHours: number;
  checkMinutes: number;
  ratePerIpHour: number;
  ratePerPhoneDay: number;
  photoMaxBytes: number;
  photoMaxCount: number;
  duplicateMeters: number;
  duplicateDays: number;
  /** Days after the answer during which the citizen may say "still not fixed". */
  reopenDays: number;
  /** How often a report may be reopened by the citizen. */
  reopenMax: number;
  /** Radius of the "reports near you" list on the citizen form. */
  nearbyMeters: number;
}

export function readFeedbackSettings(ctx: AppContext): FeedbackSettings {
  return readModuleSettings(ctx.config, (env) => ({
    autoCloseDays: env.int('FEEDBACK_AUTO_CLOSE_DAYS', 7, 1, 365),
    remindHours: env.int('FEEDBACK_REMIND_HOURS', 24, 1, 720),
    checkMinutes: env.int('FEEDBACK_CHECK_MINUTES', 15, 1, 1440),
    ratePerIpHour: env.int('FEEDBACK_RATE_PER_IP_HOUR', 20, 1, 100_000),
    ratePerPhoneDay: env.int('FEEDBACK_RATE_PER_PHONE_DAY', 5, 1, 100_000),
    photoMaxBytes: env.int('FEEDBACK_PHOTO_MAX_BYTES', 8 * 1024 * 1024, 10_000, 50 * 1024 * 1024),
    photoMaxCount: env.int('FEEDBACK_PHOTO_MAX_COUNT', 5, 0, 20),
    duplicateMeters: env.int('FEEDBACK_DUPLICATE_METERS', 100, 1, 10_000),
    duplicateDays: env.int('FEEDBACK_DUPLICATE_DAYS', 3, 0, 60),
    reopenDays: env.int('FEEDBACK_REOPEN_DAYS', 14, 1, 365),
    reopenMax: env.int('FEEDBACK_REOPEN_MAX', 3, 0, 100),
    nearbyMeters: env.int('FEEDBACK_NEARBY_METERS', 200, 10, 5000),
  }));
}

const OPEN: FeedbackStatus[] = ['received', 'verified', 'assigned', 'in_progress'];
const TRANSITIONS: Record<FeedbackAction, { from: FeedbackStatus[]; to: FeedbackStatus }> = {
  verify: { from: ['received'], to: 'verified' },
  reject: { from: ['received', 'verified'], to: 'rejected' },
  assign: { from: ['received', 'verified', 'assigned', 'in_progress'], to: 'assigned' },
  start: { from: ['assigned'], to: 'in_progress' },
  resolve: { from: ['assigned', 'in_progress'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
};
/** Roles that handle reports; leaders read and watch. */
const HANDLERS = ['admin', 'operator', 'officer'];
/** Staff roles (devices excluded): may see photos of rejected reports within their scope. */
const STAFF = ['admin', 'leader', 'operator', 'officer'];
/** Photos are addressed by 128 random bits, never by their sequential id. */
const PHOTO_TOKEN = /^[0-9a-f]{32}$/;
export const photoUrl = (token: string) => `/api/feedback/photos/${token}`;
/** Roles allowed to reveal a complainant's contact (each reveal audited). */
const REVEALERS = ['admin', 'operator', 'officer'];

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
const phoneDigits = (phone: string | null): string => (phone ?? '').replace(/\D/g, '');

export function newTrackingCode(): string {
  const b = randomBytes(8);
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[b[i]! % CODE_ALPHABET.length];
  return `PA-${s}`;
}

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export interface IntakeInput {
  channel: FeedbackChannel;
  categoryCode: string;
  description: string;
  lat?: number | undefined;
  lon?: number | undefined;
  address?: string | undefined;
  locationSource?: 'pin' | 'device' | 'operator' | undefined;
  name?: string | undefined;
  phone?: string | undefined;
  email?: string | undefined;
  photos?: { name: string; data: Buffer }[];
  open311KeyId?: number | null;
  /** Open311 `media_url`: kept as a note on the timeline (never fetched by the server). */
  mediaUrl?: string | undefined;
  /** Public channels are rate-limited per address and per phone. */
  rateLimited: boolean;
}

export function createFeedbackService(ctx: AppContext, deps: { areas: AreasService }) {
  const settings = readFeedbackSettings(ctx);
  const db = ctx.db.kysely;
  const repo = feedbackRepository(db);
  const { areas } = deps;
  const unitCache = new Map<number, FeedbackUnitRef>();
  /** Wrong phone digits per report, for the rating check (times in ms). */
  const ratingFailures = new Map<number, number[]>();

  async function unitRefs(ids: (number | null)[]): Promise<Map<number, FeedbackUnitRef>> {
    const missing = [...new Set(ids.filter((x): x is number => x !== null && !unitCache.has(x)))];
    for (const u of await repo.units(missing)) unitCache.set(u.id, { id: u.id, code: u.code, nameVi: u.name_vi, nameEn: u.name_en });
    return unitCache;
  }

  async function categoriesByCode() {
    const cats = await repo.categories();
    return new Map(cats.map((c) => [c.code, c]));
  }

  /** Who a timeline event names: the account, else "citizen" for an anonymous caller, else "system". */
  function eventActor(actor: Actor) {
    return actor.user ? { actor: actor.user.username, actorId: actor.user.id } : { actor: actor.kind === 'anonymous' ? 'citizen' : 'system', actorId: null };
  }

  /** An officer sees their unit's and areas' reports; others see all. */
  async function scopeFor(user: AuthenticatedUser): Promise<ReportScope> {
    if (user.role !== 'officer') return null;
    return { unitId: user.unitId ?? -1, areaIds: await repo.userAreaIds(user.id) };
  }

  async function visible(user: AuthenticatedUser, row: ReportRow): Promise<boolean> {
    if (user.role !== 'officer') return true;
    if ([row.assigned_unit_id, row.ward_unit_id, row.department_unit_id].includes(user.unitId)) return true;
    return row.ward_area_id !== null && (await repo.userAreaIds(user.id)).includes(row.ward_area_id);
  }

  async function loadVisible(user: AuthenticatedUser, id: number): Promise<ReportRow> {
    const row = await repo.byId(id);
    if (!row || !(await visible(user, row))) throw notFound('report');
    return row;
  }

  function toListItem(r: ReportRow, units: Map<number, FeedbackUnitRef>, now: Date): FeedbackListItem {
    return {
      id: r.id,
      trackingCode: r.tracking_code,
      status: r.status as FeedbackStatus,
      categoryCode: r.category_code,
      description: r.description,
      channel: r.channel as FeedbackChannel,
      lat: r.lat,
      lon: r.lon,
      wardCode: r.ward_code,
      wardName: r.ward_name,
      assignedUnit: r.assigned_unit_id === null ? null : (units.get(r.assigned_unit_id) ?? null),
      createdAt: iso(r.created_at)!,
      deadlineAt: iso(r.deadline_at)!,
      overdue: OPEN.includes(r.status as FeedbackStatus) && new Date(r.deadline_at).getTime() < now.getTime(),
      dueSoon: OPEN.includes(r.status as FeedbackStatus) && new Date(r.deadline_at).getTime() >= now.getTime()
        && new Date(r.deadline_at).getTime() <= now.getTime() + settings.remindHours * 3600_000,
      escalated: r.escalated_at !== null,
      supporters: r.supporters,
      reopenCount: r.reopen_count,
      mergedIntoId: r.merged_into_id,
      reporterName: maskName(r.reporter_name),
      reporterPhone: maskPhone(r.reporter_phone),
    };
  }

  /** Places an address-only report at the ward whose name it mentions (no street geocoder here). */
  async function placeFromAddress(address: string): Promise<{ lat: number; lon: number } | null> {
    const text = ` ${normalizeVi(address)} `;
    const wards = await repo.wardPoints(localToday(ctx.clock.now()));
    const hit = wards
      .map((w) => ({ w, name: normalizeVi(w.name_short.replace(/^(Phường|Xã|Đặc khu)\s+/i, '')) }))
      .filter((x) => x.name && text.includes(` ${x.name} `))
      .sort((a, b) => b.name.length - a.name.length)[0];
    return hit ? { lat: hit.w.lat, lon: hit.w.lon } : null;
  }

  async function checkRateLimits(ip: string | null, phone: string | null) {
    const now = ctx.clock.now().getTime();
    if (ip && (await repo.countSince('source_ip', ip, new Date(now - 3600_000))) >= settings.ratePerIpHour) {
      throw new HttpError(429, 'rate_limited', `too many reports from this address: at most ${settings.ratePerIpHour} an hour`);
    }
    if (phone && (await repo.countSince('reporter_phone', phone, new Date(now - 86_400_000))) >= settings.ratePerPhoneDay) {
      throw new HttpError(429, 'rate_limited', `too many reports from this phone number: at most ${settings.ratePerPhoneDay} a day`);
    }
  }

  async function record(tx: Db, reportIds: number[], e: { kind: string; from?: string | null; to?: string | null; note?: string | null; unitId?: number | null; public?: boolean }, actor: Actor) {
    const who = eventActor(actor);
    const r = feedbackRepository(tx);
    for (const id of reportIds) {
      await r.insertEvent({ reportId: id, at: ctx.clock.now(), kind: e.kind, fromStatus: e.from ?? null, toStatus: e.to ?? null, actor: who.actor, actorId: who.actorId, unitId: e.unitId ?? null, note: e.note ?? null, public: e.public ?? true });
    }
  }

  /**
   * The second factor besides the tracking code, for what a citizen does to their report
   * (rating, "still not fixed"): the last 4 digits of the phone given with it, 5 tries per 15 minutes.
   */
  function checkPhoneDigits(row: ReportRow, phoneLast4: string | undefined) {
    const digits = phoneDigits(row.reporter_phone);
    if (digits.length < 4) return;
    const now = ctx.clock.now().getTime();
    const tries = (ratingFailures.get(row.id) ?? []).filter((t) => t > now - 15 * 60_000);
    if (tries.length >= 5) throw new HttpError(429, 'too_many_attempts', 'too many wrong phone digits: try again in 15 minutes', { retryAfterSeconds: Math.ceil((tries[0]! + 15 * 60_000 - now) / 1000) });
    if (!phoneLast4 || phoneLast4.replace(/\D/g, '') !== digits.slice(-4)) {
      ratingFailures.set(row.id, [...tries, now]);
      throw new HttpError(403, 'phone_check_failed', 'the last 4 digits of the phone number given with the report are needed');
    }
    ratingFailures.delete(row.id);
  }

  /** Until when the citizen may say "still not fixed" (null: not reopenable). */
  function reopenUntil(row: ReportRow): Date | null {
    if (row.status !== 'resolved' && row.status !== 'closed') return null;
    if (!row.resolved_at || row.reopen_count >= settings.reopenMax) return null;
    return new Date(new Date(row.resolved_at).getTime() + settings.reopenDays * 86_400_000);
  }

  /** "This is my problem too": one supporter per address and report (kept in memory, like the rating tries). */
  const supportSeen = new Set<string>();

  const service = {
    settings,

    async categories(): Promise<FeedbackCategory[]> {
      return (await repo.categories()).map((c) => ({ code: c.code, nameVi: c.name_vi, nameEn: c.name_en, descriptionVi: c.description_vi, deadlineDays: c.deadline_days }));
    },

    suggestCategory(text: string) {
      return categoryModel().suggest(text);
    },

    /** Receives a report from any channel: validated, located, routed, stored with its photos in one transaction. */
    async intake(actor: Actor, input: IntakeInput): Promise<FeedbackReceipt & { id: number }> {
      const cats = await categoriesByCode();
      const cat = cats.get(input.categoryCode);
      if (!cat) throw badRequest(`unknown category "${input.categoryCode}"`, { categories: [...cats.keys()] });
      const description = input.description.trim();
      if (description.length < 5) throw badRequest('description: write at least 5 characters');
      if (description.length > 4000) throw badRequest('description: at most 4000 characters');
      const name = input.name?.trim() || null;
      if (name && name.length > 120) throw badRequest('name: at most 120 characters');
      let phone: string | null = null;
      if (input.phone?.trim()) {
        phone = normalizePhone(input.phone);
        if (!phone) throw badRequest('phone: a Vietnamese phone number, e.g. 0901234567');
      }
      const email = input.email?.trim() || null;
      if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw badRequest('email: not a valid address');
      const photosIn = input.photos ?? [];
      if (photosIn.length > settings.photoMaxCount) throw badRequest(`at most ${settings.photoMaxCount} photos`);

      if (input.rateLimited) await checkRateLimits(actor.ip, phone);

      const photos: StoredPhoto[] = [];
      for (const p of photosIn) {
        if (p.data.length > settings.photoMaxBytes) throw new HttpError(413, 'photo_too_large', `"${p.name}" is larger than ${Math.round(settings.photoMaxBytes / 1024 / 1024)} MB`);
        photos.push(await processPhoto(p.data, p.name));
      }

      let lat = input.lat;
      let lon = input.lon;
      let source: string = input.locationSource ?? 'pin';
      if (lat === undefined || lon === undefined) {
        const fromExif = photos.find((p) => p.gps)?.gps;
        if (fromExif) {
          ({ lat, lon } = fromExif);
          source = 'exif';
        } else if (input.address?.trim()) {
          const place = await placeFromAddress(input.address);
          if (!place) throw badRequest('the address does not name a ward of the city: send the place as lat/lon or pin it on the map');
          ({ lat, lon } = place);
          source = 'address';
        } else {
          throw badRequest('the place is missing: pin it on the map, share the device location, or send a photo with GPS');
        }
      }
      if (!(lat >= -90 && lat <= 90 && lon >= -180 && lon <= 180)) throw badRequest('lat/lon out of range');

      const now = ctx.clock.now();
      const located = await areas.locate(lon, lat, localToday(now), 'ward');
      const ward = located.areas[located.areas.length - 1];
      if (!ward) throw badRequest('the place is outside the wards of Ho Chi Minh City');
      const wardUnit = await repo.unitByCode(`ubnd-${ward.code}`);
      const departmentUnitId = await repo.routeDepartment(cat.code, ward.code);
      const deadline = addWorkingDays(now, cat.deadline_days);
      const trackingCode = newTrackingCode();

      const id = await db.transaction().execute(async (tx) => {
        const r = feedbackRepository(tx);
        const reportId = await r.insertReport({
          trackingCode,
          categoryCode: cat.code,
          description,
          channel: input.channel,
          lon,
          lat,
          address: input.address?.trim() || null,
          locationSource: source,
          wardAreaId: ward.id,
          wardCode: ward.code,
          wardUnitId: wardUnit?.id ?? null,
          departmentUnitId,
          assignedUnitId: null,
          reporterName: name,
          reporterPhone: phone,
          reporterEmail: email,
          sourceIp: actor.ip,
          open311KeyId: input.open311KeyId ?? null,
          createdAt: now,
          deadlineAt: deadline,
        });
        for (const p of photos) await r.insertPhoto(reportId, 'report', p, now);
        await record(tx, [reportId], { kind: 'received', to: 'received', note: `channel: ${input.channel}` }, actor);
        if (input.mediaUrl) await record(tx, [reportId], { kind: 'media_url', note: input.mediaUrl, public: false }, actor);
        return reportId;
      });
      await ctx.audit.record(actor, { action: 'feedback.receive', targetType: 'feedback_report', targetId: id, details: { trackingCode, channel: input.channel, category: cat.code } });
      ctx.events.emit('feedback.received', { id, trackingCode, categoryCode: cat.code, wardCode: ward.code, channel: input.channel });
      const dups = await repo.duplicatesOf(id, settings.duplicateMeters, settings.duplicateDays);
      return {
        id,
        trackingCode,
        status: 'received',
        categoryCode: cat.code,
        wardName: ward.nameVi,
        deadlineAt: deadline.toISOString(),
        location: { lat, lon, source },
        photos: photos.length,
        possibleDuplicates: dups.length,
      };
    },

    /** The public status page of a report (by tracking code): no personal data. */
    async track(code: string): Promise<FeedbackPublicView> {
      const row = await repo.byCode(code.trim().toUpperCase());
      if (!row) throw notFound('report');
      const cats = await categoriesByCode();
      const cat = cats.get(row.category_code);
      // A merged report shows its primary's answer: every citizen gets it.
      const primary = row.merged_into_id ? ((await repo.byId(row.merged_into_id)) ?? row) : row;
      // Photos of a rejected report are not public (it may have been rejected for what they show).
      const photos = row.status === 'rejected' ? [] : await repo.photoRefs([row.id, primary.id]);
      const events = (await repo.events(row.id)).filter((e) => e.public);
      const until = reopenUntil(row);
      const canReopen = until !== null && until.getTime() > ctx.clock.now().getTime() && !row.merged_into_id;
      return {
        trackingCode: row.tracking_code,
        status: row.status as FeedbackStatus,
        categoryCode: row.category_code,
        categoryNameVi: cat?.name_vi ?? row.category_code,
        categoryNameEn: cat?.name_en ?? row.category_code,
        description: row.description,
        wardName: row.ward_name,
        createdAt: iso(row.created_at)!,
        deadlineAt: iso(row.deadline_at)!,
        resolvedAt: iso(row.resolved_at),
        answer: row.answer ?? primary.answer,
        rejectReason: row.reject_reason,
        rating: row.rating,
        ratingComment: row.rating_comment,
        canRate: (row.status === 'resolved' || row.status === 'closed') && row.rating === null && !!(row.answer ?? primary.answer),
        canReopen,
        reopenUntil: canReopen ? until.toISOString() : null,
        ratingNeedsDigits: phoneDigits(row.reporter_phone).length >= 4,
        photoUrls: photos.filter((p) => p.report_id === row.id && p.kind === 'report').map((p) => photoUrl(p.token)),
        answerPhotoUrls: photos.filter((p) => p.report_id === primary.id && p.kind === 'answer').map((p) => photoUrl(p.token)),
        timeline: events.map((e) => ({ at: iso(e.at)!, kind: e.kind, toStatus: e.to_status, note: e.kind === 'rejected' || e.kind === 'resolved' || e.kind === 'reopened' ? e.note : null })),
      };
    },

    /** The citizen rates the answer (1–5); the report is closed. */
    /**
     * Rating closes the report, so the tracking code alone is not enough when the citizen gave
     * a phone number: its last 4 digits are asked too (issue 14 #4), with 5 tries per 15 minutes.
     */
    async rate(actor: Actor, code: string, rating: number, comment: string | undefined, phoneLast4?: string) {
      const row = await repo.byCode(code.trim().toUpperCase());
      if (!row) throw notFound('report');
      checkPhoneDigits(row, phoneLast4);
      if (row.status !== 'resolved' && row.status !== 'closed') throw new HttpError(409, 'not_resolved', 'the report can be rated once it has an answer');
      if (row.rating !== null) throw new HttpError(409, 'already_rated', 'this report was already rated');
      const note = comment?.trim().slice(0, 1000) || null;
      await db.transaction().execute(async (tx) => {
        const r = feedbackRepository(tx);
        const now = ctx.clock.now();
        const closing = row.status === 'resolved';
        await r.update(row.id, { rating, rating_comment: note, rated_at: now, updated_at: now, ...(closing ? { status: 'closed', closed_at: now } : {}) });
        await record(tx, [row.id], { kind: 'rated', note: `${rating}/5${note ? ` — ${note}` : ''}` }, actor);
        if (closing) await record(tx, [row.id], { kind: 'closed', from: 'resolved', to: 'closed', note: 'closed after the rating' }, actor);
      });
      await ctx.audit.record(actor, { action: 'feedback.rate', targetType: 'feedback_report', targetId: row.id, details: { rating } });
      return service.track(code);
    },

    /**
     * "Still not fixed": the citizen (tracking code + the same phone check as rating) reopens a
     * resolved or closed report within FEEDBACK_REOPEN_DAYS of the answer, at most
     * FEEDBACK_REOPEN_MAX times. It goes back to its unit (or to the inbox when it had none)
     * with a fresh deadline; the old answer and rating stay in the timeline.
     */
    async reopen(actor: Actor, code: string, reason: string, phoneLast4?: string) {
      const row = await repo.byCode(code.trim().toUpperCase());
      if (!row) throw notFound('report');
      checkPhoneDigits(row, phoneLast4);
      if (row.merged_into_id) throw new HttpError(409, 'merged', 'this report was merged into another one: its status follows that one');
      if (row.status !== 'resolved' && row.status !== 'closed') throw new HttpError(409, 'not_resolved', 'only a resolved report can be reopened');
      const until = reopenUntil(row);
      const now = ctx.clock.now();
      if (!until) throw new HttpError(409, 'reopen_limit', `this report was already reopened ${row.reopen_count} times`);
      if (until.getTime() <= now.getTime()) throw new HttpError(409, 'reopen_window_passed', `a report can be reopened within ${settings.reopenDays} days of its answer`);
      const text = reason.trim();
      if (text.length < 5) throw badRequest('reason: say what is still not fixed (at least 5 characters)');
      const cat = (await categoriesByCode()).get(row.category_code);
      const from = row.status as FeedbackStatus;
      const to: FeedbackStatus = row.assigned_unit_id !== null ? 'assigned' : 'received';
      await db.transaction().execute(async (tx) => {
        const r = feedbackRepository(tx);
        const locked = await r.forUpdate(row.id);
        if (!locked || locked.status !== from) throw new HttpError(409, 'conflict', 'the report changed meanwhile: reload it');
        const ids = await r.updateGroup(row.id, {
          status: to, resolved_at: null, closed_at: null, answer: null, rating: null, rating_comment: null, rated_at: null,
          reminded_at: null, escalated_at: null, deadline_at: addWorkingDays(now, cat?.deadline_days ?? 10), updated_at: now,
        });
        await r.update(row.id, { reopen_count: row.reopen_count + 1 });
        await record(tx, ids, { kind: 'reopened', from, to, note: text.slice(0, 1000), unitId: row.assigned_unit_id }, actor);
      });
      await ctx.audit.record(actor, { action: 'feedback.reopen', targetType: 'feedback_report', targetId: row.id, details: { from, to } });
      ctx.events.emit('feedback.status', { id: row.id, trackingCode: row.tracking_code, from, to });
      return service.track(code);
    },

    /** Open reports near a point, for the citizen before sending: category, status, distance, age. No personal data, no free text. */
    async nearby(lat: number, lon: number, radius: number | undefined): Promise<FeedbackNearby> {
      const meters = Math.min(radius ?? settings.nearbyMeters, 1000);
      const cats = await categoriesByCode();
      const rows = await repo.openNear(lon, lat, meters, 20);
      return {
        radiusM: meters,
        reports: rows.map((r) => ({
          id: `r${r.id}`,
          categoryCode: r.category_code,
          categoryNameVi: cats.get(r.category_code)?.name_vi ?? r.category_code,
          categoryNameEn: cats.get(r.category_code)?.name_en ?? r.category_code,
          status: r.status as FeedbackStatus,
          distanceM: Math.round(r.distance_m / 10) * 10,
          createdAt: iso(r.created_at)!,
          supporters: r.supporters,
        })),
      };
    },

    /** "This is my problem too" on an open report (its public id `r123`): counted once per address. */
    async support(actor: Actor, publicId: string) {
      const id = Number(/^r(\d{1,9})$/.exec(publicId)?.[1] ?? NaN);
      if (!Number.isInteger(id)) throw notFound('report');
      const key = `${actor.ip ?? '-'}:${id}`;
      if (supportSeen.has(key)) {
        const row = await repo.byId(id);
        if (!row || row.merged_into_id || !OPEN.includes(row.status as FeedbackStatus)) throw notFound('report');
        return { supporters: row.supporters };
      }
      const supporters = await repo.addSupporter(id);
      if (supporters === null) throw notFound('report');
      supportSeen.add(key);
      await db.transaction().execute((tx) => record(tx, [id], { kind: 'supported', note: null, public: false }, actor));
      return { supporters };
    },

    /** Data-subject requests (Law 91/2025): the reports whose contact names the person, in clear. For the privacy module, which checks the role and audits. */
    async reportsOfPerson(who: { phoneDigits: string | null; texts: string[] }) {
      return (await repo.reportsOfPerson(who)).map((r) => ({
        id: r.id, trackingCode: r.tracking_code, status: r.status, createdAt: iso(r.created_at)!, name: r.reporter_name,
        phone: r.reporter_phone, email: r.reporter_email, description: r.description, address: r.address,
      }));
    },

    /** Erasure: the contact and address of origin of these reports are forgotten; the reports stay. */
    forgetContacts: (ids: number[]) => repo.forgetContacts(ids),

    async publicMap(days: number): Promise<FeedbackPublicPoint[]> {
      const since = new Date(ctx.clock.now().getTime() - days * 86_400_000);
      return (await repo.publicPoints(since, 5000)).map((p) => ({ id: `r${p.id}`, categoryCode: p.category_code, status: p.status as FeedbackStatus, lat: p.lat, lon: p.lon, createdAt: iso(p.created_at)! }));
    },

    /**
     * A photo by its token. Photos of reports the public may see (not rejected) are served to
     * whoever holds the token (the track page, Open311 media_url); those of a rejected report
     * only to staff who may see that report. Anything else — an id, a wrong token — is a 404.
     */
    async photo(token: string, user: AuthenticatedUser | null): Promise<{ mime: string; data: Buffer; public: boolean }> {
      if (!PHOTO_TOKEN.test(token)) throw notFound('photo');
      const p = await repo.photoByToken(token);
      if (!p) throw notFound('photo');
      const isPublic = p.status !== 'rejected';
      if (!isPublic) {
        const row = user && STAFF.includes(user.role) ? await repo.byId(p.report_id) : undefined;
        if (!row || !(await visible(user!, row))) throw notFound('photo');
      }
      return { mime: p.mime, data: Buffer.from(p.b64, 'base64'), public: isPublic };
    },

    // Staff ---------------------------------------------------------------------------------
    async list(user: AuthenticatedUser, q: { status?: string | undefined; category?: string | undefined; ward?: string | undefined; unit?: string | undefined; overdue?: boolean | undefined; q?: string | undefined; limit?: number | undefined; offset?: number | undefined; sort?: FeedbackSort | undefined; order?: SortOrder | undefined }) {
      const now = ctx.clock.now();
      const unitId = q.unit ? (await repo.unitByCode(q.unit))?.id ?? -1 : undefined;
      const { rows, total } = await repo.list({
        scope: await scopeFor(user),
        status: q.status?.split(',').filter(Boolean),
        category: q.category,
        wardCode: q.ward,
        unitId,
        overdue: q.overdue,
        q: q.q?.trim() || undefined,
        now,
        limit: Math.min(q.limit ?? 50, 500),
        offset: q.offset ?? 0,
        sort: q.sort,
        order: q.order,
      });
      const units = await unitRefs(rows.map((r) => r.assigned_unit_id));
      return { total, reports: rows.map((r) => toListItem(r, units, now)) };
    },

    async detail(user: AuthenticatedUser, id: number): Promise<FeedbackDetail> {
      const row = await loadVisible(user, id);
      const now = ctx.clock.now();
      const units = await unitRefs([row.assigned_unit_id, row.ward_unit_id, row.department_unit_id]);
      const photos = await repo.photoRefs([row.id, ...(row.merged_into_id ? [row.merged_into_id] : [])]);
      const events = await repo.events(row.id);
      const duplicates = OPEN.includes(row.status as FeedbackStatus) && !row.merged_into_id ? await repo.duplicatesOf(row.id, settings.duplicateMeters, settings.duplicateDays) : [];
      const canHandle = HANDLERS.includes(user.role) && !row.merged_into_id;
      return {
        ...toListItem(row, units, now),
        address: row.address,
        locationSource: row.location_source,
        departmentUnit: row.department_unit_id === null ? null : (units.get(row.department_unit_id) ?? null),
        wardUnit: row.ward_unit_id === null ? null : (units.get(row.ward_unit_id) ?? null),
        reporterEmail: maskEmail(row.reporter_email),
        contactMasked: true,
        rejectReason: row.reject_reason,
        answer: row.answer,
        rating: row.rating,
        ratingComment: row.rating_comment,
        resolvedAt: iso(row.resolved_at),
        closedAt: iso(row.closed_at),
        photoUrls: photos.filter((p) => p.report_id === row.id && p.kind === 'report').map((p) => photoUrl(p.token)),
        answerPhotoUrls: photos.filter((p) => p.kind === 'answer').map((p) => photoUrl(p.token)),
        events: events.map((e) => ({ at: iso(e.at)!, kind: e.kind, fromStatus: e.from_status, toStatus: e.to_status, actor: e.actor, unitCode: e.unit_code, note: e.note, internal: !e.public })),
        duplicates: duplicates.map((d) => ({ id: d.id, trackingCode: d.tracking_code, status: d.status as FeedbackStatus, distanceM: Math.round(d.distance_m), createdAt: iso(d.created_at)! })),
        merged: (await repo.mergedInto(row.id)).map((m) => ({ id: m.id, trackingCode: m.tracking_code })),
        allowedActions: canHandle ? (Object.keys(TRANSITIONS) as FeedbackAction[]).filter((a) => TRANSITIONS[a].from.includes(row.status as FeedbackStatus)) : [],
      };
    },

    /** Shows the complainant's contact in clear to a role that needs it; every reveal is audited. */
    async reveal(actor: Actor, user: AuthenticatedUser, id: number) {
      if (!REVEALERS.includes(user.role)) throw new HttpError(403, 'forbidden', 'your role may not see the complainant\'s contact');
      const row = await loadVisible(user, id);
      await ctx.audit.record(actor, { action: 'feedback.reveal_contact', targetType: 'feedback_report', targetId: id, details: { trackingCode: row.tracking_code } });
      return { name: row.reporter_name, phone: row.reporter_phone, email: row.reporter_email };
    },

    async transition(actor: Actor, user: AuthenticatedUser, id: number, action: FeedbackAction, body: { reason?: string | undefined; unitCode?: string | undefined; answer?: string | undefined; photos?: { name: string; data: Buffer }[] }) {
      if (!HANDLERS.includes(user.role)) throw new HttpError(403, 'forbidden', 'leaders follow reports but do not handle them');
      const row = await loadVisible(user, id);
      if (row.merged_into_id) throw new HttpError(409, 'merged', `this report was merged into report ${row.merged_into_id}: act on that one`);
      const rule = TRANSITIONS[action];
      const from = row.status as FeedbackStatus;
      if (!rule.from.includes(from)) throw new HttpError(409, 'bad_transition', `cannot ${action} a report that is ${from}`);
      const now = ctx.clock.now();
      let set: ReportPatch = { status: rule.to, updated_at: now };
      let note: string | null = null;
      let unitId: number | null = null;
      const answerPhotos: StoredPhoto[] = [];
      if (action === 'reject') {
        note = body.reason?.trim() || null;
        if (!note) throw badRequest('reason: say why the report is rejected');
        set = { ...set, reject_reason: note, closed_at: now };
      } else if (action === 'verify') {
        set = { ...set, verified_at: now };
      } else if (action === 'assign') {
        const code = body.unitCode ?? (row.ward_unit_id ? unitCache.get(row.ward_unit_id)?.code ?? (await repo.units([row.ward_unit_id]))[0]?.code : undefined);
        const unit = code ? await repo.unitByCode(code) : undefined;
        if (!unit) throw badRequest(`unitCode: unknown unit "${code ?? ''}"`);
        const reassign = row.assigned_unit_id !== null;
        note = body.reason?.trim() || null;
        if (reassign && !note) throw badRequest('reason: say why the report is re-assigned');
        if (user.role === 'officer' && reassign && row.assigned_unit_id !== user.unitId && unit.id !== user.unitId) throw new HttpError(403, 'forbidden', 'an officer re-assigns only reports of their own unit');
        unitId = unit.id;
        set = { ...set, assigned_unit_id: unit.id, assigned_at: now, ...(from === 'received' ? { verified_at: now } : {}) };
        note = `${unit.code}${note ? ` — ${note}` : ''}`;
      } else if (action === 'resolve') {
        const answer = body.answer?.trim();
        if (!answer || answer.length < 5) throw badRequest('answer: write the answer to the citizen (at least 5 characters)');
        if ((body.photos ?? []).length > settings.photoMaxCount) throw badRequest(`at most ${settings.photoMaxCount} photos`);
        for (const p of body.photos ?? []) {
          if (p.data.length > settings.photoMaxBytes) throw new HttpError(413, 'photo_too_large', `"${p.name}" is too large`);
          answerPhotos.push(await processPhoto(p.data, p.name));
        }
        note = answer;
        set = { ...set, answer, resolved_at: now };
      } else if (action === 'close') {
        set = { ...set, closed_at: now };
      }
      const changed = await db.transaction().execute(async (tx) => {
        const r = feedbackRepository(tx);
        const locked = await r.forUpdate(id);
        if (!locked || locked.status !== from) throw new HttpError(409, 'conflict', 'the report changed meanwhile: reload it');
        const ids = await r.updateGroup(id, set);
        for (const p of answerPhotos) await r.insertPhoto(id, 'answer', p, now);
        await record(tx, ids, { kind: action === 'assign' && row.assigned_unit_id !== null ? 'reassigned' : rule.to, from, to: rule.to, note, unitId }, actor);
        return ids;
      });
      await ctx.audit.record(actor, { action: `feedback.${action}`, targetType: 'feedback_report', targetId: id, details: { from, to: rule.to, merged: changed.filter((x) => x !== id), ...(note ? { note } : {}) } });
      ctx.events.emit('feedback.status', { id, trackingCode: row.tracking_code, from, to: rule.to });
      return service.detail(user, id);
    },

    /**
     * Changes a report's category (the suggestion or the citizen may be wrong): the department it
     * is routed to follows the new category's rule, the deadline stays (the citizen was promised
     * it), and the timeline says who changed it, from what and why.
     */
    async recategorise(actor: Actor, user: AuthenticatedUser, id: number, categoryCode: string, reason: string | undefined) {
      if (!HANDLERS.includes(user.role)) throw new HttpError(403, 'forbidden', 'leaders follow reports but do not handle them');
      const row = await loadVisible(user, id);
      if (row.merged_into_id) throw new HttpError(409, 'merged', `this report was merged into report ${row.merged_into_id}: act on that one`);
      const cats = await categoriesByCode();
      const cat = cats.get(categoryCode);
      if (!cat) throw badRequest(`category: unknown category "${categoryCode}"`, { categories: [...cats.keys()] });
      if (['closed', 'rejected'].includes(row.status)) throw new HttpError(409, 'bad_transition', `cannot change the category of a report that is ${row.status}`);
      if (cat.code === row.category_code) return service.detail(user, id);
      const now = ctx.clock.now();
      const departmentUnitId = row.ward_code ? await repo.routeDepartment(cat.code, row.ward_code) : row.department_unit_id;
      await db.transaction().execute(async (tx) => {
        const r = feedbackRepository(tx);
        await r.update(id, { category_code: cat.code, department_unit_id: departmentUnitId, updated_at: now });
        const note = `${row.category_code} → ${cat.code}${reason?.trim() ? ` — ${reason.trim()}` : ''}`;
        await record(tx, [id], { kind: 'recategorised', note, public: false }, actor);
      });
      await ctx.audit.record(actor, { action: 'feedback.recategorise', targetType: 'feedback_report', targetId: id, details: { from: row.category_code, to: cat.code } });
      return service.detail(user, id);
    },

    async bulkAssign(actor: Actor, user: AuthenticatedUser, ids: number[], unitCode: string, reason: string | undefined) {
      const results: { id: number; ok: boolean; error?: string; code?: string }[] = [];
      for (const id of ids) {
        try {
          await service.transition(actor, user, id, 'assign', { unitCode, reason: reason ?? 'bulk assignment' });
          results.push({ id, ok: true });
        } catch (e) {
          if (!(e instanceof HttpError)) throw e;
          results.push({ id, ok: false, error: e.message, code: e.code });
        }
      }
      return { results };
    },

    /** An internal note (staff only): on the timeline, never in the citizen's view nor in Open311. */
    async addNote(actor: Actor, user: AuthenticatedUser, id: number, text: string) {
      if (!HANDLERS.includes(user.role)) throw new HttpError(403, 'forbidden', 'leaders follow reports but do not handle them');
      await loadVisible(user, id);
      const note = text.trim();
      if (!note) throw badRequest('text: write the note');
      await db.transaction().execute((tx) => record(tx, [id], { kind: 'note', note, public: false, unitId: user.unitId ?? null }, actor));
      await ctx.audit.record(actor, { action: 'feedback.note', targetType: 'feedback_report', targetId: id });
      return service.detail(user, id);
    },

    // Canned replies (data the admin edits) ---------------------------------------------
    async cannedReplies(): Promise<FeedbackCannedReply[]> {
      return (await repo.cannedReplies()).map((c) => ({ id: c.id, titleVi: c.title_vi, titleEn: c.title_en, bodyVi: c.body_vi, sortOrder: c.sort_order, updatedAt: iso(c.updated_at)!, updatedBy: c.updated_by }));
    },
    async saveCannedReply(actor: Actor, user: AuthenticatedUser, id: number | null, input: FeedbackCannedReplyInput) {
      const row = { title_vi: input.titleVi.trim(), title_en: input.titleEn.trim(), body_vi: input.bodyVi.trim(), updated_by: user.username, updated_at: ctx.clock.now() };
      if (!row.title_vi || !row.title_en || row.body_vi.length < 5) throw badRequest('a canned reply needs both titles and a text of at least 5 characters');
      if (id === null) id = await repo.insertCannedReply({ ...row, sort_order: input.sortOrder ?? 100 });
      else if (!(await repo.updateCannedReply(id, { ...row, ...(input.sortOrder !== undefined ? { sort_order: input.sortOrder } : {}) }))) throw notFound('canned reply');
      await ctx.audit.record(actor, { action: 'feedback.canned_reply', targetType: 'feedback_canned_reply', targetId: id });
      return service.cannedReplies();
    },
    async deleteCannedReply(actor: Actor, id: number) {
      if (!(await repo.deleteCannedReply(id))) throw notFound('canned reply');
      await ctx.audit.record(actor, { action: 'feedback.canned_reply_delete', targetType: 'feedback_canned_reply', targetId: id });
      return service.cannedReplies();
    },

    /** Merges `id` into `intoId`: it takes the primary's status and answer from now on. */
    async merge(actor: Actor, user: AuthenticatedUser, id: number, intoId: number) {
      if (!HANDLERS.includes(user.role)) throw new HttpError(403, 'forbidden', 'leaders do not merge reports');
      if (id === intoId) throw badRequest('a report cannot be merged into itself');
      const child = await loadVisible(user, id);
      const primary = await loadVisible(user, intoId);
      if (child.merged_into_id) throw new HttpError(409, 'merged', 'this report is already merged');
      if (primary.merged_into_id) throw badRequest(`report ${intoId} is itself merged into ${primary.merged_into_id}`);
      if (child.category_code !== primary.category_code) throw badRequest('only reports of the same category can be merged');
      const now = ctx.clock.now();
      await db.transaction().execute(async (tx) => {
        const r = feedbackRepository(tx);
        // Reports already merged into the child follow the new primary too.
        await r.update(id, { merged_into_id: intoId, status: primary.status, answer: primary.answer, assigned_unit_id: primary.assigned_unit_id, resolved_at: primary.resolved_at, updated_at: now });
        await r.moveMerged(id, intoId, primary.status);
        await record(tx, [id], { kind: 'merged', from: child.status, to: primary.status, note: primary.tracking_code }, actor);
        await record(tx, [intoId], { kind: 'merged_in', note: child.tracking_code, public: false }, actor);
      });
      await ctx.audit.record(actor, { action: 'feedback.merge', targetType: 'feedback_report', targetId: id, details: { into: intoId } });
      return service.detail(user, intoId);
    },

    // Routing rules -------------------------------------------------------------------------
    async rules() {
      return (await repo.rules()).map((r) => ({ id: r.id, categoryCode: r.category_code, wardCode: r.ward_code, unitCode: r.unit_code, updatedAt: iso(r.updated_at)!, updatedBy: r.updated_by }));
    },

    async setRule(actor: Actor, user: AuthenticatedUser, categoryCode: string, wardCode: string | null, unitCode: string) {
      const cats = await categoriesByCode();
      if (!cats.has(categoryCode)) throw badRequest(`unknown category "${categoryCode}"`);
      const unit = await repo.unitByCode(unitCode);
      if (!unit) throw badRequest(`unknown unit "${unitCode}"`);
      await repo.upsertRule(categoryCode, wardCode, unit.id, user.username, ctx.clock.now());
      await ctx.audit.record(actor, { action: 'feedback.rule', targetType: 'feedback_rule', targetId: categoryCode, details: { wardCode, unitCode } });
      return service.rules();
    },

    /** Removes a ward-specific rule; the category's rule applies there again. */
    async deleteRule(actor: Actor, id: number) {
      const gone = await repo.deleteWardRule(id);
      if (!gone) throw notFound('ward-specific rule');
      await ctx.audit.record(actor, { action: 'feedback.rule_delete', targetType: 'feedback_rule', targetId: gone.category_code, details: { wardCode: gone.ward_code } });
      return service.rules();
    },

    // Deadlines -----------------------------------------------------------------------------
    /** Reminders before, escalation after a deadline, auto-close after N days resolved. Idempotent. */
    async runDeadlineChecks() {
      const now = ctx.clock.now();
      const reminders = await repo.dueForReminder(now, new Date(now.getTime() + settings.remindHours * 3600_000));
      const escalations = await repo.dueForEscalation(now);
      const toClose = await repo.dueForAutoClose(new Date(now.getTime() - settings.autoCloseDays * 86_400_000));
      for (const r of reminders) {
        await db.transaction().execute(async (tx) => {
          await feedbackRepository(tx).update(r.id, { reminded_at: now });
          await record(tx, [r.id], { kind: 'reminder', note: `deadline ${iso(r.deadline_at)}`, unitId: r.assigned_unit_id, public: false }, SYSTEM_ACTOR);
        });
        ctx.events.emit('feedback.reminder', { id: r.id, trackingCode: r.tracking_code, unitId: r.assigned_unit_id, deadlineAt: iso(r.deadline_at)! });
      }
      for (const r of escalations) {
        await db.transaction().execute(async (tx) => {
          await feedbackRepository(tx).update(r.id, { escalated_at: now });
          await record(tx, [r.id], { kind: 'escalated', note: `overdue since ${iso(r.deadline_at)}: raised to the leaders`, unitId: r.assigned_unit_id, public: false }, SYSTEM_ACTOR);
        });
        await ctx.audit.record(SYSTEM_ACTOR, { action: 'feedback.escalate', targetType: 'feedback_report', targetId: r.id, details: { deadlineAt: iso(r.deadline_at) } });
        ctx.events.emit('feedback.escalated', { id: r.id, trackingCode: r.tracking_code, unitId: r.assigned_unit_id, deadlineAt: iso(r.deadline_at)! });
      }
      for (const id of toClose) {
        await db.transaction().execute(async (tx) => {
          const ids = await feedbackRepository(tx).updateGroup(id, { status: 'closed', closed_at: now, updated_at: now });
          await record(tx, ids, { kind: 'closed', from: 'resolved', to: 'closed', note: `no rating within ${settings.autoCloseDays} days` }, SYSTEM_ACTOR);
        });
        await ctx.audit.record(SYSTEM_ACTOR, { action: 'feedback.close', targetType: 'feedback_report', targetId: id, details: { auto: true } });
      }
      return { reminded: reminders.length, escalated: escalations.length, closed: toClose.length };
    },

    // Leader view ---------------------------------------------------------------------------
    async stats(user: AuthenticatedUser, q: { by: 'category' | 'unit' | 'ward' | 'month'; from?: string | undefined; to?: string | undefined }): Promise<{ by: string; from: string; to: string; rows: FeedbackStatsRow[]; total: FeedbackStatsRow }> {
      const now = ctx.clock.now();
      const to = q.to ?? localToday(now);
      const from = q.from ?? localToday(new Date(now.getTime() - 365 * 86_400_000));
      const scope = await scopeFor(user);
      const rows = await repo.stats(scope, q.by, from, to, now);
      const toRow = (r: (typeof rows)[number]): FeedbackStatsRow => ({
        key: r.key ?? 'total',
        label: r.label ?? '',
        received: r.received,
        resolved: r.resolved,
        onTime: r.on_time,
        onTimePct: r.resolved ? Math.round((r.on_time / r.resolved) * 1000) / 10 : null,
        overdue: r.overdue,
        avgResolutionHours: r.avg_hours === null ? null : Math.round(r.avg_hours * 10) / 10,
        avgRating: r.avg_rating === null ? null : Math.round(r.avg_rating * 100) / 100,
        ratings: r.ratings,
      });
      const totalRow = rows.find((r) => r.key === null);
      const body = rows.filter((r) => r.key !== null).map(toRow);
      if (q.by === 'unit') body.sort((a, b) => (b.avgRating ?? -1) - (a.avgRating ?? -1));
      const empty = { key: 'total', label: '', received: 0, resolved: 0, onTime: 0, onTimePct: null, overdue: 0, avgResolutionHours: null, avgRating: null, ratings: 0 };
      return { by: q.by, from, to, rows: body, total: totalRow ? { ...toRow(totalRow), key: 'total' } : empty };
    },
  };
  return service;
}

export type FeedbackService = ReturnType<typeof createFeedbackService>;
