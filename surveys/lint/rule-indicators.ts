// Indicator ↔ question mapping: formulas naming unknown items or items of the wrong type (error), indicators no
// question of this questionnaire feeds (warning), questions that feed no indicator (info).
import type { TQuestionInfo } from '../definition';
import { MISSING_CODE_VALUES } from '../definition';
import type { TCondition, TItemRef } from '../../indicators/formula';
import type { Finding, LintContext, LintRule } from './types';
import { formulaRefs, parseFormula, refLabel, refLabelAr, type FormulaRef } from './formula-refs';

const NUMERIC = /^\s*-?\d+(\.\d+)?\s*$/;
const MULTI = new Set(['checkbox', 'tagbox', 'ranking']);
const NOT_ANSWERS = new Set(['html', 'image', 'expression', 'panel']);

/** Codes an item can take (undefined: free values). */
function codesOf(q: TQuestionInfo, ref: TItemRef): Array<string | number | boolean> | undefined {
  if (ref.kind === 'cell') {
    if (q.type === 'matrix') return q.columns?.map((c) => c.value);
    const col = q.columns?.find((c) => c.name === ref.column);
    return col?.choices?.map((c) => c.value) ?? col?.rateValues;
  }
  if (q.type === 'boolean') return [q.valueTrue ?? true, q.valueFalse ?? false] as Array<string | number | boolean>;
  if (q.type === 'rating') return q.rateValues;
  return q.choices?.map((c) => c.value);
}

/** Why `ref` cannot serve the formula's need, or undefined when it can. */
function typeProblem(q: TQuestionInfo, ref: TItemRef, need: FormulaRef['need'], condition?: TCondition): { en: string; ar: string } | undefined {
  if (ref.kind === 'cell') {
    if (!['matrix', 'matrixdropdown', 'matrixdynamic', 'multipletext'].includes(q.type)) return { en: `a cell of "${q.name}", which is a ${q.type}, not a matrix`, ar: `خلية من "${q.name}" وهو "${q.type}" وليس مصفوفة` };
    const rows = q.type === 'multipletext' ? q.items?.map((i) => i.name) : q.rows?.map((r) => String(r.value));
    if (rows && q.type !== 'matrixdynamic' && !rows.includes(ref.row)) return { en: `row "${ref.row}", which "${q.name}" does not have`, ar: `الصف "${ref.row}" غير الموجود في "${q.name}"` };
    if (q.type.startsWith('matrixd') && !q.columns?.some((c) => c.name === ref.column)) return { en: `column "${ref.column ?? ''}", which "${q.name}" does not have`, ar: `العمود "${ref.column ?? ''}" غير الموجود في "${q.name}"` };
  } else if (['matrix', 'matrixdropdown', 'matrixdynamic', 'multipletext', 'paneldynamic'].includes(q.type)) {
    return { en: `"${q.name}", a ${q.type} whose answer is not one value (use a cell)`, ar: `"${q.name}" وهو "${q.type}" ليست إجابته قيمة واحدة (استخدم خلية)` };
  }
  const codes = codesOf(q, ref);
  const multi = ref.kind === 'question' && MULTI.has(q.type);
  if (need === 'multi' && !multi) return { en: `"${q.name}" (${q.type}) with anyOf/allOf, which need a multiple-choice question`, ar: `"${q.name}" ("${q.type}") مع "anyOf/allOf" التي تتطلب سؤال اختيار متعدد` };
  if (need !== 'multi' && multi) return { en: `"${q.name}", a multiple-choice ${q.type}, with an operation for single values`, ar: `"${q.name}" وهو اختيار متعدد ("${q.type}") مع عملية للقيم المفردة` };
  if (need === 'number') {
    const numeric = codes ? codes.filter((c) => !MISSING_CODE_VALUES.has(String(c))).every((c) => typeof c === 'number' || NUMERIC.test(String(c)))
      : (q.type === 'text' && (q.inputType === 'number' || q.inputType === 'range')) || ref.kind === 'cell';
    if (!numeric) return { en: `"${q.name}" (${q.type}${q.inputType ? `/${q.inputType}` : ''}), whose answers are not numbers`, ar: `"${q.name}" ("${q.type}") وإجاباته ليست أرقامًا` };
  }
  if (condition && codes && ('values' in condition || condition.op === '=' || condition.op === '!=')) {
    const wanted: unknown[] = 'values' in condition ? condition.values : [condition.value];
    const offered = new Set(codes.map(String));
    const unknown = wanted.filter((v) => !offered.has(String(v)));
    if (unknown.length) return { en: `code ${unknown.map((v) => `"${v}"`).join(', ')}, which "${q.name}" does not offer`, ar: `الرمز ${unknown.map((v) => `"${v}"`).join('، ')} الذي لا يعرضه "${q.name}"` };
  }
  return undefined;
}

