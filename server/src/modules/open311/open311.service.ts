// Open311 GeoReport v2 rules over the feedback module: client application keys, the service
// list, request search and intake. Errors carry the status and the description the spec's
// error list answers; the routes only render them as JSON or XML.
import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../platform/context.ts';
import type { Actor } from '../../platform/actor.ts';
import { notFound } from '../../platform/http/errors.ts';
import { photoUrl, type FeedbackService } from '../feedback/index.ts';
import { open311Repository, type RequestRow } from './open311.repository.ts';

const OPEN = ['received', 'verified', 'assigned', 'in_progress'];
const CLOSED = ['resolved', 'closed', 'rejected'];

/** An error answered in the Open311 format. */
export class Open311Error extends Error {
  constructor(
    readonly status: number,
    readonly description: string,
  ) {
    super(description);
  }
}

function parseDate(v: string | undefined, name: string): Date | undefined {
  if (v === undefined || v === '') return undefined;
  const d = new Date(v);
  // Years beyond 0001–9999 (`+275760-09-13`) are valid for Date but not for the database: a 400, not a 500.
  if (Number.isNaN(d.getTime()) || d.getUTCFullYear() < 1 || d.getUTCFullYear() > 9999) throw new Open311Error(400, `${name} must be a w3 date-time, e.g. 2026-11-23T10:00:00+07:00`);
  return d;
}

/** The public id of a request (`r123`): its tracking code stays with the citizen. */
const publicId = (id: number) => `r${id}`;
const idOfPublic = (s: string): number | null => {
  const m = /^r(\d{1,9})$/i.exec(s);
  return m ? Number(m[1]) : null;
};
/** ~100 m: enough to find the place, not the doorstep. */
const round3 = (v: number) => Math.round(v * 1000) / 1000;

/** The query parameters of GET requests.{format}. */
export interface RequestsQuery {
  service_request_id?: string | undefined;
  service_code?: string | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  status?: string | undefined;
}

