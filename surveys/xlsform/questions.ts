// One XLSForm survey row → one SurveyJS question: type, choices, appearance, required/relevant/constraint/read_only/default.
import type { TElementJson, TLocalisable } from '../definition';
import { codeOf, NUMERIC_CODE, type TChoiceList } from './choices';
import type { TFormNode } from './convert';
import type { TProblem } from './sheets';
import { regexProblem } from '../regex-safety';
import { applyAppearance, parseParameters, SIMPLE_TYPES, WHOLE_NUMBER_VALIDATOR } from './types';
import { assertParses, emit, parseXPath, quote, usedNames, XPathError, type TScope } from './xpath';

/** What the question builder needs from the converter. */
export interface TBuild {
  lists: Map<string, TChoiceList>;
  error(at: Partial<TProblem>, message: string): void;
  warn(at: Partial<TProblem>, message: string): void;
  text(n: TFormNode, key: string): TLocalisable | undefined;
  scope(n: TFormNode, self?: string): TScope;
  expr(n: TFormNode, key: string, scope?: TScope, src?: string): string | undefined;
}

const YES = /^(yes|true|true\(\)|y)$/i;
const NO = /^(no|false|false\(\)|n)?$/i;

/** relevant, required, read_only and (for questions) constraint, messages and default. */
export function commonProps(b: TBuild, n: TFormNode, isQuestion: boolean): Record<string, unknown> {
  const el: Record<string, unknown> = {};
  const visibleIf = b.expr(n, 'relevant', b.scope(n));
  if (visibleIf) el.visibleIf = visibleIf;
  const ro = n.row.get('read_only');
  if (YES.test(ro)) el.readOnly = true;
  else if (!NO.test(ro)) { const e = b.expr(n, 'read_only'); if (e) el.enableIf = `!(${e})`; }
  if (!isQuestion) return el;
  const req = n.row.get('required');
  if (YES.test(req)) el.isRequired = true;
  else if (!NO.test(req)) { const e = b.expr(n, 'required'); if (e) el.requiredIf = e; }
  const reqMsg = b.text(n, 'required_message');
  if (reqMsg) el.requiredErrorText = reqMsg;
  return el;
}

/** A constraint: `regex(., 'p')` → a regex validator; anything else → an expression validator that passes when empty. */
function constraint(b: TBuild, n: TFormNode): unknown | undefined {
  const src = n.row.get('constraint');
  if (!src) return undefined;
  const scope = b.scope(n, n.name);
  const text = b.text(n, 'constraint_message');
  try {
    const tree = parseXPath(src);
    if (tree.k === 'call' && tree.fn === 'regex' && tree.args.length === 2 && tree.args[0].k === 'self' && tree.args[1].k === 'str') {
      const problem = regexProblem(tree.args[1].v);
      if (problem) throw new XPathError(problem);
      return { type: 'regex', regex: tree.args[1].v, ...(text ? { text } : {}) };
    }
    const self = scope.resolve(n.name, 'value').text;
    // ODK checks a constraint only on an answered question
    return { type: 'expression', expression: assertParses(`${self} empty or (${emit(tree, scope)})`), ...(text ? { text } : {}) };
  } catch (e) {
    if (!(e instanceof XPathError)) throw e;
    b.error(n.row.at('constraint'), `cannot translate constraint "${src}": ${e.message}`);
    return undefined;
  }
}

function choices(b: TBuild, n: TFormNode, list: TChoiceList, el: Record<string, unknown>) {
  const out: Record<string, unknown>[] = list.rows.map((c) => {
    const text = b.text({ ...n, row: c.row }, 'label');
    return { value: codeOf(list, c.name), ...(text ? { text } : {}) };
  });
  el.choices = out;
  const filter = n.row.get('choice_filter');
  if (!filter) return;
  try {
    const tree = parseXPath(filter);
    const bare = [...usedNames(tree).bare];
    const scope = b.scope(n, n.name);
    if (bare.every((x) => x === 'name')) {
      el.choicesVisibleIf = assertParses(emit(tree, { ...scope, bare: () => '{item}' }));
      return;
    }
    const missing = bare.filter((x) => !list.rows[0]?.cols.has(x.toLowerCase()));
    if (missing.length) throw new XPathError(`the choices sheet has no column ${missing.map((x) => `"${x}"`).join(', ')}`);
    // filters on other columns of the choices sheet: each choice gets its own condition with its column values
    list.rows.forEach((c, i) => {
      const value = (col: string) => {
        const v = col === 'name' ? c.name : c.cols.get(col.toLowerCase()) ?? '';
        return NUMERIC_CODE.test(v) ? v : quote(v);
      };
      out[i].visibleIf = assertParses(emit(tree, { ...scope, bare: value }));
    });
  } catch (e) {
    if (!(e instanceof XPathError)) throw e;
    b.error(n.row.at('choice_filter'), `cannot translate choice_filter "${filter}": ${e.message}`);
  }
}

