// Formula editor: a form for every formula kind (share, count, mean, median, sum, index with reverse-coded items and
// minimum answered, ratio; question, matrix-cell and stakeholder-attribute items; conditions; missing codes) over the
// exact form model of indicators/formula-form.ts; a formula the form cannot hold is read-only with "edit as JSON".
import { t, type MessageKey } from '../../i18n';
import { get, list } from '../api';
import { clear, field, h, loc } from '../dom';
import { ZFormula, type TFormula } from '../../../indicators/formula';
import {
  emptyForm, FORMULA_KINDS, formProblems, fromFormula, LIST_OPS, NUMERIC_OPS, OPS, parseList, parseScalar, showList, showScalar, toFormula,
  type ConditionForm, type FormulaForm, type ItemForm, type PartForm,
} from '../../../indicators/formula-form';

export interface QuestionInfo { name: string; title: string; type: string; choices: Array<string | number>; rows: string[]; columns: string[] }
const ATTRIBUTES = ['institution', 'sex', 'preferred_language', 'department'];

type Json = Record<string, unknown>;
function collect(node: unknown, out: Map<string, QuestionInfo>): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) { node.forEach((n) => collect(n, out)); return; }
  const o = node as Json;
  const values = (arr: unknown) => list<unknown>(arr).map((c) => (c && typeof c === 'object' ? (c as Json).value : c)).filter((v): v is string | number => typeof v === 'string' || typeof v === 'number');
  if (typeof o.name === 'string' && typeof o.type === 'string' && !out.has(o.name)) {
    out.set(o.name, { name: o.name, title: loc(o.title, o.name), type: o.type, choices: [...values(o.choices), ...values(o.rateValues)],
      rows: values(o.rows).map(String).concat(list<unknown>(o.items).map((i) => (i && typeof i === 'object' ? String((i as Json).name) : String(i)))), columns: list<unknown>(o.columns).map((c) => (c && typeof c === 'object' ? String((c as Json).name ?? (c as Json).value) : String(c))) });
  }
  for (const k of ['pages', 'elements', 'templateElements']) if (o[k]) collect(o[k], out);
}

/** Questions of every questionnaire of the programme (drafts and the newest published versions). */
export async function programmeQuestions(pid: string): Promise<QuestionInfo[]> {
  const out = new Map<string, QuestionInfo>();
  for (const q of list<{ id: string }>(await get(`/api/programmes/${pid}/questionnaires`).catch(() => []))) {
    const full = await get<{ draft?: unknown; versions?: Array<{ version: number }> }>(`/api/programmes/${pid}/questionnaires/${q.id}`).catch(() => null);
    if (full?.draft) collect(full.draft, out);
    const latest = list<{ version: number }>(full?.versions).at(-1);
    if (latest) collect((await get<{ definition?: unknown }>(`/api/programmes/${pid}/questionnaires/${q.id}/versions/${latest.version}`).catch(() => null))?.definition, out);
  }
  return [...out.values()];
}

export interface FormulaEditor {
  el: HTMLElement;
  value(): { formula: TFormula } | { error: string };
  /** the stored formula is shown read-only and was not edited: saving must leave it alone (not even send it) */
  untouched(): boolean;
}

