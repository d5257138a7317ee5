// The one disaggregation vocabulary of indicator values (`attribute:x` / `question:x`, short form), the order and labels
// of cells (institution names from the registry), and the suppression plan decided once per (wave, disaggregation).
import type { EntityManager } from 'typeorm';
import type { TDisaggregation } from '../../indicators/formula';
import type { SqlCell } from '../../indicators/sql';
import { choiceLabel, type QuestionIndex } from '../../indicators/check';
import { crossKey, fullGrid, suppressCross, suppressMargin, totalHidden, type CrossCell } from '../../indicators/suppression';
import { AppError } from '../errors';

export type Lang = 'en' | 'ar';
/** Roster columns: the short form `sex` means `attribute:sex` for these; any other short name means `question:<name>`. */
export const ROSTER_COLUMNS = ['institution', 'sex', 'department', 'preferred_language'] as const;
const DISAGGREGABLE = new Set(['radiogroup', 'dropdown', 'boolean', 'rating', 'text']);
const NO_ANSWER = { en: '(no answer)', ar: '(بلا إجابة)' };
const SEX: Record<string, { en: string; ar: string }> = { female: { en: 'Female', ar: 'أنثى' }, male: { en: 'Male', ar: 'ذكر' } };

/** The questions of a questionnaire a value can be disaggregated by (also the text columns of its indicator projection). */
export function disaggregableQuestions(qi: QuestionIndex): string[] {
  return [...qi.values()].filter((q) => DISAGGREGABLE.has(q.type) && !q.parentDynamic).map((q) => q.name);
}

export const dimKey = (d: TDisaggregation) => (d.kind === 'question' ? `question:${d.name}` : `attribute:${d.attribute}`);

export interface Vocabulary { allowed: string[]; institutions: Map<string, { en: string; ar: string }> }

/** What may be asked for: roster columns, attribute keys present in the roster, and disaggregable questions of the waves. */
export async function loadVocabulary(em: EntityManager, programmeId: string, indexes: QuestionIndex[]): Promise<Vocabulary> {
  const keys: Array<{ k: string }> = await em.query(`SELECT DISTINCT k FROM stakeholders s, jsonb_object_keys(CASE WHEN jsonb_typeof(s.attributes) = 'object'
    THEN s.attributes ELSE '{}'::jsonb END) AS k WHERE s.programme_id = $1 ORDER BY k LIMIT 500`, [programmeId]);
  const questions = new Set<string>();
  for (const qi of indexes) for (const name of disaggregableQuestions(qi)) questions.add(name);
  const attrs = [...new Set([...ROSTER_COLUMNS, ...keys.map((r) => r.k)])];
  const rows: Array<{ code: string; name_en: string; name_ar: string }> = await em.query(`SELECT code, name_en, name_ar FROM institutions WHERE programme_id = $1`, [programmeId]);
  return {
    allowed: [...attrs.map((a) => `attribute:${a}`), ...[...questions].sort().map((q) => `question:${q}`)],
    institutions: new Map(rows.map((r) => [r.code, { en: r.name_en, ar: r.name_ar || r.name_en }])),
  };
}

/** `attribute:x` / `question:x`; the short form `x` is `attribute:x` for roster columns, else `question:x`. Unknown → 400. */
export function resolveDimension(name: string, vocab: Vocabulary): TDisaggregation {
  const m = /^(question|attribute):(.+)$/.exec(name);
  const key = m ? name : (ROSTER_COLUMNS as readonly string[]).includes(name) ? `attribute:${name}` : `question:${name}`;
  if (!vocab.allowed.includes(key)) throw new AppError('indicator.unknown_dimension', { allowed: vocab.allowed });
  const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  return kind === 'question' ? { kind: 'question', name: rest } : { kind: 'attribute', attribute: rest };
}

/** The label of a cell code in the language asked: choice text, institution name, sex, or the code itself. */
export function cellLabel(d: TDisaggregation, code: string, qi: QuestionIndex, vocab: Vocabulary, lang: Lang): string {
  if (code === '') return NO_ANSWER[lang];
  if (d.kind === 'question') return choiceLabel(qi.get(d.name), code, lang);
  if (d.attribute === 'institution') return vocab.institutions.get(code)?.[lang] || code;
  if (d.attribute === 'sex') return SEX[code]?.[lang] ?? code;
  return code;
}

/** Cell order, the same everywhere: a question's choice order, sex female/male, then other codes sorted; no answer last. */
export function orderCodes(d: TDisaggregation, codes: string[], qi: QuestionIndex): string[] {
  const q = d.kind === 'question' ? qi.get(d.name) : undefined;
  const first = d.kind === 'attribute' && d.attribute === 'sex' ? ['female', 'male']
    : [...(q?.choices ?? []).map((c) => String(c.value)), ...(q?.rateValues ?? []).map((v) => String(typeof v === 'number' ? v : v.value)),
      ...(q?.type === 'boolean' ? ['true', 'false'] : [])];
  const rank = (c: string) => (c === '' ? Infinity : first.includes(c) ? first.indexOf(c) : first.length);
  return [...new Set(codes)].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
}

/** Suppression of one wave for the dimensions asked: decided from respondent counts only, shared by every indicator. */
export interface SuppressionPlan {
  total: boolean;
  /** per dimension index: its ordered codes and hidden codes */
  margins: Map<number, { codes: string[]; hidden: Set<string> }>;
  /** cross table of dimensions [0, 1] (full grid, ordered) when asked */
  cross: { cells: CrossCell[]; hidden: Set<string> } | null;
}

export function suppressionPlan(cells: SqlCell[], dims: TDisaggregation[], cross: boolean, qi: QuestionIndex, threshold: number): SuppressionPlan {
  const total = cells.find((c) => c.keys.every((k) => k === null));
  const totalIsHidden = totalHidden(total?.respondents ?? 0, threshold);
  const margins = new Map<number, { codes: string[]; hidden: Set<string> }>();
  dims.forEach((d, i) => {
    const cs = cells.filter((c) => c.keys.every((k, j) => (j === i ? k !== null : k === null)));
    margins.set(i, { codes: orderCodes(d, cs.map((c) => c.keys[i]!), qi), hidden: suppressMargin(cs.map((c) => ({ code: c.keys[i]!, n: c.respondents })), threshold) });
  });
  let crossPlan: SuppressionPlan['cross'] = null;
  if (cross && dims.length === 2) {
    const cs = cells.filter((c) => c.keys[0] !== null && c.keys[1] !== null).map((c) => ({ row: c.keys[0]!, col: c.keys[1]!, n: c.respondents }));
    const rowOrder = margins.get(0)!.codes, colOrder = margins.get(1)!.codes;
    const grid = fullGrid(cs).sort((a, b) => rowOrder.indexOf(a.row) - rowOrder.indexOf(b.row) || colOrder.indexOf(a.col) - colOrder.indexOf(b.col));
    crossPlan = { cells: grid, hidden: suppressCross(cs, margins.get(0)!.hidden, margins.get(1)!.hidden, totalIsHidden, threshold) };
  }
  return { total: totalIsHidden, margins, cross: crossPlan };
}

export { crossKey };
