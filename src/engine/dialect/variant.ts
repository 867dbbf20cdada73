import type { Dialect } from '../../model/index.js';

/** The `Notification.*` variant a raw message claims to be, read from its own type fields. */
export function notificationVariant(data: unknown, dialect: Dialect): string | undefined {
  if (!isRecord(data)) return undefined;
  const messageType = dialect === 'flat' ? data.messageTypeName : data.messageType;
  if (messageType === 'WorkbinContentMessage') return 'Notification.WorkbinContent';
  if (typeof data.notificationType === 'string') return `Notification.${data.notificationType}`;
  return undefined;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
