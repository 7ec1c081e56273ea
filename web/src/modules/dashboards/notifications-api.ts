// Client of the notifications API (server module notifications) and of the notification
// preferences (server module kpis).
import type { NotificationPreferences } from '../../../../shared/contracts/kpis.ts';
import type { NotificationList } from '../../../../shared/contracts/notifications.ts';
import { api, apiUrl } from '../../app/api.ts';

/** TanStack Query keys of the notifications page. */
export const notificationKeys = {
  list: (unread: boolean, limit: number) => ['notifications', 'list', unread, limit] as const,
  preferences: ['notifications', 'preferences'] as const,
};

export const listNotifications = (unread = false, limit = 50, signal?: AbortSignal) =>
  api<NotificationList>('/notifications', { query: { unread: unread || undefined, limit }, signal });
export const markRead = (ids?: number[]) => api<{ changed: number; unread: number }>('/notifications/read', { method: 'POST', body: ids ? { ids } : {} });
export const notificationStreamUrl = () => apiUrl('/notifications/stream');
export const getPreferences = (signal?: AbortSignal) => api<NotificationPreferences>('/me/notification-preferences', { signal });
export const savePreferences = (p: NotificationPreferences) => api<NotificationPreferences>('/me/notification-preferences', { method: 'PUT', body: p });
