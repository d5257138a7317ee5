// The formula editor's form model and its exact mapping to and from stored formulas (pure, no DOM): every kind and
// item the engine has; a stored formula the form cannot hold exactly is reported as such (shown read-only, never rewritten).
import { ZFormula, type TCondition, type TFormula, type TItemRef } from './formula';

export type FormulaKind = TFormula['kind'];
export const FORMULA_KINDS: FormulaKind[] = ['share', 'count', 'mean', 'median', 'sum', 'index', 'ratio'];
export type Scalar = string | number | boolean;
export type Code = string | number;
export type Op = TCondition['op'];
export const OPS: Op[] = ['>=', '<=', '>', '<', '=', '!=', 'in', 'anyOf', 'allOf'];
export const NUMERIC_OPS: Op[] = ['>=', '<=', '>', '<'];
export const LIST_OPS: Op[] = ['in', 'anyOf', 'allOf'];

/** An item in the form: all three kinds' fields are kept, so switching the kind back loses nothing. */
export interface ItemForm { kind: TItemRef['kind']; name: string; row: string; column: string | undefined; attribute: string }
/** A condition in the form: one value and one list are kept side by side; the operator decides which one is saved. */
export interface ConditionForm { op: Op; value: Scalar; values: Scalar[] }
export interface PartForm { kind: 'sum' | 'count'; item: ItemForm; condition: ConditionForm; exclude: Code[] | undefined }
export interface IndexItemForm { item: ItemForm; reverse: boolean | undefined }

export interface FormulaForm {
  kind: FormulaKind;
  /** share, count, mean, median, sum */
  item: ItemForm;
  /** share, count */
  condition: ConditionForm;
  /** missing codes of the formula (undefined: the questionnaire's own don't-know / n.a. codes) */
  exclude: Code[] | undefined;
  index: { items: IndexItemForm[]; min: number; max: number; minAnswered: number; aggregate: 'mean' | 'share'; shareAtLeast: number };
  ratio: { numerator: PartForm; denominator: PartForm };
}

export const emptyItem = (): ItemForm => ({ kind: 'question', name: '', row: '', column: undefined, attribute: '' });
const emptyCondition = (): ConditionForm => ({ op: '>=', value: 4, values: [] });
const emptyPart = (kind: 'sum' | 'count'): PartForm => ({ kind, item: emptyItem(), condition: emptyCondition(), exclude: undefined });

export function emptyForm(kind: FormulaKind = 'share'): FormulaForm {
  return {
    kind, item: emptyItem(), condition: emptyCondition(), exclude: undefined,
    index: { items: [{ item: emptyItem(), reverse: undefined }], min: 1, max: 5, minAnswered: 1, aggregate: 'mean', shareAtLeast: 4 },
    ratio: { numerator: emptyPart('sum'), denominator: emptyPart('sum') },
  };
}

function itemForm(i: TItemRef): ItemForm {
  const f = emptyItem();
  if (i.kind === 'attribute') return { ...f, kind: 'attribute', attribute: i.attribute };
  if (i.kind === 'cell') return { ...f, kind: 'cell', name: i.name, row: i.row, column: i.column };
  return { ...f, kind: 'question', name: i.name };
}

function conditionForm(c: TCondition): ConditionForm {
  if ('values' in c) return { op: c.op, value: c.values[0] ?? '', values: [...c.values] };
  return { op: c.op, value: c.value, values: [c.value] };
}

/** The stored item of a form item, keys in the schema's order. */
export function toItem(i: ItemForm): TItemRef {
  if (i.kind === 'attribute') return { kind: 'attribute', attribute: i.attribute };
  if (i.kind === 'cell') return i.column === undefined ? { kind: 'cell', name: i.name, row: i.row } : { kind: 'cell', name: i.name, row: i.row, column: i.column };
  return { kind: 'question', name: i.name };
}

/** The stored condition; the scalar becomes a number for the comparison operators, lists drop booleans for anyOf/allOf. */
export function toCondition(c: ConditionForm): TCondition {
  if (c.op === 'in') return { op: 'in', values: [...c.values] };
  if (c.op === 'anyOf' || c.op === 'allOf') return { op: c.op, values: c.values.filter((v): v is Code => typeof v !== 'boolean') };
  if (NUMERIC_OPS.includes(c.op)) return { op: c.op as '>=' | '<=' | '>' | '<', value: typeof c.value === 'number' ? c.value : Number(c.value) };
  return { op: c.op as '=' | '!=', value: c.value };
}

