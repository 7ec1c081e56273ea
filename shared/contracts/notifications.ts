// Notifications: alerts delivered to users by their notification preferences (server module
// notifications, web bell and /notifications page).

/** One alert change that reached a user. */
export interface UserNotification {
  id: number;
  alertId: number | null;
  /** The alert change that caused it: opened, refired or escalated. */
  change: string;
  /** CAP severity of the alert (Extreme, Severe, Moderate, Minor). */
  severity: string;
  /** CAP category of the alert (Met, Fire, Env, …). */
  category: string;
  titleVi: string;
  titleEn: string;
  areaCode: string | null;
  place: string | null;
  createdAt: string;
  readAt: string | null;
  /** null: no webhook asked; 'delivered' or 'failed: …'. */
  webhookStatus: string | null;
}

export interface NotificationList {
  notifications: UserNotification[];
  unread: number;
}

/** Server-sent event `notification` of GET /api/notifications/stream. */
export interface NotificationEvent {
  notification: UserNotification;
  unread: number;
}
