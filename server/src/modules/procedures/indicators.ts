// The Decision 766/QĐ-TTg indicators this module computes from dossier data, as data. The
// groups' maxima (publicity 18, progress 20, digitisation 22, online services 22, satisfaction
// 18) and the thresholds marked [decision] come from the decision's text; how a group's points
// are split between the indicators the data allows is not confirmed and is kept here to be
// changed without code. Group 1 (publicity of procedures on the portal) is checked by the
// portal itself and cannot be computed from dossiers; 4.3 (reuse of digitised data), 5.2 and
// 5.3 (feedback handling) need data this module does not hold.
import type { Grade } from '../../../../shared/contracts/procedures.ts';

export interface IndicatorDef {
  id: string;
  group: 2 | 3 | 4 | 5;
  maxPoints: number;
  /** Rate (percent) at which the full points are reached; below it score = rate × max ÷ threshold. */
  threshold: number;
  drill: 'dossiers' | 'procedures';
}

export const INDICATORS: readonly IndicatorDef[] = [
  // 2.1 dossiers handled on time ÷ dossiers handled (finished or in progress) in the period.
  { id: '2.1', group: 2, maxPoints: 14, threshold: 100, drill: 'dossiers' },
  // 2.2 average handling time per procedure, in the procedure's own unit: scored as the share of
  // procedures whose average is within their legal time limit.
  { id: '2.2', group: 2, maxPoints: 6, threshold: 100, drill: 'procedures' },
  // 3.1 procedures with an online service (toàn trình or một phần) [decision: full at ≥ 80 %].
  { id: '3.1', group: 3, maxPoints: 4, threshold: 80, drill: 'procedures' },
  // 3.2 online services that received at least one online dossier.
  { id: '3.2', group: 3, maxPoints: 4, threshold: 100, drill: 'procedures' },
  // 3.3 dossiers submitted online (KenhThucHien = 2) [decision: full at ≥ 50 %].
  { id: '3.3', group: 3, maxPoints: 6, threshold: 50, drill: 'dossiers' },
  // 3.5 fee-bearing procedures that offer online payment [decision: full at ≥ 80 %].
  { id: '3.5', group: 3, maxPoints: 4, threshold: 80, drill: 'procedures' },
  // 3.6 dossiers of fee-bearing procedures paid online.
  { id: '3.6', group: 3, maxPoints: 4, threshold: 50, drill: 'dossiers' },
  // 4.1 finished dossiers with an electronic result.
  { id: '4.1', group: 4, maxPoints: 11, threshold: 100, drill: 'dossiers' },
  // 4.2 dossiers digitised [decision: full at ≥ 80 %].
  { id: '4.2', group: 4, maxPoints: 11, threshold: 80, drill: 'dossiers' },
  // 5.4 satisfaction = 100 % − (overdue rate + rate of dossiers rated 1–2) [decision: full at ≥ 90 %].
  { id: '5.4', group: 5, maxPoints: 18, threshold: 90, drill: 'dossiers' },
];

/** Grade bands on the total out of 100: 90–100 excellent and < 50 weak are the decision's; the middle bands are not confirmed. */
export const GRADE_BANDS: readonly { min: number; grade: Grade }[] = [
  { min: 90, grade: 'excellent' },
  { min: 70, grade: 'good' },
  { min: 50, grade: 'average' },
  { min: 0, grade: 'weak' },
];

/** A rating at or below this counts as "dislike" for 5.4. */
export const DISLIKE_MAX_SCORE = 2;
