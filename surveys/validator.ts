// Strict server-side answer validator compiled once per questionnaire version (survey-core conditions, no Model per call).
import { questionIndex, toChoices, type TDefinition, type TQuestionInfo } from './definition';
import { choiceCheck, compileCondition as runner, type Condition, DEFAULT_MAX_ROWS, isEmpty, isPlainObject, ratingCheck, textCheck, valueIn, type TCheck } from './checks';
import { matrixCheck, matrixDropdownCheck, matrixDynamicCheck, multipleTextCheck } from './matrix-checks';
import { answerError, type TAnswerError } from './messages';

export type TValidationMode = 'final' | 'partial';
export type TValidationResult =
  | { ok: true; answers: Record<string, unknown> }
  | { ok: false; errors: Record<string, TAnswerError> };

export interface AnswerValidator {
  validate(answers: unknown, opts: { mode: TValidationMode }): TValidationResult;
}

interface TNode {
  q: TQuestionInfo;
  /** null: value ignored (expression); undefined for paneldynamic (validated by `inner`) */
  check: TCheck | null;
  visible: Condition[];
  required?: Condition;
  enabled: Condition[];
  inner?: TScope;
  commentMax: number;
  /** `<name>-Comment` is a comment area (always allowed), not only the "other" text */
  commentArea: boolean;
  /** html/image: no value allowed */
  noValue?: boolean;
  /** what survey-core reports for an unanswered, visible, enabled question that is not itself required (inner required parts) */
  whenEmpty?: TAnswerError;
}
interface TScope { nodes: TNode[]; allowed: Set<string> }

function checkFor(q: TQuestionInfo): TCheck | null {
  const el = q.element;
  switch (q.type) {
    case 'radiogroup': case 'dropdown':
      return choiceCheck({ choices: q.choices, hasOther: q.hasOther, storeOthersAsComment: q.storeOthersAsComment, validators: q.validators });
    case 'imagepicker':
      return choiceCheck({ choices: q.choices, multi: el.multiSelect === true, validators: q.validators });
    case 'checkbox': case 'tagbox':
      return choiceCheck({ choices: q.choices, multi: true, hasOther: q.hasOther, storeOthersAsComment: q.storeOthersAsComment,
        minSelected: q.minSelectedChoices, maxSelected: q.maxSelectedChoices, validators: q.validators });
    case 'ranking':
      return choiceCheck({ choices: q.choices, multi: true, ranking: true, validators: q.validators });
    case 'boolean':
      return valueIn([q.valueTrue ?? true, q.valueFalse ?? false], 'yes or no');
    case 'rating': {
      const declared = toChoices(el.rateValues).map((c) => c.value);
      return ratingCheck(declared.length ? declared : q.rateValues ?? []);
    }
    case 'text':
      return textCheck({ inputType: q.inputType, min: q.min, max: q.max, maxLength: q.maxLength, validators: q.validators });
    case 'comment':
      return textCheck({ isComment: true, maxLength: q.maxLength, validators: q.validators });
    case 'signaturepad':
      return textCheck({ maxLength: 200_000 });
    case 'matrix': return matrixCheck(q);
    case 'matrixdropdown': return matrixDropdownCheck(q);
    case 'matrixdynamic': return matrixDynamicCheck(q);
    case 'multipletext': return multipleTextCheck(q);
    default: return null; // expression: computed by the page, ignored
  }
}

/** survey-core also refuses an empty composite whose parts are required, and an empty checkbox with minSelectedChoices. */
function whenEmpty(q: TQuestionInfo): TAnswerError | undefined {
  const requiredColumn = (q.columns ?? []).some((c) => c.isRequired);
  if (q.type === 'matrix' && q.isAllRowRequired && q.rows?.length) return answerError('all_rows_required');
  if (q.type === 'matrixdropdown' && q.rows?.length && (requiredColumn || q.isAllRowRequired)) return answerError('all_rows_required');
  if (q.type === 'matrixdynamic') {
    if (q.minRowCount) return answerError('too_few_rows', { min: q.minRowCount });
    const rowCount = typeof q.element.rowCount === 'number' ? q.element.rowCount : 2;
    if (rowCount > 0 && requiredColumn) return answerError('all_rows_required');
  }
  if (q.type === 'paneldynamic' && q.minPanelCount) return answerError('too_few_rows', { min: q.minPanelCount });
  if (q.type === 'multipletext' && q.items?.some((i) => i.isRequired)) return answerError('required');
  if ((q.type === 'checkbox' || q.type === 'tagbox') && q.minSelectedChoices) return answerError('too_few', { min: q.minSelectedChoices });
  return undefined;
}

