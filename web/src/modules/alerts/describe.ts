// Plain-language summaries of a rule's scope and condition for the rule list
// ("Mực nước / triều ≥ 1.6 m, hết khi < 1.5 m").
import type { TFunction } from 'i18next';
import type { AlertRule, RuleCondition } from '../../../../shared/contracts/alerts.ts';
import { SENSOR_TYPE_INFO, type SensorType } from '../../../../shared/contracts/sensors.ts';

export const OPS = ['>=', '>', '<=', '<'] as const;
const OP_SIGN: Record<(typeof OPS)[number], string> = { '>=': '≥', '>': '>', '<=': '≤', '<': '<' };

function info(metric: string | undefined) {
  return metric ? SENSOR_TYPE_INFO[metric as SensorType] : undefined;
}

/** The title of a sensor type or metric in the UI language, or the raw name. */
export function typeTitle(type: string, en: boolean): string {
  const i = info(type);
  return i ? (en ? i.titleEn : i.titleVi) : type;
}

function num(v: number | undefined, lang: string): string {
  return v === undefined || !Number.isFinite(v) ? '?' : v.toLocaleString(lang, { maximumFractionDigits: 3 });
}

/**
 * `sensorType`: the rule's scope; a condition without a metric then reads with that type's name
 * and unit (a water-level rule's "any metric" is in practice its water level).
 */
export function conditionSummary(c: RuleCondition, t: TFunction, lang: string, sensorType?: string | null): string {
  const en = lang === 'en';
  const what = (metric: string | undefined) => {
    const m = metric ?? sensorType ?? undefined;
    return m ? typeTitle(m, en) : t('alerts.summary.value');
  };
  const unit = (metric: string | undefined) => {
    const u = info(metric ?? sensorType ?? undefined)?.unit;
    return u && !u.includes('/') ? ` ${u}` : '';
  };
  switch (c.kind) {
    case 'threshold': {
      const main = `${what(c.metric)} ${OP_SIGN[c.op] ?? c.op} ${num(c.value, lang)}${unit(c.metric)}`;
      if (c.clear === undefined) return main;
      const back = c.op === '>=' || c.op === '>' ? '<' : '>';
      return `${main}${t('alerts.summary.clears', { op: back, value: `${num(c.clear, lang)}${unit(c.metric)}` })}`;
    }
    case 'rate':
      return t(c.change >= 0 ? 'alerts.summary.rise' : 'alerts.summary.fall', {
        what: what(c.metric), change: `${num(Math.abs(c.change), lang)}${unit(c.metric)}`, minutes: num(c.windowMinutes, lang),
      });
    case 'no_data':
      return t('alerts.summary.noData', { minutes: num(c.minutes, lang) });
    case 'all':
    case 'any': {
      const parts = c.conditions.map((x) => {
        const text = conditionSummary(x, t, lang, sensorType);
        return x.kind === 'all' || x.kind === 'any' ? `(${text})` : text;
      });
      return parts.join(t(c.kind === 'all' ? 'alerts.summary.and' : 'alerts.summary.or'));
    }
    default:
      return JSON.stringify(c);
  }
}

export function scopeSummary(r: Pick<AlertRule, 'sensorType' | 'sensorId' | 'areaCode'>, t: TFunction, lang: string): string {
  const parts: string[] = [];
  if (r.sensorType) parts.push(typeTitle(r.sensorType, lang === 'en'));
  if (r.sensorId) parts.push(t('alerts.summary.sensor', { id: r.sensorId }));
  if (r.areaCode) parts.push(t('alerts.summary.area', { code: r.areaCode }));
  return parts.length ? parts.join(' · ') : t('alerts.summary.anySensor');
}
