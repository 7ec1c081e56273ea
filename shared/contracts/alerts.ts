// Alerts, alert rules, incidents, SOP templates, webhooks and live-stream messages, shared by the
// server (alerts, incidents, live, cap modules) and the web client (live, incidents pages).
// TypeBox schemas (the server's route schemas) with their static types.
import { Type, type Static } from 'typebox';
import { PointSchema } from './geojson.ts';
import { lit, Nullable } from './schema.ts';

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

/** A rule condition in a response: one of the shapes of `RuleCondition`. */
export const RuleConditionSchema = Type.Unsafe<RuleCondition>({
  type: 'object',
  description: 'threshold {op,value,clear?,metric?} | rate {windowMinutes,change,metric?} | no_data {minutes} | all/any {conditions}',
  properties: { kind: { type: 'string', enum: ['threshold', 'rate', 'no_data', 'all', 'any'] } },
  required: ['kind'],
  additionalProperties: true,
});

export const AlertRuleSchema = Type.Object({
  id: Type.Integer(),
  key: Nullable(Type.String()),
  nameVi: Type.String(),
  nameEn: Type.String(),
  enabled: Type.Boolean(),
  sensorType: Nullable(Type.String()),
  sensorId: Nullable(Type.String()),
  areaCode: Nullable(Type.String()),
  condition: RuleConditionSchema,
  severity: lit(ALERT_SEVERITIES),
  category: lit(ALERT_CATEGORIES),
  public: Type.Boolean(),
  autoResolve: Type.Boolean(),
  instructionVi: Nullable(Type.String()),
  instructionEn: Nullable(Type.String()),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
});
export type AlertRule = Static<typeof AlertRuleSchema>;

/** A rule as listed, with the number of its alerts not yet resolved. */
export const AlertRuleListItemSchema = Type.Object({ ...AlertRuleSchema.properties, unresolvedAlerts: Type.Integer() });
export type AlertRuleListItem = Static<typeof AlertRuleListItemSchema>;
export const AlertRuleListSchema = Type.Object({ rules: Type.Array(AlertRuleListItemSchema) });

export type AlertRuleInput = Omit<AlertRule, 'id' | 'key' | 'updatedAt' | 'updatedBy'>;

export const GeoPointSchema = PointSchema;
export type GeoPoint = Static<typeof GeoPointSchema>;