function compileScope(questions: TQuestionInfo[], all: Map<string, TQuestionInfo>, layoutNames: Set<string>, extraKeys: string[]): TScope {
  const nodes: TNode[] = [];
  const allowed = new Set<string>(extraKeys);
  for (const q of questions) {
    allowed.add(q.name);
    if (q.hasComment) allowed.add(`${q.name}-Comment`);
    const node: TNode = {
      q, check: q.type === 'paneldynamic' ? null : checkFor(q),
      visible: [...q.containerVisibleIf, q.visibleIf].map((e) => runner(e)).filter((r): r is Condition => !!r),
      required: runner(q.requiredIf),
      enabled: [...q.containerEnableIf, q.enableIf].map((e) => runner(e)).filter((r): r is Condition => !!r),
      commentMax: q.hasOther ? 1000 : 5000, whenEmpty: whenEmpty(q),
      commentArea: !!(q.element.showCommentArea || q.element.hasComment),
    };
    if (q.type === 'paneldynamic') {
      const inner = [...all.values()].filter((x) => x.parentDynamic === q.name);
      node.inner = compileScope(inner, all, new Set(), []);
    }
    nodes.push(node);
  }
  for (const n of layoutNames) { allowed.add(n); nodes.push({ q: { name: n } as TQuestionInfo, check: null, visible: [], enabled: [], commentMax: 0, commentArea: false, noValue: true }); }
  return { nodes, allowed };
}

/** Names of html/image elements (a value under their name is refused with `no_value`, not as unknown). */
function layoutNames(def: TDefinition): Set<string> {
  const out = new Set<string>();
  const walk = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const el of list) {
      if (!el || typeof el !== 'object') continue;
      const o = el as Record<string, unknown>;
      if ((o.type === 'html' || o.type === 'image') && typeof o.name === 'string') out.add(o.name);
      if (o.type === 'panel') walk(o.elements ?? o.questions);
    }
  };
  if (Array.isArray(def.pages)) for (const p of def.pages) walk(p?.elements ?? p?.questions);
  else walk(def.elements ?? def.questions);
  return out;
}

function validateScope(scope: TScope, obj: Record<string, unknown>, final: boolean, values: Record<string, unknown>,
  errors: Record<string, TAnswerError>, prefix: string): void {
  const unknown: string[] = [];
  for (const k in obj) if (!scope.allowed.has(k)) unknown.push(k);
  if (unknown.length) {
    const key = prefix ? `${prefix.slice(0, -1)}` : '_root';
    errors[key] = answerError('unknown_key', { keys: unknown.slice(0, 5).map((k) => JSON.stringify(k.slice(0, 100))).join(', ') });
  }
  for (const node of scope.nodes) {
    const { q } = node;
    const value = Object.hasOwn(obj, q.name) ? obj[q.name] : undefined;
    const comment = q.hasComment && Object.hasOwn(obj, `${q.name}-Comment`) ? obj[`${q.name}-Comment`] : undefined;
    const key = prefix + q.name;
    if (node.noValue) { if (value !== undefined) errors[key] = answerError('no_value'); continue; }
    let visible = !q.hidden;
    if (visible) for (const r of node.visible) if (!r.run(values)) { visible = false; break; }
    if (!visible) {
      if (!isEmpty(value) || !isEmpty(comment)) errors[key] = answerError('hidden');
      continue;
    }
    if (q.type === 'expression') continue;
    if (comment !== undefined && comment !== null && (typeof comment !== 'string' || comment.length > node.commentMax)) {
      errors[key] = typeof comment === 'string' ? answerError('too_long', { max: node.commentMax }) : answerError('wrong_type', { expected: 'text' });
      continue;
    }
    const strayComment = !isEmpty(comment) && !node.commentArea && !otherChosen(q, value);
    if (isEmpty(value)) {
      if (strayComment) { errors[key] = answerError('comment_not_allowed'); continue; }
      if (final && (q.isRequired || node.whenEmpty || (node.required?.run(values) ?? false)) && node.enabled.every((c) => c.run(values)))
        errors[key] = q.isRequired || !node.whenEmpty ? answerError('required') : node.whenEmpty;
      continue;
    }
    if (node.inner) { validateDynamic(node, value, final, values, errors, key); continue; }
    const e = node.check?.(value, final, values);
    if (e) { errors[key] = e; continue; }
    if (strayComment) { errors[key] = answerError('comment_not_allowed'); continue; }
    if (final && otherChosen(q, value) && isEmpty(comment))
      errors[key] = answerError('other_required');
  }
}

