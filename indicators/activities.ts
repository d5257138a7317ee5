// Indicators over activity records (a census of the programme's own events, not a sample): count of activities,
// participants by sex, share of women participants, distinct institutions reached — pure, no I/O.
import { z } from 'zod';

export const ACTIVITY_MEASURES = ['count', 'participants', 'women_share', 'institutions'] as const;

/** The formula of an activity-based indicator; only activities with status `held` count. */
export const ZActivityFormula = z.object({
  source: z.literal('activities'),
  measure: z.enum(ACTIVITY_MEASURES),
  /** only these kinds of activity (all when absent) */
  kinds: z.array(z.enum(['meeting', 'workshop', 'training', 'study_visit', 'mission', 'call', 'other'])).min(1).optional(),
  /** only activities linked to these results (all when absent) */
  resultIds: z.array(z.uuid()).min(1).optional(),
}).strict();
export type TActivityFormula = z.infer<typeof ZActivityFormula>;

export interface ActivityRecord {
  id: string;
  kind: string;
  status: 'planned' | 'held' | 'cancelled';
  resultId: string | null;
  /** ISO date */
  startsOn: string;
  institutions: string[];
  women: number;
  men: number;
  other: number;
}

export interface ActivityCell {
  /** null when no activity is in scope ("no activities"), never 0 for a share */
  value: number | null;
  numerator: number;
  denominator: number;
  /** number of activities behind the value */
  n: number;
  reason?: 'no activities';
}

export interface ActivityIndicatorValue {
  total: ActivityCell;
  /** participants by sex (for `participants` and `women_share`) */
  bySex: { women: number; men: number; other: number } | null;
  /** per institution code: the same measure over the activities that involved the institution */
  byInstitution: Array<{ institution: string; cell: ActivityCell }>;
}

/** The activities a formula counts in [from, to] (ISO dates, inclusive, by start date). */
export function activitiesInScope(formula: TActivityFormula, records: ActivityRecord[], from?: string, to?: string): ActivityRecord[] {
  return records.filter((a) => a.status === 'held'
    && (!formula.kinds || formula.kinds.includes(a.kind as never))
    && (!formula.resultIds || (a.resultId !== null && formula.resultIds.includes(a.resultId)))
    && (!from || a.startsOn >= from) && (!to || a.startsOn <= to));
}

function cell(measure: TActivityFormula['measure'], rows: ActivityRecord[]): ActivityCell {
  const n = rows.length;
  const women = rows.reduce((s, a) => s + a.women, 0);
  const total = rows.reduce((s, a) => s + a.women + a.men + a.other, 0);
  if (measure === 'count') return n ? { value: n, numerator: n, denominator: 1, n } : { value: null, numerator: 0, denominator: 0, n, reason: 'no activities' };
  if (measure === 'participants') return n ? { value: total, numerator: total, denominator: 1, n } : { value: null, numerator: 0, denominator: 0, n, reason: 'no activities' };
  if (measure === 'institutions') {
    const distinct = new Set(rows.flatMap((a) => a.institutions)).size;
    return n ? { value: distinct, numerator: distinct, denominator: 1, n } : { value: null, numerator: 0, denominator: 0, n, reason: 'no activities' };
  }
  // women_share: women ÷ all participants of the activities in scope, in percent
  return total ? { value: (100 * women) / total, numerator: women, denominator: total, n } : { value: null, numerator: 0, denominator: 0, n, reason: 'no activities' };
}

/** Evaluates an activity formula over the records of one period (or all, without dates). */
export function evaluateActivityFormula(formula: TActivityFormula, records: ActivityRecord[], from?: string, to?: string): ActivityIndicatorValue {
  const rows = activitiesInScope(formula, records, from, to);
  const institutions = [...new Set(rows.flatMap((a) => a.institutions))].sort();
  const withSex = formula.measure === 'participants' || formula.measure === 'women_share';
  return {
    total: cell(formula.measure, rows),
    bySex: withSex ? {
      women: rows.reduce((s, a) => s + a.women, 0), men: rows.reduce((s, a) => s + a.men, 0), other: rows.reduce((s, a) => s + a.other, 0),
    } : null,
    byInstitution: institutions.map((institution) => ({ institution, cell: cell(formula.measure, rows.filter((a) => a.institutions.includes(institution))) })),
  };
}

/** The formula in words, in English and Arabic (shown next to the value). */
export function describeActivityFormula(f: TActivityFormula): { en: string; ar: string } {
  const what = {
    count: ['number of activities held', 'عدد الأنشطة المنفذة'],
    participants: ['sum of participants of the activities held (women, men, other)', 'مجموع المشاركين في الأنشطة المنفذة (نساء، رجال، آخرون)'],
    women_share: ['women ÷ all participants of the activities held, in percent', 'النساء ÷ جميع المشاركين في الأنشطة المنفذة، بالنسبة المئوية'],
    institutions: ['number of distinct institutions involved in the activities held', 'عدد المؤسسات المختلفة المشاركة في الأنشطة المنفذة'],
  }[f.measure];
  const kinds = f.kinds ? ` (${f.kinds.join(', ')})` : '';
  return { en: `${what[0]}${kinds}; planned and cancelled activities do not count`, ar: `${what[1]}${kinds}؛ لا تُحتسب الأنشطة المخططة أو الملغاة` };
}
