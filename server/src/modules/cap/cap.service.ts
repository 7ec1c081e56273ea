// CAP 1.2 documents and the Atom feed of public alerts. Each alert becomes one CAP message
// with a Vietnamese and an English <info> block; its area is the ward outline (polygon) and,
// when the alert has a point, a 0.5 km circle around it.
import type { Alert } from '../../../../shared/contracts/alerts.ts';
import type { AppContext } from '../../platform/context.ts';
import { readModuleSettings } from '../../config.ts';
import { notFound } from '../../platform/http/errors.ts';
import { toAlert, type AlertsService } from '../alerts/index.ts';
import { localToday } from '../areas/index.ts';
import { capRepository } from './cap.repository.ts';

export function readCapSettings(ctx: AppContext) {
  return readModuleSettings(ctx.config, (env) => ({
    sender: env.str('CAP_SENDER', 'ioc@cityops.local'),
    senderName: env.str('CAP_SENDER_NAME', 'Trung tâm Điều hành đô thị thông minh (IOC)'),
  }));
}

export const xmlEscape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

/** CAP dateTime: local time of the operations centre with its offset, no fraction. */
export function capTime(iso: string): string {
  const t = new Date(Date.parse(iso) + 7 * 3600_000).toISOString().slice(0, 19);
  return `${t}+07:00`;
}

const el = (name: string, value: string | null | undefined) => (value ? `<${name}>${xmlEscape(value)}</${name}>` : '');

/** The CAP message of an alert's current state (Alert, then Update; Cancel once resolved). */
export function capXml(a: Alert, o: { sender: string; senderName: string; web: string; area: { ring: [number, number][]; name: string } | null }): string {
  const firstId = `cityops-alert-${a.id}`;
  const isFirst = a.updatedAt === a.openedAt;
  const msgType = a.status === 'resolved' ? 'Cancel' : isFirst ? 'Alert' : 'Update';
  const identifier = isFirst ? firstId : `${firstId}-${Date.parse(a.updatedAt)}`;
  const urgency = a.status === 'resolved' ? 'Past' : a.severity === 'Extreme' || a.severity === 'Severe' ? 'Immediate' : 'Expected';
  const certainty = a.source === 'rule' ? 'Observed' : 'Likely';
  const polygon = o.area && o.area.ring.length >= 4 ? o.area.ring.map(([lon, lat]) => `${lat},${lon}`).join(' ') : null;
  const circle = a.point ? `${a.point.coordinates[1]},${a.point.coordinates[0]} 0.5` : null;
  const areaDesc = [a.place, o.area?.name].filter(Boolean).join(', ') || 'Thành phố Hồ Chí Minh';
  const area = `<area>${el('areaDesc', areaDesc)}${polygon ? el('polygon', polygon) : ''}${circle ? el('circle', circle) : ''}${
    a.areaCode ? `<geocode><valueName>VN-ADMIN-CODE</valueName><value>${xmlEscape(a.areaCode)}</value></geocode>` : ''}</area>`;
  const info = (lang: 'vi-VN' | 'en-US', event: string, headline: string, description: string, instruction: string | null) =>
    `<info>${el('language', lang)}${el('category', a.category)}${el('event', event)}${el('urgency', urgency)}${el('severity', a.severity)}` +
    `${el('certainty', certainty)}${el('effective', capTime(a.openedAt))}${el('senderName', o.senderName)}${el('headline', headline)}` +
    `${el('description', description || headline)}${el('instruction', instruction)}${el('web', o.web)}${area}</info>`;
  return '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">${el('identifier', identifier)}${el('sender', o.sender)}` +
    `${el('sent', capTime(a.updatedAt))}<status>Actual</status>${el('msgType', msgType)}<scope>Public</scope>` +
    `${isFirst ? '' : el('references', `${o.sender},${firstId},${capTime(a.openedAt)}`)}` +
    info('vi-VN', a.titleVi.split(' — ')[0]!, a.titleVi, a.descriptionVi, a.instructionVi) +
    info('en-US', a.titleEn.split(' — ')[0]!, a.titleEn, a.descriptionEn, a.instructionEn) +
    '</alert>\n';
}

export function createCapService(ctx: AppContext, deps: { alerts: AlertsService }) {
  const repo = capRepository(ctx.db.kysely);
  const { alerts } = deps;
  const settings = () => readCapSettings(ctx);

  async function areaOf(a: Alert) {
    return a.areaCode ? repo.areaRing(a.areaCode, localToday(ctx.clock.now())) : null;
  }

  return {
    async xmlFor(a: Alert, baseUrl: string): Promise<string> {
      const s = settings();
      return capXml(a, { sender: s.sender, senderName: s.senderName, web: `${baseUrl}/cap/alerts/${a.id}.xml`, area: await areaOf(a) });
    },
    async publicAlert(id: number): Promise<Alert> {
      const row = await alerts.repo.getAlert(id);
      if (!row || !row.public) throw notFound('public alert');
      return toAlert(row);
    },
    async atom(baseUrl: string): Promise<string> {
      const { rows } = await alerts.repo.listAlerts({ publicOnly: true, limit: 100, offset: 0 });
      const list = rows.map(toAlert).sort((x, y) => (x.updatedAt < y.updatedAt ? 1 : -1));
      const s = settings();
      const updated = list[0]?.updatedAt ?? new Date(0).toISOString();
      const entries = list.map((a) =>
        `<entry><id>urn:cityops:alert:${a.id}:${Date.parse(a.updatedAt)}</id>${el('title', a.titleVi)}<updated>${a.updatedAt}</updated>` +
        `<published>${a.openedAt}</published>${el('summary', a.descriptionVi || a.titleEn)}` +
        `<category term="${xmlEscape(a.category)}"/><category term="${xmlEscape(a.severity)}"/>` +
        `<link rel="alternate" type="application/cap+xml" href="${xmlEscape(`${baseUrl}/cap/alerts/${a.id}.xml`)}"/></entry>`).join('');
      return '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="vi">' +
        `<id>urn:cityops:cap:alerts</id><title>Cảnh báo công khai — cityops IOC</title><updated>${updated}</updated>` +
        `<author>${el('name', s.senderName)}</author><link rel="self" type="application/atom+xml" href="${xmlEscape(`${baseUrl}/cap/alerts.atom`)}"/>` +
        entries + '</feed>\n';
    },
  };
}

export type CapService = ReturnType<typeof createCapService>;
