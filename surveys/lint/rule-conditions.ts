// Conditions (visibleIf, enableIf, requiredIf) parsed with survey-core: unparseable expressions and unknown question
// names (error), and conditions that can never be true, found by running survey-core's ConditionRunner over every
// combination of the values the referenced questions can take (error when they hide a required question).
import { ArrayOperand, BinaryOperand, ConditionRunner, ConditionsParser, Const, FunctionOperand, UnaryOperand, Variable, type Operand } from 'survey-core';
import type { TQuestionInfo } from '../definition';
import type { ConditionHost, Finding, LintContext, LintRule } from './types';
import { CONDITION_AR } from './words';

const CONTEXT_PREFIXES = /^(row|panel|parentpanel|rootpanel|item|choice|self|composite|panelindex|rowindex)(\.|$)/i;
const MAX_COMBINATIONS = 20000;
const PROPS = ['visibleIf', 'enableIf', 'requiredIf'] as const;

function walk(op: Operand | undefined, visit: (o: Operand) => void): void {
  if (!op) return;
  visit(op);
  if (op instanceof BinaryOperand) { walk(op.leftOperand, visit); walk(op.rightOperand, visit); }
  else if (op instanceof UnaryOperand) walk(op.expression, visit);
  else if (op instanceof ArrayOperand) op.values.forEach((v) => walk(v, visit));
  else if (op instanceof FunctionOperand) op.paramValues.forEach((v) => walk(v, visit));
}

/** Parsed expression with its variable names and constants, or undefined when survey-core cannot parse it. */
export function parseCondition(expr: string): { variables: string[]; constants: unknown[] } | undefined {
  const op = new ConditionsParser().parseExpression(expr);
  if (!op) return undefined;
  const variables = new Set<string>(), constants: unknown[] = [];
  walk(op, (o) => { if (o instanceof Variable) variables.add(o.variable); else if (o instanceof Const) constants.push(o.correctValue); });
  return { variables: [...variables], constants };
}

