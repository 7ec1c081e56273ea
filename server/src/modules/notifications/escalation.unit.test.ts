import { describe, expect, it } from 'vitest';
import { DEFAULT_NOTIFICATION_PREFERENCES, matchesPreferences, reachedByEscalation } from './notifications.service.ts';

describe('escalation reaches higher levels without changing the alert (issue 20)', () => {
  const minor = { severity: 'Minor' as const, category: 'Infra' as const, sensorType: 'water_level' };
  it('a Minor alert stays below a leader\'s "critical" filter, and reaches them once escalated', () => {
    const leaderPrefs = { ...DEFAULT_NOTIFICATION_PREFERENCES, minSeverity: 'critical' as const };
    expect(matchesPreferences(leaderPrefs, minor)).toBe(false);
    expect(reachedByEscalation('leader', 'opened', 0)).toBe(false);
    expect(reachedByEscalation('leader', 'escalated', 1)).toBe(true);
    expect(reachedByEscalation('admin', 'escalated', 2)).toBe(true);
    // Operators got it at its own severity already; escalation does not widen their filter.
    expect(reachedByEscalation('operator', 'escalated', 1)).toBe(false);
    expect(reachedByEscalation('officer', 'escalated', 3)).toBe(false);
  });
});