/** The "other" choice is selected and its text goes to `<name>-Comment` (SurveyJS's default storeOthersAsComment). */
const otherChosen = (q: TQuestionInfo, value: unknown) => q.hasOther && q.storeOthersAsComment
  && (value === 'other' || (Array.isArray(value) && value.includes('other')));

function validateDynamic(node: TNode, value: unknown, final: boolean, values: Record<string, unknown>, errors: Record<string, TAnswerError>, key: string) {
  const { q } = node;
  if (!Array.isArray(value)) { errors[key] = answerError('wrong_type', { expected: 'list' }); return; }
  const max = Math.min(q.maxPanelCount ?? DEFAULT_MAX_ROWS, 1000);
  if (value.length > max) { errors[key] = answerError('too_many_rows', { max }); return; }
  if (final && q.minPanelCount && value.length < q.minPanelCount) { errors[key] = answerError('too_few_rows', { min: q.minPanelCount }); return; }
  value.forEach((panel, i) => {
    if (!isPlainObject(panel)) { errors[`${key}[${i}]`] = answerError('wrong_type', { expected: 'object' }); return; }
    validateScope(node.inner!, panel, final, { ...values, panel, panelIndex: i }, errors, `${key}[${i}].`);
  });
}

export function compileValidator(def: TDefinition): AnswerValidator {
  const index = questionIndex(def);
  // survey-level limits (SurveyJS maxTextLength / maxCommentLength) apply where a question sets none
  const surveyMax = { text: def.maxTextLength, comment: def.maxCommentLength };
  for (const q of index.values()) {
    const m = surveyMax[q.type as 'text' | 'comment'];
    if ((q.type === 'text' || q.type === 'comment') && !(q.maxLength && q.maxLength > 0) && typeof m === 'number' && m > 0) q.maxLength = m;
  }
  const top = [...index.values()].filter((q) => !q.parentDynamic);
  const calculated = (Array.isArray(def.calculatedValues) ? def.calculatedValues : [])
    .filter((c): c is { name: string } => !!c && typeof c === 'object' && (c as Record<string, unknown>).includeIntoResult === true && typeof (c as Record<string, unknown>).name === 'string')
    .map((c) => c.name);
  const scope = compileScope(top, index, layoutNames(def), calculated);
  return {
    validate(answers, opts) {
      if (!isPlainObject(answers)) return { ok: false, errors: { _root: answerError('not_an_object') } };
      const errors: Record<string, TAnswerError> = {};
      const final = opts.mode === 'final';
      validateScope(scope, answers, final, answers, errors, '');
      for (const _k in errors) return { ok: false, errors };
      return { ok: true, answers };
    },
  };
}

/** Small LRU of compiled validators, keyed by questionnaire version id (published versions are immutable). */
const CACHE_SIZE = 200;
const cache = new Map<string, AnswerValidator>();

export function getValidator(versionId: string, def: TDefinition): AnswerValidator {
  const hit = cache.get(versionId);
  if (hit) { cache.delete(versionId); cache.set(versionId, hit); return hit; }
  const v = compileValidator(def);
  cache.set(versionId, v);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return v;
}

export function validatorCacheSize(): number { return cache.size; }