/** The question a variable refers to: `{q}`, `{q.row}`, `{q[0].x}`, `{q-Comment}`. */
function questionOf(ctx: LintContext, variable: string): { q?: TQuestionInfo; base: string; sub?: string } {
  if (ctx.questions.has(variable)) return { q: ctx.questions.get(variable), base: variable };
  const m = /^([^.[]+?)(?:-Comment)?(?:[.[](.*))?$/.exec(variable);
  const base = m ? m[1] : variable;
  return { q: ctx.questions.get(base), base, sub: m?.[2] };
}

function domain(ctx: LintContext, variable: string, constants: unknown[]): unknown[] {
  const { q, sub } = questionOf(ctx, variable);
  const free = () => {
    const out: unknown[] = [undefined, 'zz-other'];
    for (const c of constants) {
      out.push(c);
      if (typeof c === 'number') out.push(c - 1, c + 1, c - 0.5, c + 0.5);
    }
    return out;
  };
  if (!q) return free();
  if (sub !== undefined) {
    if (q.type === 'matrix') return [undefined, ...(q.columns ?? []).map((c) => c.value)];
    const col = q.columns?.find((c) => sub.endsWith(`.${c.name}`) || sub === c.name);
    if (col?.choices) return [undefined, ...col.choices.map((c) => c.value)];
    return free();
  }
  if (q.type === 'boolean') return [undefined, q.valueTrue ?? true, q.valueFalse ?? false];
  if (q.type === 'rating') return [undefined, ...(q.rateValues ?? [])];
  const values = q.choices?.map((c) => c.value);
  if (!values) return free();
  if (!['checkbox', 'tagbox', 'ranking'].includes(q.type)) return [undefined, ...values];
  const sets: unknown[] = [undefined, [], values, ...values.map((v) => [v])];
  if (values.length <= 8) for (let i = 0; i < values.length; i++) for (let j = i + 1; j < values.length; j++) sets.push([values[i], values[j]]);
  return sets;
}

function setPath(target: Record<string, unknown>, variable: string, value: unknown) {
  if (value === undefined) return;
  const parts = variable.split('.');
  let o = target;
  for (const p of parts.slice(0, -1)) o = (o[p] ??= {}) as Record<string, unknown>;
  o[parts[parts.length - 1]] = value;
}

/** true/false when decided over all combinations, undefined when too many to try. */
function canBeTrue(ctx: LintContext, expr: string, variables: string[], constants: unknown[]): boolean | undefined {
  const domains = variables.map((v) => domain(ctx, v, constants));
  if (domains.reduce((n, d) => n * d.length, 1) > MAX_COMBINATIONS) return undefined;
  const runner = new ConditionRunner(expr);
  const idx = variables.map(() => 0);
  for (;;) {
    const values: Record<string, unknown> = {};
    variables.forEach((v, i) => setPath(values, v, domains[i][idx[i]]));
    if (runner.runValues(values)) return true;
    let k = 0;
    while (k < idx.length && ++idx[k] === domains[k].length) idx[k++] = 0;
    if (k === idx.length) return false;
  }
}

/** Syntax and names: a finding, or the parsed expression to look at further. */
function checkNames(ctx: LintContext, base: Pick<Finding, 'rule' | 'question' | 'path'>, what: string, whatAr: string, expr: string) {
  const parsed = parseCondition(expr);
  if (!parsed) return { finding: { ...base, severity: 'error' as const, en: `The ${what} condition "${expr}" cannot be parsed.`, ar: `لا يمكن تحليل ${whatAr}: "${expr}".` } };
  const unknown = parsed.variables.filter((v) => !CONTEXT_PREFIXES.test(v) && !questionOf(ctx, v).q && !ctx.extraNames.has(v) && !ctx.extraNames.has(questionOf(ctx, v).base));
  if (!unknown.length) return { parsed };
  const list = unknown.map((v) => `{${v}}`).join(', ');
  return { finding: { ...base, severity: 'error' as const, en: `The ${what} condition names ${list}, which is not a question of this questionnaire.`, ar: `يشير ${whatAr} إلى ${list} وهو ليس سؤالًا في هذا الاستبيان.` } };
}

function check(ctx: LintContext, rule: string, h: ConditionHost, prop: typeof PROPS[number], expr: string): Finding[] {
  const base = { rule, question: h.kind === 'question' ? h.name : undefined, path: `${h.path}${h.path ? '.' : ''}${prop}` };
  const what = `${h.kind === 'question' ? 'question' : h.kind} "${h.name}" ${prop}`;
  const whatAr = `${CONDITION_AR[prop]} ${h.kind === 'question' ? 'للسؤال' : h.kind === 'page' ? 'للصفحة' : 'للمجموعة'} "${h.name}"`;
  const { finding, parsed } = checkNames(ctx, base, what, whatAr, expr);
  if (finding || !parsed) return finding ? [finding] : [];
  if (parsed.variables.some((v) => CONTEXT_PREFIXES.test(v)) || !parsed.variables.length) return [];
  if (canBeTrue(ctx, expr, parsed.variables, parsed.constants) !== false) return [];
  const blocks = prop !== 'requiredIf' && h.required;
  const effect = prop === 'visibleIf' ? 'is never shown' : prop === 'enableIf' ? 'can never be answered' : 'is never required';
  const effectAr = prop === 'visibleIf' ? 'لا يظهر أبدًا' : prop === 'enableIf' ? 'لا يمكن الإجابة عنه أبدًا' : 'لا يصبح إلزاميًا أبدًا';
  return [{ ...base, severity: blocks ? 'error' : 'warning',
    en: `The ${what} condition "${expr}" can never be true, so it ${effect}${blocks ? ' although it holds required questions' : ''} (check the codes it compares with).`,
    ar: `${whatAr} "${expr}" لا يتحقق أبدًا، لذا ${effectAr}${blocks ? ' رغم احتوائه على أسئلة إلزامية' : ''} (تحقق من الرموز التي يقارن بها).` }];
}

export const conditionsRule: LintRule = {
  id: 'conditions',
  description: 'A visibleIf/enableIf/requiredIf condition (or a calculated value, trigger or completedHtmlOnCondition expression) cannot be parsed or names an unknown question (error), or a condition can never be true (error when it hides a required question, warning otherwise).',
  run(ctx) {
    const out: Finding[] = [];
    for (const h of ctx.hosts) for (const prop of PROPS) if (h[prop]) out.push(...check(ctx, this.id, h, prop, h[prop]!));
    for (const e of ctx.expressions) {
      const { finding } = checkNames(ctx, { rule: this.id, path: e.path }, e.path, `التعبير "${e.path}"`, e.expression);
      if (finding) out.push(finding);
    }
    return out;
  },
};