export const AlertSchema = Type.Object({
  id: Type.Integer(),
  ruleId: Nullable(Type.Integer()),
  sensorId: Nullable(Type.String()),
  sensorType: Nullable(Type.String()),
  metric: Nullable(Type.String()),
  source: lit(['rule', 'manual'] as const),
  status: lit(ALERT_STATUSES),
  severity: lit(ALERT_SEVERITIES),
  category: lit(ALERT_CATEGORIES),
  titleVi: Type.String(),
  titleEn: Type.String(),
  descriptionVi: Type.String(),
  descriptionEn: Type.String(),
  instructionVi: Nullable(Type.String()),
  instructionEn: Nullable(Type.String()),
  areaCode: Nullable(Type.String()),
  place: Nullable(Type.String()),
  point: Nullable(GeoPointSchema),
  public: Type.Boolean(),
  value: Nullable(Type.Number()),
  peakValue: Nullable(Type.Number()),
  updateCount: Type.Integer(),
  openedAt: Type.String({ format: 'date-time' }),
  lastFiredAt: Type.String({ format: 'date-time' }),
  /** When the condition ended (the alert may stay open until someone resolves it). */
  clearedAt: Nullable(Type.String({ format: 'date-time', description: 'when the condition ended (the alert may stay open until someone resolves it)' })),
  acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
  acknowledgedBy: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String({ format: 'date-time' })),
  resolvedBy: Nullable(Type.String()),
  escalationLevel: Type.Integer(),
  escalatedAt: Nullable(Type.String({ format: 'date-time' })),
  incidentId: Nullable(Type.Integer()),
  createdBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Alert = Static<typeof AlertSchema>;

export const AlertListSchema = Type.Object({ total: Type.Integer(), alerts: Type.Array(AlertSchema) });
export type AlertList = Static<typeof AlertListSchema>;

export const TimelineEntrySchema = Type.Object({
  id: Type.Integer(),
  at: Type.String({ format: 'date-time' }),
  actor: Type.String(),
  action: Type.String(),
  comment: Nullable(Type.String()),
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type TimelineEntry = Static<typeof TimelineEntrySchema>;

export const AlertDetailSchema = Type.Object({ ...AlertSchema.properties, timeline: Type.Array(TimelineEntrySchema) });
export type AlertDetail = Static<typeof AlertDetailSchema>;

/** What changed about an alert (event `alert.changed`, live stream `alert`, webhooks). */
export type AlertChange = 'opened' | 'updated' | 'cleared' | 'refired' | 'acknowledged' | 'resolved' | 'escalated' | 'incident';

export const INCIDENT_STATUSES = ['open', 'in_progress', 'closed'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const INCIDENT_TYPES = ['flooding', 'fire', 'traffic_accident', 'air_pollution', 'fallen_tree', 'power_outage'] as const;

export const SopStepSchema = Type.Object({ vi: Type.String(), en: Type.String() });
export type SopStep = Static<typeof SopStepSchema>;

export const SopTemplateSchema = Type.Object({
  incidentType: Type.String(),
  nameVi: Type.String(),
  nameEn: Type.String(),
  steps: Type.Array(SopStepSchema),
  builtIn: Type.Boolean(),
  updatedAt: Type.String({ format: 'date-time' }),
  updatedBy: Type.String(),
});
export type SopTemplate = Static<typeof SopTemplateSchema>;
export const SopTemplateListSchema = Type.Object({ templates: Type.Array(SopTemplateSchema) });

export const IncidentStepSchema = Type.Object({
  id: Type.Integer(),
  position: Type.Integer(),
  textVi: Type.String(),
  textEn: Type.String(),
  done: Type.Boolean(),
  doneAt: Nullable(Type.String({ format: 'date-time' })),
  doneBy: Nullable(Type.String()),
  note: Nullable(Type.String()),
});
export type IncidentStep = Static<typeof IncidentStepSchema>;

export const IncidentSchema = Type.Object({
  id: Type.Integer(),
  type: Type.String(),
  title: Type.String(),
  description: Type.String(),
  severity: lit(ALERT_SEVERITIES),
  status: lit(INCIDENT_STATUSES),
  point: Nullable(GeoPointSchema),
  areaCode: Nullable(Type.String()),
  areaName: Nullable(Type.String()),
  assignedUnit: Nullable(Type.String()),
  sourceKind: lit(['alert', 'feedback', 'record', 'text'] as const),
  sourceRef: Nullable(Type.String()),
  alertId: Nullable(Type.Integer()),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  updatedAt: Type.String({ format: 'date-time' }),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  closedBy: Nullable(Type.String()),
  /** How the incident was resolved (required to close it; cleared when it is reopened). */
  resolution: Nullable(Type.String()),
  stepsDone: Type.Integer(),
  stepsTotal: Type.Integer(),
  /** Named people (usernames) working the incident beside its unit. */
  assignees: Type.Array(Type.String()),
  /** The SLA deadline (its severity's time from incident_sla, counted from opening or reopening). */
  dueAt: Nullable(Type.String({ format: 'date-time' })),
  /** Not closed and past its deadline. */
  overdue: Type.Boolean(),
});
export type Incident = Static<typeof IncidentSchema>;

export const INCIDENT_SORTS = ['updated', 'created', 'due', 'severity'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** A file attached to an incident (the content at /api/incidents/:id/attachments/:attachmentId). */
export const IncidentAttachmentSchema = Type.Object({
  id: Type.Integer(), filename: Type.String(), mediaType: Type.String(), sizeBytes: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }), createdBy: Type.String(),
});
export type IncidentAttachment = Static<typeof IncidentAttachmentSchema>;

/** Time allowed per severity before an unclosed incident is overdue (configurable data). */
export const IncidentSlaSchema = Type.Object({ severity: lit(ALERT_SEVERITIES), minutes: Type.Integer({ minimum: 1, maximum: 525600 }) });
export type IncidentSla = Static<typeof IncidentSlaSchema>;
export const IncidentSlaListSchema = Type.Object({ slas: Type.Array(IncidentSlaSchema) });

/** A person an incident can be assigned to. */
export const AssigneeSchema = Type.Object({ username: Type.String(), displayName: Type.String(), role: Type.String(), unitCode: Nullable(Type.String()) });
export type Assignee = Static<typeof AssigneeSchema>;
export const AssigneeListSchema = Type.Object({ people: Type.Array(AssigneeSchema) });

export const IncidentListSchema = Type.Object({ total: Type.Integer(), incidents: Type.Array(IncidentSchema) });
export type IncidentList = Static<typeof IncidentListSchema>;

/** An alert linked to an incident, as the incident page lists it. */
export const IncidentAlertSchema = Type.Object({
  id: Type.Integer(), titleVi: Type.String(), titleEn: Type.String(), severity: lit(ALERT_SEVERITIES), status: lit(ALERT_STATUSES),
});
export const IncidentDetailSchema = Type.Object({
  ...IncidentSchema.properties, steps: Type.Array(IncidentStepSchema), timeline: Type.Array(TimelineEntrySchema),
  alerts: Type.Array(IncidentAlertSchema), attachments: Type.Array(IncidentAttachmentSchema),
});
export type IncidentDetail = Static<typeof IncidentDetailSchema>;

export const WebhookSchema = Type.Object({
  id: Type.Integer(),
  url: Type.String(),
  format: lit(['json', 'cap'] as const),
  includePrivate: Type.Boolean(),
  enabled: Type.Boolean(),
  createdAt: Type.String({ format: 'date-time' }),
  createdBy: Type.String(),
  /** Deliveries are signed (the secret itself is never sent back). */
  hasSecret: Type.Boolean({ description: 'deliveries are signed (the secret itself is never sent back)' }),
});
export type Webhook = Static<typeof WebhookSchema>;
export const WebhookListSchema = Type.Object({ webhooks: Type.Array(WebhookSchema) });

export const WebhookDeliverySchema = Type.Object({
  id: Type.Integer(),
  webhookId: Type.Integer(),
  alertId: Type.Integer(),
  event: Type.String(),
  status: lit(['pending', 'delivered', 'failed'] as const),
  attempts: Type.Integer(),
  nextAttemptAt: Type.String({ format: 'date-time' }),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  deliveredAt: Nullable(Type.String({ format: 'date-time' })),
});
export type WebhookDelivery = Static<typeof WebhookDeliverySchema>;
export const WebhookDeliveryListSchema = Type.Object({ deliveries: Type.Array(WebhookDeliverySchema) });

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