export function formulaEditor(initial: unknown, questions: QuestionInfo[], onChange: () => void): FormulaEditor {
  const el = h('div', { class: 'formula-editor', id: 'formula-editor' });
  const lists = h('div', null,
    h('datalist', { id: 'dl-questions' }, questions.map((q) => h('option', { value: q.name }, q.title))),
    h('datalist', { id: 'dl-attributes' }, ATTRIBUTES.map((a) => h('option', { value: a }))));
  const opened = initial === null || initial === undefined ? null : fromFormula(initial);
  let form: FormulaForm = opened?.ok ? opened.form : emptyForm('share');
  let json: { text: string; editing: boolean } | null = opened && !opened.ok ? { text: JSON.stringify(initial, null, 2), editing: false } : null;
  const problems = h('ul', { class: 'field-error', id: 'formula-problems', 'aria-live': 'polite' });
  const changed = () => { showProblems(); onChange(); };
  const byName = new Map(questions.map((q) => [q.name, q]));

  const showProblems = () => {
    clear(problems);
    if (json) return;
    for (const p of formProblems(form)) problems.append(h('li', null, `${p.path || t('own.formula')}: ${p.message}`));
  };

  const scalarFor = (name: string, text: string) => {
    const q = byName.get(name);
    if (q && q.choices.length && q.choices.every((c) => typeof c === 'string')) return text.trim();
    return parseScalar(text);
  };

  const itemEditor = (item: ItemForm, label: string, rerender: () => void): HTMLElement => {
    const kind = h('select', { 'aria-label': `${label}: ${t('own.itemKind')}`, 'data-role': 'item-kind', onchange: () => { item.kind = kind.value as ItemForm['kind']; rerender(); changed(); } },
      (['question', 'cell', 'attribute'] as const).map((k) => h('option', { value: k, selected: item.kind === k }, t(`own.item.${k}` as MessageKey))));
    const text = (value: string, set: (v: string) => void, attrs: Record<string, string>) => {
      const i = h('input', { ...attrs, dir: 'ltr', value, oninput: () => { set(i.value.trim()); changed(); } });
      return i;
    };
    const parts: HTMLElement[] = [field(label, kind)];
    if (item.kind === 'attribute') parts.push(field(t('own.attribute'), text(item.attribute, (v) => { item.attribute = v; }, { list: 'dl-attributes', 'data-role': 'attribute' })));
    else {
      parts.push(field(t('own.question'), text(item.name, (v) => { item.name = v; }, { list: 'dl-questions', 'data-role': 'question' })));
      if (item.kind === 'cell') {
        parts.push(field(t('own.row'), text(item.row, (v) => { item.row = v; }, { 'data-role': 'row' })));
        const col = h('input', { dir: 'ltr', 'data-role': 'column', value: item.column ?? '', oninput: () => { item.column = col.value.trim() === '' ? undefined : col.value.trim(); changed(); } });
        parts.push(field(t('own.column'), col, t('own.columnHint')));
      }
    }
    return h('div', { class: 'grid-form' }, parts);
  };

  const conditionEditor = (c: ConditionForm, itemName: () => string): HTMLElement => {
    const isList = () => LIST_OPS.includes(c.op);
    const value = h('input', { dir: 'ltr', 'data-role': 'value', value: isList() ? showList(c.values) : showScalar(c.value), oninput: () => {
      if (isList()) c.values = parseList(value.value).map((v) => (typeof v === 'number' || typeof v === 'boolean' ? v : scalarFor(itemName(), v)));
      else c.value = NUMERIC_OPS.includes(c.op) ? Number(value.value) : scalarFor(itemName(), value.value);
      changed();
    } });
    const op = h('select', { 'data-role': 'op', onchange: () => {
      c.op = op.value as ConditionForm['op'];
      value.value = isList() ? showList(c.values) : showScalar(c.value);
      changed();
    } }, OPS.map((o) => h('option', { value: o, selected: c.op === o }, t(`op.${o}` as MessageKey))));
    return h('div', { class: 'grid-form' }, field(t('indm.op'), op), field(t('indm.value'), value, t('own.valueHint')));
  };

  const excludeEditor = (get_: () => Array<string | number> | undefined, set: (v: Array<string | number> | undefined) => void): HTMLElement => {
    const i = h('input', { dir: 'ltr', 'data-role': 'exclude', value: showList(get_() ?? []), oninput: () => {
      set(i.value.trim() === '' ? undefined : parseList(i.value).map((v) => (typeof v === 'boolean' ? String(v) : v)));
      changed();
    } });
    return field(t('own.exclude'), i, t('own.excludeHint'));
  };

  const partEditor = (p: PartForm, label: string, rerender: () => void): HTMLElement => {
    const kind = h('select', { 'data-role': 'part-kind', onchange: () => { p.kind = kind.value as PartForm['kind']; rerender(); changed(); } },
      (['sum', 'count'] as const).map((k) => h('option', { value: k, selected: p.kind === k }, t(`fkind.${k}` as MessageKey))));
    return h('fieldset', { class: 'formula' }, h('legend', null, label), field(t('indm.kind'), kind), itemEditor(p.item, t('own.item'), rerender),
      p.kind === 'count' ? conditionEditor(p.condition, () => p.item.name) : null, excludeEditor(() => p.exclude, (v) => { p.exclude = v; }));
  };

  const num = (value: number, set: (n: number) => void, attrs: Record<string, string | number>) => {
    const i = h('input', { type: 'number', ...attrs, value, oninput: () => { set(Number(i.value)); changed(); } });
    return i;
  };

  const render = () => {
    clear(el);
    el.append(lists);
    if (json) { renderJson(); return; }
    const kind = h('select', { id: 'formula-kind', onchange: () => { form.kind = kind.value as FormulaForm['kind']; render(); changed(); } },
      FORMULA_KINDS.map((k) => h('option', { value: k, selected: form.kind === k }, t(`fkind.${k}` as MessageKey))));
    const body = h('div');
    el.append(field(t('indm.kind'), kind, t(`fkindHint.${form.kind}` as MessageKey)), body, problems,
      h('p', null, h('button', { type: 'button', class: 'small', id: 'formula-as-json', onclick: () => { json = { text: JSON.stringify(toFormula(form), null, 2), editing: true }; render(); } }, t('own.editJson'))));
    if (form.kind === 'share' || form.kind === 'count') body.append(itemEditor(form.item, t('own.item'), render), conditionEditor(form.condition, () => form.item.name));
    else if (form.kind === 'mean' || form.kind === 'median' || form.kind === 'sum') body.append(itemEditor(form.item, t('own.item'), render));
    if (form.kind === 'index') {
      const ix = form.index;
      body.append(h('fieldset', { class: 'formula', id: 'index-items' }, h('legend', null, t('own.indexItems')),
        ix.items.map((it, n) => h('div', { class: 'index-item', 'data-index-item': n },
          itemEditor(it.item, `${t('own.item')} ${n + 1}`, render),
          h('label', { class: 'check' }, h('input', { type: 'checkbox', 'data-role': 'reverse', checked: it.reverse === true, onchange: (e: Event) => { it.reverse = (e.target as HTMLInputElement).checked; changed(); } }), ` ${t('own.reverse')}`),
          h('button', { type: 'button', class: 'small danger', disabled: ix.items.length === 1, onclick: () => { ix.items.splice(n, 1); render(); changed(); } }, t('own.remove')))),
        h('button', { type: 'button', class: 'small', id: 'index-add-item', onclick: () => { ix.items.push({ item: { kind: 'question', name: '', row: '', column: undefined, attribute: '' }, reverse: undefined }); render(); changed(); } }, t('own.addItem'))),
      h('div', { class: 'grid-form' },
        field(t('own.scaleMin'), num(ix.min, (v) => { ix.min = v; }, { 'data-role': 'scale-min', step: 'any' })),
        field(t('own.scaleMax'), num(ix.max, (v) => { ix.max = v; }, { 'data-role': 'scale-max', step: 'any' })),
        field(t('own.minAnswered'), num(ix.minAnswered, (v) => { ix.minAnswered = v; }, { 'data-role': 'min-answered', min: 1, step: 1 })),
        field(t('own.aggregate'), (() => {
          const s = h('select', { 'data-role': 'aggregate', onchange: () => { ix.aggregate = s.value as 'mean' | 'share'; render(); changed(); } },
            h('option', { value: 'mean', selected: ix.aggregate === 'mean' }, t('own.aggMean')), h('option', { value: 'share', selected: ix.aggregate === 'share' }, t('own.aggShare')));
          return s;
        })()),
        ix.aggregate === 'share' ? field(t('own.threshold'), num(ix.shareAtLeast, (v) => { ix.shareAtLeast = v; }, { 'data-role': 'share-at-least', step: 'any' })) : null));
    }
    if (form.kind === 'ratio') body.append(partEditor(form.ratio.numerator, t('own.numerator'), render), partEditor(form.ratio.denominator, t('own.denominator'), render));
    if (form.kind !== 'ratio') body.append(excludeEditor(() => form.exclude, (v) => { form.exclude = v; }));
    showProblems();
  };

  const renderJson = () => {
    const j = json!;
    el.append(h('p', { class: 'notice', id: 'formula-readonly' }, opened && !opened.ok && !j.editing ? t('own.formulaReadonly') : t('own.formulaJson')));
    if (!j.editing) {
      el.append(h('pre', { class: 'json', id: 'formula-json-view' }, j.text),
        h('button', { type: 'button', id: 'formula-edit-json', onclick: () => { j.editing = true; render(); } }, t('own.editJson')));
      return;
    }
    const ta = h('textarea', { id: 'formula-json', rows: 12, dir: 'ltr', spellcheck: 'false', oninput: () => { j.text = ta.value; checkJson(); onChange(); } });
    ta.value = j.text;
    const err = h('p', { class: 'field-error', id: 'formula-json-error', 'aria-live': 'polite' });
    const checkJson = () => { const v = jsonValue(); err.textContent = 'error' in v ? v.error : ''; };
    el.append(field(t('own.formulaJsonLabel'), ta), err, h('button', { type: 'button', class: 'small', id: 'formula-back-to-form', onclick: () => {
      const v = jsonValue();
      if ('error' in v) return;
      const back = fromFormula(v.formula);
      if (!back.ok) { err.textContent = t('own.formulaNotForm'); return; }
      form = back.form; json = null; render(); changed();
    } }, t('own.backToForm')));
    checkJson();
  };

  const jsonValue = (): { formula: TFormula } | { error: string } => {
    let raw: unknown;
    try { raw = JSON.parse(json!.text); } catch (e) { return { error: t('q.badJson', { msg: (e as Error).message }) }; }
    const r = ZFormula.safeParse(raw);
    if (!r.success) return { error: r.error.issues.map((i) => `${i.path.join('.') || t('own.formula')}: ${i.message}`).join('; ') };
    if (!fromFormula(raw).ok) return { error: t('own.formulaUnknownFields') }; // the server stores formulas exactly: unknown fields are refused
    return { formula: raw as TFormula }; // kept exactly as typed (never rewritten)
  };

  render();
  return {
    el,
    untouched: () => !!json && !json.editing && !!opened && !opened.ok,
    value: () => {
      if (json) return json.editing ? jsonValue() : { formula: initial as TFormula };
      const p = formProblems(form);
      return p.length ? { error: p.map((x) => `${x.path}: ${x.message}`).join('; ') } : { formula: toFormula(form) };
    },
  };
}
