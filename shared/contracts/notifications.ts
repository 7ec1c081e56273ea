// Notifications: alerts delivered to users by their notification preferences (server module
// notifications, web bell and /notifications page). TypeBox schemas with their static types.
import { Type, type Static } from 'typebox';
import { Nullable } from './schema.ts';

/** One alert change that reached a user. */
export const UserNotificationSchema = Type.Object({
  id: Type.Integer(),
  alertId: Nullable(Type.Integer()),
  /** The alert change that caused it: opened, refired or escalated. */
  change: Type.String({ description: 'the alert change that caused it: opened, refired or escalated' }),
  /** CAP severity of the alert (Extreme, Severe, Moderate, Minor). */
  severity: Type.String({ description: 'CAP severity of the alert (Extreme, Severe, Moderate, Minor)' }),
  /** CAP category of the alert (Met, Fire, Env, …). */
  category: Type.String({ description: 'CAP category of the alert (Met, Fire, Env, …)' }),
  titleVi: Type.String(),
  titleEn: Type.String(),
  areaCode: Nullable(Type.String()),
  place: Nullable(Type.String()),
  createdAt: Type.String({ format: 'date-time' }),
  readAt: Nullable(Type.String({ format: 'date-time' })),
  /** null: no webhook asked; 'delivered' or 'failed: …'. */
  webhookStatus: Nullable(Type.String({ description: "null: no webhook asked; 'delivered' or 'failed: …'" })),
});
export type UserNotification = Static<typeof UserNotificationSchema>;

export const NotificationListSchema = Type.Object({
  notifications: Type.Array(UserNotificationSchema),
  unread: Type.Integer(),
});
export type NotificationList = Static<typeof NotificationListSchema>;

/** Server-sent event `notification` of GET /api/notifications/stream. */
export interface NotificationEvent {
  notification: UserNotification;
  unread: number;
}