export function createOpen311Service(ctx: AppContext, deps: { feedback: FeedbackService }) {
  const repo = open311Repository(ctx.db.kysely);
  const { feedback } = deps;

  /**
   * One request as GeoReport answers it. Anyone may list requests, so the public view carries
   * what staff published (status, answer, unit) and the place to ~100 m and its ward: no
   * tracking code (the citizen's credential: the public id is `r{id}`), no citizen's free text
   * (descriptions and addresses have held ID numbers and phone numbers). The submitter, who
   * asks by their tracking code, also gets back their own description and address.
   */
  function toRequest(r: RequestRow, base: string, submitter: boolean) {
    const closed = CLOSED.includes(r.status);
    return {
      service_request_id: submitter ? r.tracking_code : publicId(r.id),
      status: closed ? 'closed' : 'open',
      status_notes: r.status === 'rejected' ? r.reject_reason : r.answer,
      service_name: r.category_name,
      service_code: r.category_code,
      description: submitter ? r.description : null,
      agency_responsible: r.unit_name,
      service_notice: null,
      requested_datetime: new Date(r.created_at).toISOString(),
      updated_datetime: new Date(r.updated_at).toISOString(),
      expected_datetime: new Date(r.deadline_at).toISOString(),
      address: submitter ? (r.address ?? r.ward_name) : r.ward_name,
      address_id: null,
      zipcode: null,
      lat: round3(r.lat),
      long: round3(r.lon),
      media_url: r.photo_token ? `${base}${photoUrl(r.photo_token)}` : null,
    };
  }

  async function assertService(code: string) {
    const cats = await feedback.categories();
    if (!cats.some((c) => c.code === code)) throw new Open311Error(404, `service_code "${code}" not found`);
  }

  return {
    async keys() {
      return (await repo.keys()).map((k) => ({
        id: k.id, appName: k.app_name, contact: k.contact, keyHint: k.key_hint, createdAt: new Date(k.created_at).toISOString(),
        createdBy: k.created_by, revokedAt: k.revoked_at ? new Date(k.revoked_at).toISOString() : null,
      }));
    },

    /** Issues a key; the key itself is returned once and only its hash is kept. */
    async issueKey(actor: Actor, appName: string, contact: string | null) {
      const key = `o311_${randomBytes(20).toString('hex')}`;
      const id = await repo.insertKey(appName, contact, key, actor.user?.username ?? 'system');
      await ctx.audit.record(actor, { action: 'open311.key_issue', targetType: 'open311_key', targetId: id, details: { appName } });
      return { id, appName, apiKey: key };
    },

    async revokeKey(actor: Actor, id: number) {
      if (!(await repo.revokeKey(id, ctx.clock.now()))) throw notFound('active key');
      await ctx.audit.record(actor, { action: 'open311.key_revoke', targetType: 'open311_key', targetId: id });
    },

    async services() {
      const cats = await feedback.categories();
      return cats.map((c) => ({
        service_code: c.code,
        service_name: c.nameVi,
        description: `${c.descriptionVi} (${c.nameEn}); thời hạn xử lý ${c.deadlineDays} ngày làm việc`,
        metadata: false,
        type: 'realtime',
        keywords: c.nameEn.toLowerCase(),
        group: 'Phản ánh hiện trường',
      }));
    },

    /** A service's definition: no service has extra attributes (metadata=false), so it lists none. */
    async serviceDefinition(code: string) {
      await assertService(code);
      return { service_code: code, attributes: [] };
    },

    /** `base` is the server's public origin, for photo links. */
    async requests(q: RequestsQuery, base: string) {
      const end = parseDate(q.end_date, 'end_date') ?? ctx.clock.now();
      const start = parseDate(q.start_date, 'start_date') ?? new Date(end.getTime() - 90 * 86_400_000);
      if (q.status && !['open', 'closed'].includes(q.status)) throw new Open311Error(400, 'status must be open or closed');
      const wanted = q.service_request_id?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
      const ids = wanted.map(idOfPublic).filter((x): x is number => x !== null);
      const codes = wanted.filter((w) => idOfPublic(w) === null).map((w) => w.toUpperCase());
      const filters = {
        services: q.service_code?.split(',').map((s) => s.trim()).filter(Boolean),
        start,
        end,
        statuses: q.status === 'open' ? OPEN : q.status === 'closed' ? CLOSED : undefined,
        limit: 1000,
      };
      if (!wanted.length) return (await repo.requests({ ...filters, publicOnly: true })).map((row) => toRequest(row, base, false));
      const byCode = codes.length ? await repo.requests({ ...filters, codes }) : [];
      const byId = ids.length ? await repo.requests({ ...filters, ids, publicOnly: true }) : [];
      return [...byCode.map((row) => toRequest(row, base, true)), ...byId.map((row) => toRequest(row, base, false))];
    },

    /** One request by the submitter's tracking code, or by its public id `r{id}`. */
    async request(requestId: string, base: string) {
      const id = idOfPublic(requestId);
      const rows = id !== null
        ? await repo.requests({ ids: [id], start: new Date(0), end: ctx.clock.now(), publicOnly: true, limit: 1 })
        : await repo.requests({ codes: [requestId.toUpperCase()], start: new Date(0), end: ctx.clock.now(), limit: 1 });
      if (!rows.length) throw new Open311Error(404, `service_request_id "${requestId}" not found`);
      return rows.map((row) => toRequest(row, base, id === null));
    },

    /** POST requests.{format}: a form-encoded or JSON body as the spec names its fields. */
    async submit(actor: Actor, b: Record<string, unknown>) {
      const str = (k: string) => (typeof b[k] === 'string' || typeof b[k] === 'number' ? String(b[k]).trim() : '') || undefined;
      const apiKey = str('api_key');
      if (!apiKey) throw new Open311Error(403, 'api_key is required: ask the administrators for a key');
      let keyId: number | null = null;
      if (!(apiKey === 'demo' && ctx.config.demo)) {
        const key = await repo.activeKey(apiKey);
        if (!key) throw new Open311Error(403, 'invalid api_key');
        keyId = key.id;
      }
      const serviceCode = str('service_code');
      if (!serviceCode) throw new Open311Error(400, 'service_code is required');
      await assertService(serviceCode);
      const lat = str('lat');
      const lon = str('long');
      const address = str('address_string');
      if ((lat === undefined || lon === undefined) && !address) throw new Open311Error(400, 'a location is required: lat and long, or address_string');
      const description = str('description');
      if (!description) throw new Open311Error(400, 'description is required');
      const name = [str('first_name'), str('last_name')].filter(Boolean).join(' ') || undefined;
      const mediaUrl = str('media_url');
      if (mediaUrl && !/^https?:\/\//i.test(mediaUrl)) throw new Open311Error(400, 'media_url must be an http(s) URL');
      const receipt = await feedback.intake(actor, {
        channel: 'open311',
        categoryCode: serviceCode,
        description,
        lat: lat === undefined ? undefined : Number(lat),
        lon: lon === undefined ? undefined : Number(lon),
        address,
        locationSource: 'device',
        name,
        phone: str('phone'),
        email: str('email'),
        mediaUrl,
        open311KeyId: keyId,
        rateLimited: keyId === null,
      });
      return [{ service_request_id: receipt.trackingCode, service_notice: `Đã tiếp nhận; hạn xử lý ${receipt.deadlineAt}`, account_id: null }];
    },
  };
}

export type Open311Service = ReturnType<typeof createOpen311Service>;
