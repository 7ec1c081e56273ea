// Retention (Law 91/2025: personal data kept no longer than its purpose needs). Each module that
// holds data with a limited life declares a policy — what it removes, after how many days — and
// applies it to its own tables; the retention module runs every policy daily and shows them to
// admins. Policies are registered once, in the composition root.
export interface RetentionPolicy {
  /** Stable key, e.g. `feedback-contacts`. */
  kind: string;
  /** What is removed, for the admin page. */
  titleVi: string;
  titleEn: string;
  days: number;
  /** The setting that changes `days`. */
  setting: string;
  /** Removes (or anonymises) what became older than `before`; returns how many rows changed. */
  apply(before: Date): Promise<number>;
}

export interface RetentionRun {
  at: Date;
  changed: number;
  error: string | null;
}

export class RetentionRegistry {
  private readonly policies: RetentionPolicy[] = [];
  private readonly runs = new Map<string, RetentionRun>();

  register(...policies: RetentionPolicy[]): void {
    for (const p of policies) {
      if (this.policies.some((q) => q.kind === p.kind)) throw new Error(`retention policy ${p.kind} registered twice`);
      this.policies.push(p);
    }
  }

  list(): (Omit<RetentionPolicy, 'apply'> & { lastRun: RetentionRun | null })[] {
    return this.policies.map(({ apply: _apply, ...p }) => ({ ...p, lastRun: this.runs.get(p.kind) ?? null }));
  }

  /** Applies every policy; one failing does not stop the others. */
  async runAll(now: Date): Promise<Map<string, RetentionRun>> {
    for (const p of this.policies) {
      const before = new Date(now.getTime() - p.days * 86_400_000);
      try {
        this.runs.set(p.kind, { at: now, changed: await p.apply(before), error: null });
      } catch (e) {
        this.runs.set(p.kind, { at: now, changed: 0, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return this.runs;
  }
}
