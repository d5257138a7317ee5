// The questionnaire items an indicator formula reads, with what the formula needs from each (a number, a set of codes).
import { ZFormula, type TCondition, type TFormula, type TItemRef } from '../../indicators/formula';

export interface FormulaRef {
  ref: TItemRef;
  /** 'number': averaged/summed/compared with >=; 'codes': compared with =, in; 'multi': anyOf/allOf on a multi-choice answer */
  need: 'number' | 'codes' | 'multi';
  condition?: TCondition;
  /** the ref is an item of a composite index */
  index?: boolean;
}

function conditionNeed(c: TCondition): FormulaRef['need'] {
  if (c.op === 'anyOf' || c.op === 'allOf') return 'multi';
  if (c.op === '>=' || c.op === '<=' || c.op === '>' || c.op === '<') return 'number';
  return 'codes';
}

/** Parses a stored formula; undefined when it is not a valid formula. */
export function parseFormula(formula: unknown): TFormula | undefined {
  const r = ZFormula.safeParse(formula);
  return r.success ? r.data : undefined;
}

export function formulaRefs(f: TFormula): FormulaRef[] {
  switch (f.kind) {
    case 'share': case 'count': return [{ ref: f.item, need: conditionNeed(f.condition), condition: f.condition }];
    case 'mean': case 'median': case 'sum': return [{ ref: f.item, need: 'number' }];
    case 'index': return f.items.map((i) => ({ ref: i.item, need: 'number' as const, index: true }));
    case 'ratio': return [f.numerator, f.denominator].map((p) => (p.kind === 'count'
      ? { ref: p.item, need: conditionNeed(p.condition), condition: p.condition } : { ref: p.item, need: 'number' as const }));
  }
}

export const refLabel = (r: TItemRef) => (r.kind === 'attribute' ? `attribute ${r.attribute}`
  : r.kind === 'cell' ? `${r.name}.${r.row}${r.column ? `.${r.column}` : ''}` : r.name);

export const refLabelAr = (r: TItemRef) => (r.kind === 'attribute' ? `خاصية المشارك "${r.attribute}"`
  : r.kind === 'cell' ? `"${r.name}.${r.row}${r.column ? `.${r.column}` : ''}"` : `"${r.name}"`);
