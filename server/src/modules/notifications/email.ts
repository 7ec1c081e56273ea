// E-mail of alert notifications through a configured SMTP server (nodemailer). A storm of alerts
// must not become a thousand messages: notifications due by e-mail wait in the table as
// 'pending', and one digest per recipient is sent when the recipient's window closes
// (EMAIL_DIGEST_SECONDS after the first pending one), in the recipient's language.
import nodemailer, { type Transporter } from 'nodemailer';
import { readModuleSettings } from '../../config.ts';
import type { AppContext } from '../../platform/context.ts';

export interface EmailSettings {
  /** smtp://user:pass@host:port or smtps://…; null: e-mail is not sent (and not queued). */
  smtpUrl: string | null;
  from: string;
  digestSeconds: number;
  /** At most this many alerts are listed in one digest (the count says how many there were). */
  maxItems: number;
  /** A refused or unreachable send is tried again after this many seconds, doubling each time. */
  retrySeconds: number;
  /** Sends of one digest before its notifications are marked failed. */
  maxAttempts: number;
}

export function readEmailSettings(ctx: AppContext): EmailSettings {
  return readModuleSettings(ctx.config, (env) => {
    const smtpUrl = env.optional('SMTP_URL') ?? null;
    if (smtpUrl && !/^smtps?:\/\//.test(smtpUrl)) env.problem(`SMTP_URL must start with smtp:// or smtps:// (got "${smtpUrl.replace(/\/\/[^@]*@/, '//…@')}")`);
    return {
      smtpUrl,
      from: env.str('SMTP_FROM', 'cityops <no-reply@localhost>'),
      digestSeconds: env.int('EMAIL_DIGEST_SECONDS', 300, 1, 86_400),
      maxItems: env.int('EMAIL_DIGEST_MAX_ITEMS', 50, 1, 1000),
      retrySeconds: env.int('EMAIL_RETRY_SECONDS', 60, 1, 86_400),
      maxAttempts: env.int('EMAIL_MAX_ATTEMPTS', 5, 1, 20),
    };
  });
}

export function createTransport(settings: EmailSettings): Transporter | null {
  if (!settings.smtpUrl) return null;
  const u = new URL(settings.smtpUrl);
  const secure = u.protocol === 'smtps:';
  return nodemailer.createTransport({
    host: u.hostname, port: u.port ? Number(u.port) : secure ? 465 : 587, secure,
    ...(u.username ? { auth: { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } } : {}),
    // `?tls=off` for a local relay without STARTTLS (tests, a relay on the same host).
    ...(u.searchParams.get('tls') === 'off' ? { ignoreTLS: true } : {}),
    connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 20_000,
  });
}

/**
 * E-mail delivery state of a notification (column email_status): 'pending' (not tried yet),
 * 'retry N: reason' (N sends failed, another is due), 'sent', or 'failed after N attempts: reason'.
 */
export const EMAIL_RETRY_PREFIX = 'retry ';

/** How many sends of this notification's e-mail have failed so far. */
export function failedAttempts(status: string | null): number {
  const m = status?.startsWith(EMAIL_RETRY_PREFIX) ? /^retry (\d+):/.exec(status) : null;
  return m ? Number(m[1]) : 0;
}

/** The state after one more failed send, and the delay (s) before the next one, or null: given up. */
export function afterFailedSend(previousFailures: number, reason: string, s: Pick<EmailSettings, 'retrySeconds' | 'maxAttempts'>): { status: string; retryInSeconds: number | null } {
  const failures = previousFailures + 1;
  if (failures >= s.maxAttempts) return { status: `failed after ${failures} attempt${failures === 1 ? '' : 's'}: ${reason}`, retryInSeconds: null };
  return { status: `${EMAIL_RETRY_PREFIX}${failures}: ${reason}`, retryInSeconds: Math.min(s.retrySeconds * 2 ** (failures - 1), 86_400) };
}

export interface DigestItem {
  severity: string;
  titleVi: string;
  titleEn: string;
  place: string | null;
  change: string;
  createdAt: Date;
}

const SEVERITY: Record<'vi' | 'en', Record<string, string>> = {
  vi: { Extreme: 'Cực kỳ nghiêm trọng', Severe: 'Nghiêm trọng', Moderate: 'Trung bình', Minor: 'Nhẹ' },
  en: { Extreme: 'Extreme', Severe: 'Severe', Moderate: 'Moderate', Minor: 'Minor' },
};
const CHANGE: Record<'vi' | 'en', Record<string, string>> = {
  vi: { opened: 'mới', refired: 'tái diễn', escalated: 'chưa được xác nhận, đã báo cấp trên' },
  en: { opened: 'new', refired: 'fired again', escalated: 'unacknowledged, escalated' },
};

/** The digest of a recipient's pending alerts, in their language (Ho Chi Minh City time). */
export function digestMessage(lang: 'vi' | 'en', items: DigestItem[], total: number, link: string | null): { subject: string; text: string } {
  const time = (d: Date) => new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', {
    timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', hour: '2-digit', minute: '2-digit',
  }).format(d);
  const lines = items.map((i) => {
    const title = lang === 'vi' ? i.titleVi : i.titleEn;
    const change = CHANGE[lang][i.change] ?? i.change;
    return `- [${SEVERITY[lang][i.severity] ?? i.severity}] ${title}${i.place ? ` — ${i.place}` : ''} (${change}, ${time(i.createdAt)})`;
  });
  const more = total - items.length;
  if (lang === 'vi') {
    return {
      subject: total === 1 ? `[cityops] 1 cảnh báo: ${items[0]!.titleVi}` : `[cityops] ${total} cảnh báo mới`,
      text: [
        'Kính gửi anh/chị,', '',
        `Hệ thống cityops ghi nhận ${total} cảnh báo phù hợp với thiết lập thông báo của anh/chị:`, '',
        ...lines,
        ...(more > 0 ? [`- … và ${more} cảnh báo khác`] : []), '',
        ...(link ? [`Xem trên màn hình trực tiếp: ${link}`, ''] : []),
        'Thư này được gửi tự động; thay đổi thiết lập tại mục Thông báo của tài khoản.',
      ].join('\n'),
    };
  }
  return {
    subject: total === 1 ? `[cityops] 1 alert: ${items[0]!.titleEn}` : `[cityops] ${total} new alerts`,
    text: [
      'Hello,', '',
      `cityops recorded ${total} alert${total === 1 ? '' : 's'} matching your notification settings:`, '',
      ...lines,
      ...(more > 0 ? [`- … and ${more} more alert${more === 1 ? '' : 's'}`] : []), '',
      ...(link ? [`See the live screen: ${link}`, ''] : []),
      'This message was sent automatically; change your settings under Notifications in your account.',
    ].join('\n'),
  };
}
