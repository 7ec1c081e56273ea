// Personal data in records. Rule (kept simple on purpose):
//   - admin: sees personal fields in clear; every such read is written to the audit log;
//   - leader, operator, officer: see personal fields masked ("Nguyễn Văn An" → "N*** V** A*");
//   - anonymous callers and devices: personal fields are left out.
import type { AuthenticatedUser } from '../../platform/http/access.ts';
import type { Actor } from '../../platform/actor.ts';
import type { DatasetDecl, FieldDecl } from './declarations.ts';
import type { Props } from './validation.ts';

export type PersonalView = 'clear' | 'masked' | 'hidden';

export function personalView(user: AuthenticatedUser | null): PersonalView {
  if (!user || user.role === 'device') return 'hidden';
  return user.role === 'admin' ? 'clear' : 'masked';
}

export function maskValue(f: FieldDecl, v: unknown): unknown {
  if (typeof v !== 'string') return '***';
  switch (f.type) {
    case 'phone': {
      const digits = v.replace(/\D/g, '');
      return digits.length > 4 ? `${digits.slice(0, 2)}${'*'.repeat(digits.length - 4)}${digits.slice(-2)}` : '****';
    }
    case 'email': {
      const [local = '', domain = ''] = v.split('@');
      return `${local.slice(0, 1)}***@${domain}`;
    }
    case 'text':
      // Each word keeps its first letter: enough to tell records apart, not to identify.
      return v
        .split(/\s+/)
        .filter(Boolean)
        .map((w) => `${[...w][0] ?? ''}${'*'.repeat(Math.max(1, Math.min(3, [...w].length - 1)))}`)
        .join(' ');
    default:
      return '***';
  }
}

export function personalFields(decl: Pick<DatasetDecl, 'fields'>): FieldDecl[] {
  return decl.fields.filter((f) => f.personal);
}

/** The properties as the caller may see them. */
export function applyView(decl: Pick<DatasetDecl, 'fields'>, props: Props, view: PersonalView): Props {
  const personal = personalFields(decl);
  if (view === 'clear' || !personal.length) return props;
  const out: Props = { ...props };
  for (const f of personal) {
    if (!(f.name in out)) continue;
    if (view === 'hidden') delete out[f.name];
    else out[f.name] = maskValue(f, out[f.name]);
  }
  return out;
}

/** The one audit action for every read of personal fields in clear (API, export, OGC). */
export const PERSONAL_READ_ACTION = 'dataset.personal_read';

interface AuditSink {
  record(actor: Actor, e: { action: string; targetType: string; targetId: string; details: Record<string, unknown> }): Promise<unknown>;
}

/**
 * Properties of many records as the caller may see them, with the audit entry when personal
 * fields are shown in clear. Every reader of records (list, record, history, export, OGC) goes
 * through here so the rule and its audit trail are the same everywhere.
 */
export async function presentRecords(
  audit: AuditSink,
  actor: Actor,
  decl: Pick<DatasetDecl, 'id' | 'fields'>,
  rows: { id: number; props: Props }[],
  via: string,
): Promise<Props[]> {
  const user = actor.user;
  const view = personalView(user);
  const personal = decl.fields.filter((f) => f.personal);
  if (view === 'clear' && personal.length && rows.length) {
    await audit.record(actor, {
      action: PERSONAL_READ_ACTION,
      targetType: 'dataset',
      targetId: decl.id,
      details: { what: via, fields: personal.map((f) => f.name), count: rows.length, recordIds: rows.slice(0, 200).map((r) => r.id) },
    });
  }
  return rows.map((r) => applyView(decl, r.props, view));
}
