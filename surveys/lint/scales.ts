// Answer scales of rating/likert items (points, direction, labels, "don't know" codes) and how two scales differ.
import type { TChoice, TQuestionInfo } from '../definition';
import { isMissingChoice } from './missing';
import type { TItemRef } from '../../indicators/formula';

export interface Scale {
  /** numeric points in listed order */
  points: number[];
  /** English label per point (number prefixes stripped), when the item has labels */
  labels: Map<number, string>;
  /** non-numeric codes such as "dk" */
  missing: string[];
  /** 'up': the highest value is the best/most; 'down': the lowest is; from the end labels */
  meaning?: 'up' | 'down';
  /** listing order of the points */
  order?: 'asc' | 'desc';
}

const isNum = (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(v));
const LOW = /\b(not|no|none|never|poor|bad|weak|low|lowest|disagree|dissatisfied|unlikely|worst|very little|unprepared)\b/i;
const HIGH = /\b(very|high|highest|good|excellent|always|agree|strong|strongly|likely|satisfied|best|useful|fully|completely|prepared)\b/i;
const stripNumber = (s: string) => s.replace(/^\s*\d+(\.\d+)?\s*[-–—.:)]?\s*/, '').trim().toLowerCase();
/** low wins over high so that "not useful" and "very low" read as low */
const pole = (label?: string) => (label === undefined ? undefined : LOW.test(label) ? 'low' : HIGH.test(label) ? 'high' : undefined);

function fromChoices(choices: TChoice[], endLabels?: { min?: string; max?: string }, q?: TQuestionInfo): Scale | undefined {
  const points: number[] = [];
  const labels = new Map<number, string>();
  const missing: string[] = [];
  for (const c of choices) {
    // a don't-know / not-applicable code (declared, 99-style outside the scale, or labelled so) is not a point
    if (q && isMissingChoice(q, c, choices)) missing.push(String(c.value));
    else if (isNum(c.value)) {
      const n = Number(c.value);
      points.push(n);
      const label = stripNumber(c.en);
      if (label && label !== String(n)) labels.set(n, label);
    } else return undefined; // a nominal question, not a scale
  }
  if (points.length < 3) return undefined;
  const min = Math.min(...points), max = Math.max(...points);
  if (endLabels?.min) labels.set(min, endLabels.min.trim().toLowerCase());
  if (endLabels?.max) labels.set(max, endLabels.max.trim().toLowerCase());
  const lo = pole(labels.get(min)), hi = pole(labels.get(max));
  const meaning = lo === 'low' && hi === 'high' ? 'up' : lo === 'high' && hi === 'low' ? 'down' : undefined;
  const order = points[0] < points[points.length - 1] ? 'asc' : points[0] > points[points.length - 1] ? 'desc' : undefined;
  return { points, labels, missing: missing.sort(), meaning, order };
}

const en = (v: unknown) => (typeof v === 'string' ? v : v && typeof v === 'object' ? ((v as Record<string, unknown>).default ?? (v as Record<string, unknown>).en) as string | undefined : undefined);

/** The scale of a whole question (rating, likert radiogroup/dropdown, or the columns of a single-choice matrix). */
export function questionScale(q: TQuestionInfo): Scale | undefined {
  if (q.type === 'rating') {
    const el = q.element;
    return fromChoices((q.rateValues ?? []).map((v) => ({ value: v, en: String(v), ar: String(v) })),
      { min: en(el.minRateDescription), max: en(el.maxRateDescription) }, q);
  }
  if ((q.type === 'radiogroup' || q.type === 'dropdown') && q.choices) return fromChoices(q.choices, undefined, q);
  if (q.type === 'matrix' && q.columns) return fromChoices(q.columns, undefined, q);
  return undefined;
}

/** The scale behind one indicator item reference (a question or a matrix cell). */
export function itemScale(q: TQuestionInfo, ref: TItemRef): Scale | undefined {
  if (ref.kind === 'cell' && (q.type === 'matrixdropdown' || q.type === 'matrixdynamic')) {
    const col = q.columns?.find((c) => c.name === ref.column);
    if (!col) return undefined;
    if (col.rateValues) return fromChoices(col.rateValues.map((v) => ({ value: v, en: String(v), ar: String(v) })));
    return col.choices ? fromChoices(col.choices, undefined, q) : undefined;
  }
  return questionScale(q);
}

/** Human-readable differences of `b` from the reference scale `a` (empty when they agree). */
export function scaleDifferences(a: Scale, b: Scale): Array<{ en: string; ar: string }> {
  const out: Array<{ en: string; ar: string }> = [];
  if (a.points.length !== b.points.length) out.push({ en: `${b.points.length} points instead of ${a.points.length}`, ar: `${b.points.length} نقاط بدلًا من ${a.points.length}` });
  const dir = (s: Scale) => s.meaning === 'up' ? `${Math.max(...s.points)} = best` : `${Math.min(...s.points)} = best`;
  if (a.meaning && b.meaning && a.meaning !== b.meaning) {
    out.push({ en: `direction ${dir(b)} instead of ${dir(a)}`, ar: `الاتجاه معكوس: ${dir(b).replace('best', 'الأفضل')} بدلًا من ${dir(a).replace('best', 'الأفضل')}` });
  } else if (!(a.meaning && b.meaning) && a.order && b.order && a.order !== b.order) {
    out.push({ en: `values listed ${b.order === 'asc' ? 'ascending' : 'descending'} instead of ${a.order === 'asc' ? 'ascending' : 'descending'}`,
      ar: `القيم مرتبة ${b.order === 'asc' ? 'تصاعديًا' : 'تنازليًا'} بدلًا من ${a.order === 'asc' ? 'تصاعديًا' : 'تنازليًا'}` });
  } else if (a.points.length === b.points.length && Math.min(...a.points) !== Math.min(...b.points)) {
    out.push({ en: `values ${Math.min(...b.points)}–${Math.max(...b.points)} instead of ${Math.min(...a.points)}–${Math.max(...a.points)}`,
      ar: `القيم ${Math.min(...b.points)}–${Math.max(...b.points)} بدلًا من ${Math.min(...a.points)}–${Math.max(...a.points)}` });
  }
  const labelDiffs = [...a.labels].filter(([v, l]) => b.labels.has(v) && b.labels.get(v) !== l);
  if (labelDiffs.length && out.length === 0) {
    const [v, l] = labelDiffs[0];
    out.push({ en: `label of ${v} is "${b.labels.get(v)}" instead of "${l}"`, ar: `تسمية ${v} هي "${b.labels.get(v)}" بدلًا من "${l}"` });
  }
  if (a.missing.join(',') !== b.missing.join(',')) {
    const show = (m: string[]) => (m.length ? m.map((x) => `"${x}"`).join(', ') : 'none');
    out.push({ en: `"don't know" code ${show(b.missing)} instead of ${show(a.missing)}`, ar: `رمز "لا أعرف" ${show(b.missing).replace('none', 'لا يوجد')} بدلًا من ${show(a.missing).replace('none', 'لا يوجد')}` });
  }
  return out;
}
