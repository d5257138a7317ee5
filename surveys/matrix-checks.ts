// Answer checks for composite questions: matrix, matrixdropdown, matrixdynamic (cells per column type) and multipletext.
import type { TColumn, TQuestionInfo } from './definition';
import { choiceCheck, DEFAULT_MAX_ROWS, isEmpty, isPlainObject, ratingCheck, textCheck, valueIn, type TCheck, choiceSet, inChoices, compileCondition } from './checks';
import { answerError } from './messages';

const MULTI_CELLS = new Set(['checkbox', 'tagbox']);
const CHOICE_CELLS = new Set(['dropdown', 'radiogroup', 'checkbox', 'tagbox']);

function cellCheck(col: TColumn): TCheck | null {
  const t = col.cellType ?? 'dropdown';
  if (CHOICE_CELLS.has(t)) return choiceCheck({ choices: col.choices, multi: MULTI_CELLS.has(t), hasOther: col.hasOther, validators: col.validators });
  if (t === 'text') return textCheck({ inputType: col.inputType, min: col.min, max: col.max, maxLength: col.maxLength, validators: col.validators });
  if (t === 'comment') return textCheck({ isComment: true, maxLength: col.maxLength, validators: col.validators });
  if (t === 'boolean') return valueIn([true, false], 'true or false');
  if (t === 'rating') return ratingCheck(col.rateValues ?? [1, 2, 3, 4, 5]);
  if (t === 'expression') return null; // computed, ignored
  return textCheck({ validators: col.validators });
}

/** One row object {column: value} of a matrixdropdown / matrixdynamic. */
function rowCheck(columns: TColumn[]): TCheck {
  const cols = columns.map((c) => ({ col: c, check: cellCheck(c), visible: compileCondition(c.visibleIf) }));
  const allowed = new Set<string>();
  for (const c of columns) { allowed.add(c.name); if (c.hasOther) allowed.add(`${c.name}-Comment`); }
  return (row, final, values) => {
    if (!isPlainObject(row)) return answerError('wrong_type', { expected: 'object' });
    for (const k of Object.keys(row)) if (!allowed.has(k)) return answerError('unknown_row');
    for (const { col, check, visible } of cols) {
      const v = Object.hasOwn(row, col.name) ? row[col.name] : undefined;
      if (visible && !visible.run({ ...values, row })) { if (!isEmpty(v)) return answerError('hidden'); continue; }
      if (isEmpty(v)) { if (final && col.isRequired) return answerError('all_rows_required'); continue; }
      const e = check?.(v, final, values);
      if (e) return e;
      const other = row[`${col.name}-Comment`];
      if (other !== undefined && (typeof other !== 'string' || other.length > 1000)) return answerError('too_long', { max: 1000 });
    }
    return null;
  };
}

export function matrixCheck(q: TQuestionInfo): TCheck {
  const rows = new Set((q.rows ?? []).map((r) => String(r.value)));
  const cols = choiceSet(q.columns);
  return (v, final) => {
    if (!isPlainObject(v)) return answerError('wrong_type', { expected: 'object' });
    for (const [r, c] of Object.entries(v)) {
      if (!rows.has(r)) return answerError('unknown_row');
      if (!inChoices(cols, c)) return answerError('not_a_choice');
    }
    if (final && q.isAllRowRequired) for (const r of rows) if (!Object.hasOwn(v, r) || isEmpty(v[r])) return answerError('all_rows_required');
    return null;
  };
}

export function matrixDropdownCheck(q: TQuestionInfo): TCheck {
  const rows = new Set((q.rows ?? []).map((r) => String(r.value)));
  const row = rowCheck(q.columns ?? []);
  return (v, final, values) => {
    if (!isPlainObject(v)) return answerError('wrong_type', { expected: 'object' });
    for (const [r, cells] of Object.entries(v)) {
      if (!rows.has(r)) return answerError('unknown_row');
      const e = row(cells, final, values);
      if (e) return e;
    }
    if (final && q.isAllRowRequired) for (const r of rows) if (!Object.hasOwn(v, r) || isEmpty(v[r])) return answerError('all_rows_required');
    return null;
  };
}

export function matrixDynamicCheck(q: TQuestionInfo): TCheck {
  const row = rowCheck(q.columns ?? []);
  const max = Math.min(q.maxRowCount ?? DEFAULT_MAX_ROWS, 1000), min = q.minRowCount ?? 0;
  return (v, final, values) => {
    if (!Array.isArray(v)) return answerError('wrong_type', { expected: 'list' });
    if (v.length > max) return answerError('too_many_rows', { max });
    if (final && v.length < min) return answerError('too_few_rows', { min });
    for (const r of v) { const e = row(r, final, values); if (e) return e; }
    return null;
  };
}

export function multipleTextCheck(q: TQuestionInfo): TCheck {
  const items = (q.items ?? []).map((it) => ({ it, check: textCheck({ inputType: it.inputType, maxLength: it.maxLength, min: it.min, max: it.max, validators: it.validators }) }));
  const names = new Set(items.map((i) => i.it.name));
  return (v, final, values) => {
    if (!isPlainObject(v)) return answerError('wrong_type', { expected: 'object' });
    for (const k of Object.keys(v)) if (!names.has(k)) return answerError('unknown_row');
    for (const { it, check } of items) {
      const x = Object.hasOwn(v, it.name) ? v[it.name] : undefined;
      if (isEmpty(x)) { if (final && it.isRequired) return answerError('required'); continue; }
      const e = check(x, final, values);
      if (e) return e;
    }
    return null;
  };
}
