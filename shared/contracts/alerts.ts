// Alerts, alert rules, incidents, SOP templates, webhooks and live-stream messages, shared by the
// server (alerts, incidents, live, cap modules) and the web client (live, incidents pages).

/** CAP-compatible severities, most severe first. */
export const ALERT_SEVERITIES = ['Extreme', 'Severe', 'Moderate', 'Minor'] as const;
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];
/** CAP 1.2 categories. */
export const ALERT_CATEGORIES = ['Geo', 'Met', 'Safety', 'Security', 'Rescue', 'Fire', 'Health', 'Env', 'Transport', 'Infra', 'CBRNE', 'Other'] as const;
export type AlertCategory = (typeof ALERT_CATEGORIES)[number];

/** A rule condition, evaluated per sensor. `metric` absent: any metric of the reading. */
export type RuleCondition =
  /** Fires when value `op` `value`; clears only once the value is back past `clear` (hysteresis). */
  | { kind: 'threshold'; metric?: string; op: '>=' | '>' | '<=' | '<'; value: number; clear?: number }
  /** Fires when the value changed by at least `change` (signed: negative = fall) within `windowMinutes`. */
  | { kind: 'rate'; metric?: string; windowMinutes: number; change: number }
  /** Fires when the sensor sent nothing for `minutes` (checked periodically). */
  | { kind: 'no_data'; minutes: number }
  /** Combined: all / any of the sub-conditions active for the same sensor. */
  | { kind: 'all' | 'any'; conditions: RuleCondition[] };

/** A rule as listed, with the number of its alerts not yet resolved. */
export type AlertRuleListItem = AlertRule & { unresolvedAlerts: number };

export interface AlertRule {
  id: number;
  key: string | null;
  nameVi: string;
  nameEn: string;
  enabled: boolean;
  sensorType: string | null;
  sensorId: string | null;
  areaCode: string | null;
  condition: RuleCondition;
  severity: AlertSeverity;
  category: AlertCategory;
  public: boolean;
  autoResolve: boolean;
  instructionVi: string | null;
  instructionEn: string | null;
  updatedAt: string;
  updatedBy: string;
}

export type AlertRuleInput = Omit<AlertRule, 'id' | 'key' | 'updatedAt' | 'updatedBy'>;

export interface GeoPoint {
  type: 'Point';
  coordinates: [number, number];
}

export interface Alert {
  id: number;
  ruleId: number | null;
  sensorId: string | null;
  sensorType: string | null;
  metric: string | null;
  source: 'rule' | 'manual';
  status: AlertStatus;
  severity: AlertSeverity;
  category: AlertCategory;
  titleVi: string;
  titleEn: string;
  descriptionVi: string;
  descriptionEn: string;
  instructionVi: string | null;
  instructionEn: string | null;
  areaCode: string | null;
  place: string | null;
  point: GeoPoint | null;
  public: boolean;
  value: number | null;
  peakValue: number | null;
  updateCount: number;
  openedAt: string;
  lastFiredAt: string;
  /** When the condition ended (the alert may stay open until someone resolves it). */
  clearedAt: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedAt: string | null;
  resolvedBy: string | null;
  escalationLevel: number;
  escalatedAt: string | null;
  incidentId: number | null;
  createdBy: string;
  updatedAt: string;
}

export interface TimelineEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  comment: string | null;
  details: Record<string, unknown>;
}

export interface AlertDetail extends Alert {
  timeline: TimelineEntry[];
}

/** What changed about an alert (event `alert.changed`, live stream `alert`, webhooks). */
export type AlertChange = 'opened' | 'updated' | 'cleared' | 'refired' | 'acknowledged' | 'resolved' | 'escalated' | 'incident';

export const INCIDENT_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_TYPES = ['flooding', 'fire', 'traffic_accident', 'air_pollution', 'fallen_tree', 'power_outage'] as const;

export interface SopStep {
  vi: string;
  en: string;
}

export interface SopTemplate {
  incidentType: string;
  nameVi: string;
  nameEn: string;
  steps: SopStep[];
  builtIn: boolean;
  updatedAt: string;
  updatedBy: string;
}

export interface IncidentStep {
  id: number;
  position: number;
  textVi: string;
  textEn: string;
  done: boolean;
  doneAt: string | null;
  doneBy: string | null;
  note: string | null;
}

export interface Incident {
  id: number;
  type: string;
  title: string;
  description: string;
  severity: AlertSeverity;
  status: IncidentStatus;
  point: GeoPoint | null;
  areaCode: string | null;
  areaName: string | null;
  assignedUnit: string | null;
  sourceKind: 'alert' | 'feedback' | 'record' | 'text';
  sourceRef: string | null;
  alertId: number | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  closedAt: string | null;
  closedBy: string | null;
  stepsDone: number;
  stepsTotal: number;
}

export interface IncidentDetail extends Incident {
  steps: IncidentStep[];
  timeline: TimelineEntry[];
}

export interface Webhook {
  id: number;
  url: string;
  format: 'json' | 'cap';
  includePrivate: boolean;
  enabled: boolean;
  createdAt: string;
  createdBy: string;
  /** Deliveries are signed (the secret itself is never sent back). */
  hasSecret: boolean;
}

export interface WebhookDelivery {
  id: number;
  webhookId: number;
  alertId: number;
  event: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

/** Messages of the live stream (`GET /api/live/stream`, SSE): the SSE event name is `type`. */
export interface LiveReading {
  sensorId: string;
  sensorType: string;
  metric: string;
  ts: string;
  value: number;
  areaCodes: string[];
}
export type LiveMessage =
  | { type: 'hello'; at: string; user: string }
  | { type: 'readings'; readings: LiveReading[] }
  | { type: 'alert'; change: AlertChange; alert: Alert }
  | { type: 'incident'; change: string; incident: Incident };
