// Client of the notifications API (server module notifications) and of the notification
// preferences (server module kpis).
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import type { NotificationList } from '../../../../shared/contracts/notifications.ts';
import { api, apiUrl } from '../../app/api.ts';

export const listNotifications = (unread = false, limit = 50) =>
  api<NotificationList>('/notifications', { query: { unread: unread || undefined, limit } });
export const markRead = (ids?: number[]) => api<{ changed: number; unread: number }>('/notifications/read', { method: 'POST', body: ids ? { ids } : {} });
export const notificationStreamUrl = () => apiUrl('/notifications/stream');
export const getPreferences = () => api<NotificationPreferences>('/me/notification-preferences');
export const savePreferences = (p: NotificationPreferences) => api<NotificationPreferences>('/me/notification-preferences', { method: 'PUT', body: p });