function defaultValue(b: TBuild, n: TFormNode, el: Record<string, unknown>, list?: TChoiceList) {
  const d = n.row.get('default');
  if (!d) return;
  if (/[$()]/.test(d)) { const e = b.expr(n, 'default', b.scope(n)); if (e) el.defaultValueExpression = e; return; }
  if (n.base === 'integer' || n.base === 'decimal' || n.base === 'range') {
    if (!Number.isFinite(Number(d))) { b.error(n.row.at('default'), `the default "${d}" of a number question is not a number`); return; }
    el.defaultValue = Number(d);
  } else if (n.base === 'select_multiple' && list) el.defaultValue = d.split(/\s+/).map((x) => codeOf(list, x));
  else if (n.base === 'select_one' && list) el.defaultValue = codeOf(list, d);
  else el.defaultValue = d;
}

export function questionElement(b: TBuild, n: TFormNode): TElementJson | undefined {
  const list = n.list ? b.lists.get(n.list) : undefined;
  let el: Record<string, unknown>;
  if (SIMPLE_TYPES[n.base]) el = { ...SIMPLE_TYPES[n.base] };
  else if (n.base === 'select_one') el = { type: 'radiogroup' };
  else if (n.base === 'select_multiple') el = { type: 'checkbox' };
  else if (n.base === 'rank') el = { type: 'ranking' };
  else if (n.base === 'range') el = range(b, n);
  else { b.error(n.row.at('type'), `unknown type "${n.row.get('type')}"`); return undefined; }
  el.name = n.name;
  const title = b.text(n, 'label'), description = b.text(n, 'hint');
  if (title) el.title = title;
  if (description) el.description = description;
  if (list) choices(b, n, list, el);
  if (n.orOther) {
    if (n.base === 'select_one' || n.base === 'select_multiple') el.showOtherItem = true;
    else b.warn(n.row.at('type'), `or_other has no effect on ${n.base}`);
  }
  if (/randomize\s*=\s*(true|yes)/i.test(n.row.get('parameters')) && list) el.choicesOrder = 'random';
  const ignored = applyAppearance(el, n.base, n.row.get('appearance'), list?.rows.length ?? 0);
  if (ignored.length) b.warn(n.row.at('appearance'), `appearance ${ignored.map((a) => `"${a}"`).join(', ')} has no SurveyJS equivalent for ${n.base}: ignored`);
  Object.assign(el, commonProps(b, n, true));
  const validators: unknown[] = [];
  if (n.base === 'integer') validators.push(WHOLE_NUMBER_VALIDATOR);
  const c = constraint(b, n);
  if (c) validators.push(c);
  if (validators.length) el.validators = validators;
  defaultValue(b, n, el, list);
  if (n.row.get('calculation')) {
    const e = b.expr(n, 'calculation', b.scope(n));
    if (e) { el.defaultValueExpression = e; b.warn(n.row.at('calculation'), `a calculation on a question of type ${n.base} becomes its default value (SurveyJS defaultValueExpression)`); }
  }
  return el as TElementJson;
}

function range(b: TBuild, n: TFormNode): Record<string, unknown> {
  const p = parseParameters(n.row.get('parameters'));
  const num = (k: string, d: number) => {
    const v = p.get(k);
    if (v === undefined) return d;
    if (!Number.isFinite(Number(v))) { b.error(n.row.at('parameters'), `the range parameter ${k}=${v} is not a number`); return d; }
    return Number(v);
  };
  const min = num('start', 1), max = num('end', 10), step = num('step', 1);
  if (step <= 0 || max < min) b.error(n.row.at('parameters'), `the range start=${min} end=${max} step=${step} is empty`);
  return { type: 'text', inputType: 'range', min, max, step };
}