function usedNames(ctx: LintContext): Set<string> {
  const used = new Set<string>();
  for (const ind of ctx.indicators ?? []) {
    const f = parseFormula(ind.formula);
    for (const r of f ? formulaRefs(f) : []) if (r.ref.kind !== 'attribute') used.add(r.ref.name);
    if (Array.isArray(ind.disaggregations)) for (const d of ind.disaggregations) if (d && d.kind === 'question' && typeof d.name === 'string') used.add(d.name);
  }
  return used;
}

export const indicatorItems: LintRule = {
  id: 'indicators.items',
  description: 'An indicator formula names a question, row or column that does not exist, or an item of the wrong type (numbers for means/sums/indexes, a multiple-choice question for anyOf/allOf, codes the question offers).',
  run(ctx) {
    const out: Finding[] = [];
    for (const ind of ctx.indicators ?? []) {
      const f = parseFormula(ind.formula);
      if (!f) {
        out.push({ rule: this.id, severity: 'error', path: '', en: `Indicator ${ind.code} has a formula Marsad cannot read.`, ar: `المؤشر ${ind.code} له صيغة لا يستطيع مرصد قراءتها.` });
        continue;
      }
      const refs = formulaRefs(f).filter((r) => r.ref.kind !== 'attribute');
      if (!refs.some((r) => r.ref.kind !== 'attribute' && ctx.questions.has(r.ref.name))) continue; // another questionnaire's indicator: see indicators.unfed
      for (const r of refs) {
        if (r.ref.kind === 'attribute') continue;
        const q = ctx.questions.get(r.ref.name);
        const problem = q ? typeProblem(q, r.ref, r.need, r.condition) : { en: `"${r.ref.name}", which this questionnaire does not have`, ar: `"${r.ref.name}" غير الموجود في هذا الاستبيان` };
        if (!problem) continue;
        out.push({ rule: this.id, severity: 'error', question: r.ref.name, path: ctx.paths.get(r.ref.name) ?? '',
          en: `Indicator ${ind.code} reads ${refLabel(r.ref)}: ${problem.en}.`, ar: `المؤشر ${ind.code} يقرأ ${refLabelAr(r.ref)}: ${problem.ar}.` });
      }
    }
    return out;
  },
};

export const unfedIndicators: LintRule = {
  id: 'indicators.unfed',
  description: 'No question of this questionnaire feeds the indicator.',
  run(ctx) {
    const out: Finding[] = [];
    for (const ind of ctx.indicators ?? []) {
      const f = parseFormula(ind.formula);
      if (!f || formulaRefs(f).some((r) => r.ref.kind !== 'attribute' && ctx.questions.has(r.ref.name))) continue;
      out.push({ rule: this.id, severity: 'warning', path: '', en: `No question of this questionnaire feeds indicator ${ind.code}.`, ar: `لا يغذي أي سؤال في هذا الاستبيان المؤشر ${ind.code}.` });
    }
    return out;
  },
};

export const unusedQuestions: LintRule = {
  id: 'indicators.unused_question',
  description: 'A question feeds no indicator and disaggregates none (information: profile and open questions are often meant so).',
  run(ctx) {
    if (!ctx.indicators) return [];
    const used = usedNames(ctx);
    const out: Finding[] = [];
    for (const q of ctx.questions.values()) {
      if (used.has(q.name) || NOT_ANSWERS.has(q.type) || q.parentDynamic) continue;
      out.push({ rule: this.id, severity: 'info', question: q.name, path: ctx.paths.get(q.name) ?? '',
        en: `"${q.name}" feeds no indicator.`, ar: `"${q.name}" لا يغذي أي مؤشر.` });
    }
    return out;
  },
};