const withExclude = <T extends object>(o: T, exclude: Code[] | undefined): T & { exclude?: Code[] } => (exclude === undefined ? o : { ...o, exclude: [...exclude] });

function toPart(p: PartForm) {
  return p.kind === 'sum'
    ? withExclude({ kind: 'sum' as const, item: toItem(p.item) }, p.exclude)
    : withExclude({ kind: 'count' as const, item: toItem(p.item), condition: toCondition(p.condition) }, p.exclude);
}

/** The stored formula of a form (keys in the order the schema gives them, so an unchanged formula is byte-identical). */
export function toFormula(f: FormulaForm): TFormula {
  switch (f.kind) {
    case 'share': case 'count': return withExclude({ kind: f.kind, item: toItem(f.item), condition: toCondition(f.condition) }, f.exclude);
    case 'mean': case 'median': case 'sum': return withExclude({ kind: f.kind, item: toItem(f.item) }, f.exclude);
    case 'index': return withExclude({
      kind: 'index' as const,
      items: f.index.items.map((x) => (x.reverse === undefined ? { item: toItem(x.item) } : { item: toItem(x.item), reverse: x.reverse })),
      scale: { min: f.index.min, max: f.index.max }, minAnswered: f.index.minAnswered,
      aggregate: f.index.aggregate === 'mean' ? 'mean' as const : { shareAtLeast: f.index.shareAtLeast },
    }, f.exclude);
    case 'ratio': return { kind: 'ratio', numerator: toPart(f.ratio.numerator), denominator: toPart(f.ratio.denominator) };
  }
}

function partForm(p: Extract<TFormula, { kind: 'ratio' }>['numerator']): PartForm {
  return { ...emptyPart(p.kind), kind: p.kind, item: itemForm(p.item), exclude: p.exclude && [...p.exclude],
    condition: p.kind === 'count' ? conditionForm(p.condition) : emptyCondition() };
}

/** Deep equality of JSON values (key order ignored). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameJson(x, b[i]));
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

export type FromFormula = { ok: true; form: FormulaForm } | { ok: false; reason: 'invalid' | 'unrepresentable'; problems: string[] };

/**
 * Open a stored formula in the form. It must be a valid formula that the form gives back exactly (same keys and
 * values); anything else (an unknown field, a newer kind) is `ok: false`: the editor shows it read-only with "edit as JSON".
 */
export function fromFormula(raw: unknown): FromFormula {
  const parsed = ZFormula.safeParse(raw);
  if (!parsed.success) return { ok: false, reason: 'invalid', problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(formula)'}: ${i.message}`) };
  const f = parsed.data;
  const form = emptyForm(f.kind);
  switch (f.kind) {
    case 'share': case 'count': form.item = itemForm(f.item); form.condition = conditionForm(f.condition); form.exclude = f.exclude && [...f.exclude]; break;
    case 'mean': case 'median': case 'sum': form.item = itemForm(f.item); form.exclude = f.exclude && [...f.exclude]; break;
    case 'index':
      form.index = {
        items: f.items.map((x) => ({ item: itemForm(x.item), reverse: x.reverse })), min: f.scale.min, max: f.scale.max, minAnswered: f.minAnswered,
        aggregate: f.aggregate === 'mean' ? 'mean' : 'share', shareAtLeast: f.aggregate === 'mean' ? form.index.shareAtLeast : f.aggregate.shareAtLeast,
      };
      form.exclude = f.exclude && [...f.exclude];
      if (form.index.items[0]) form.item = { ...form.index.items[0].item };
      break;
    case 'ratio': form.ratio = { numerator: partForm(f.numerator), denominator: partForm(f.denominator) }; break;
  }
  if (!sameJson(toFormula(form), raw)) return { ok: false, reason: 'unrepresentable', problems: ['the formula has fields the form does not know'] };
  return { ok: true, form };
}

/** Problems of the form's formula (the schema's own checks), as path: message lines; empty when it can be saved. */
export function formProblems(f: FormulaForm): Array<{ path: string; message: string }> {
  const r = ZFormula.safeParse(toFormula(f));
  return r.success ? [] : r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** Text typed in a value box → a scalar: numbers and true/false keep their type, anything else is a code string. */
export function parseScalar(text: string): Scalar {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  return t !== '' && /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}
export const parseList = (text: string): Scalar[] => text.split(',').map((x) => x.trim()).filter((x) => x !== '').map(parseScalar);
export const showScalar = (v: Scalar): string => String(v);
export const showList = (vs: Scalar[]): string => vs.map(showScalar).join(', ');
