// Indicator editor: code, names EN/AR, unit, direction, baseline (from a wave, or entered with date and source),
// targets per reporting period and for the end, means of verification EN/AR, disaggregations, suppression override,
// the formula editor, and a live preview computed by the server (POST …/indicators/preview) on a chosen wave.
import { t, type MessageKey } from '../../i18n';
import { ApiError, del, get, list, patch, post } from '../api';
import { clear, field, fmtNum, h, locField, notice, table } from '../dom';
import { go, pHref, type PageCtx } from '../state';
import { input, numOrNull, select, setupSteps, showError } from '../own-ui';
import { fmtValue } from '../values';
import { formulaEditor, programmeQuestions } from './formula-editor';
import { UNITS, type TIndicator, type TLogframeNode, type TPreviewResult, type TTargets } from '../../../contracts/logframe';
import type { TPeriod } from '../../../contracts/programmes';
import type { TDisaggregation, TFormula } from '../../../indicators/formula';

const UNIT_OF: Record<string, (typeof UNITS)[number]> = { share: 'percent', count: 'count', mean: 'mean', median: 'median', sum: 'sum', index: 'index', ratio: 'ratio' };

export async function indicatorEditorPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const isNew = ctx.params.id === 'new' || !ctx.params.id;
  const setup = ctx.query.get('setup') === '1';
  const [tree, periods, questions, waves, ind] = await Promise.all([
    get<TLogframeNode[]>(`/api/programmes/${pid}/logframe`), get<TPeriod[]>(`/api/programmes/${pid}/periods`), programmeQuestions(pid),
    get(`/api/programmes/${pid}/waves`).then((w) => list<{ id: string; nameEn: string; nameAr: string; kind: string }>(w, 'waves')),
    isNew ? Promise.resolve(null) : get<TIndicator>(`/api/programmes/${pid}/indicators/${encodeURIComponent(ctx.params.id)}`),
  ]);
  if (ctx.stale()) return;
  ctx.main.append(h('h1', null, ind ? t('own.editIndicator', { code: ind.code }) : t('own.newIndicator')));
  if (setup) ctx.main.append(setupSteps(pid, 'logframe'));
  const results: TLogframeNode[] = [];
  const walk = (ns: TLogframeNode[]) => ns.forEach((n) => { results.push(n); walk(n.children); });
  walk(tree);
  if (!results.length) { ctx.main.append(notice(t('own.needResult')), h('a', { href: pHref(pid, 'logframe'), class: 'button' }, t('own.logframeTitle'))); return; }
  const targets: TTargets = (ind?.targets as TTargets | undefined) ?? {};
  const dis = (ind?.disaggregations ?? []) as TDisaggregation[];
  const hasDim = (name: string) => dis.some((d) => (d.kind === 'question' ? d.name : d.attribute) === name);
  let unitTouched = !!ind;
  const f = {
    resultId: select(results.map((r) => [r.id, `${r.code} · ${locField(r, 'statement')}`]), ind?.resultId ?? ctx.query.get('result') ?? results[0].id, { id: 'ind-result', name: 'resultId' }),
    code: input({ id: 'ind-code', name: 'code', dir: 'ltr', required: true, value: ind?.code ?? '' }),
    nameEn: input({ id: 'ind-name-en', name: 'nameEn', required: true, value: ind?.nameEn ?? '' }),
    nameAr: input({ id: 'ind-name-ar', name: 'nameAr', dir: 'rtl', lang: 'ar', value: ind?.nameAr ?? '' }),
    unit: select(UNITS.map((u) => [u, t(`unit.${u}` as MessageKey)]), ind?.unit ?? 'percent', { id: 'ind-unit', name: 'unit' }),
    direction: select([['increase', t('own.increase')], ['decrease', t('own.decrease')]], ind?.direction ?? 'increase', { id: 'ind-direction', name: 'direction' }),
    baselineSource: select([['wave', t('own.baselineWave')], ['manual', t('own.baselineManual')]], ind?.baselineSource ?? 'wave', { id: 'ind-baseline-source', name: 'baselineSource' }),
    baselineValue: input({ id: 'ind-baseline-value', name: 'baselineValue', type: 'number', step: 'any', value: ind?.baselineValue ?? '' }),
    baselineDate: input({ id: 'ind-baseline-date', name: 'baselineDate', type: 'date', value: ind?.baselineDate ?? '' }),
    baselineNote: input({ id: 'ind-baseline-note', name: 'baselineNote', value: ind?.baselineNote ?? '' }),
    targetFinal: input({ id: 'ind-target-final', name: 'targets', type: 'number', step: 'any', value: targets.final?.value ?? '' }),
    targetFinalDate: input({ id: 'ind-target-date', type: 'date', value: targets.final?.date ?? '' }),
    verificationEn: h('textarea', { id: 'ind-verif-en', name: 'verificationEn', rows: 2 }),
    verificationAr: h('textarea', { id: 'ind-verif-ar', name: 'verificationAr', rows: 2, dir: 'rtl', lang: 'ar' }),
    bySex: input({ type: 'checkbox', id: 'ind-by-sex', checked: isNew || hasDim('sex') }),
    byInstitution: input({ type: 'checkbox', id: 'ind-by-institution', checked: isNew || hasDim('institution') }),
    suppressionThreshold: input({ id: 'ind-suppression', name: 'suppressionThreshold', type: 'number', min: 1, max: 100, step: 1, value: ind?.suppressionThreshold ?? '' }),
  };
  f.unit.addEventListener('change', () => { unitTouched = true; });
  f.verificationEn.value = ind?.verificationEn ?? ''; f.verificationAr.value = ind?.verificationAr ?? '';
  const periodInputs = new Map<string, HTMLInputElement>();
  for (const p of periods) {
    const existing = targets.periods?.find((x) => x.period === p.code || (!x.period && x.label === p.code));
    periodInputs.set(p.code, input({ type: 'number', step: 'any', 'data-period': p.code, 'aria-label': `${t('ind.target')} ${p.code}`, value: existing?.value ?? '' }));
  }
  const otherPeriodTargets = (targets.periods ?? []).filter((x) => !periods.some((p) => p.code === (x.period ?? x.label)));

  // preview
  const waveSel = select([['', t('own.latestWave')], ...waves.map((w) => [w.id, locField(w, 'name')] as [string, string])], '', { id: 'preview-wave' });
  const previewBox = h('div', { id: 'preview', 'aria-live': 'polite' });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const refresh = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void runPreview(), 400);
  };
  const editor = formulaEditor(ind?.formula ?? null, questions, () => {
    const v = editor.value();
    if (!unitTouched && 'formula' in v) f.unit.value = UNIT_OF[v.formula.kind];
    refresh();
  });
  const runPreview = async () => {
    const v = editor.value();
    clear(previewBox);
    if ('error' in v) { previewBox.append(notice(v.error, 'error')); return; }
    try {
      const r = await post<TPreviewResult>(`/api/programmes/${pid}/indicators/preview`, { formula: v.formula, unit: f.unit.value, ...(waveSel.value ? { waveId: waveSel.value } : {}) });
      previewBox.append(previewView(f.unit.value, r));
    } catch (err) { showError(previewBox, err, {}); }
  };
  waveSel.addEventListener('change', refresh);
  f.unit.addEventListener('change', refresh);

  const msg = h('div', { 'aria-live': 'polite', id: 'ind-msg' });
  const controls: Record<string, HTMLElement> = { ...f, formula: editor.el, targets: f.targetFinal };
  for (const [code, el] of periodInputs) controls[`targets.periods.${[...periodInputs.keys()].indexOf(code)}.period`] = el;
  const body = () => {
    const v = editor.untouched() ? { formula: ind!.formula as TFormula } : editor.value();
    if ('error' in v) throw new ApiError(400, 'request.invalid', t('own.formulaInvalid'), { issues: [{ path: 'formula', message: v.error }] });
    const periodTargets = [...otherPeriodTargets, ...periods.filter((p) => periodInputs.get(p.code)!.value.trim() !== '').map((p) => ({ period: p.code, value: Number(periodInputs.get(p.code)!.value) }))];
    const final = numOrNull(f.targetFinal);
    const disaggregations: TDisaggregation[] = [
      ...dis.filter((d) => !['sex', 'institution'].includes(d.kind === 'question' ? d.name : d.attribute)),
      ...(f.bySex.checked ? [questions.some((q) => q.name === 'sex') ? { kind: 'question' as const, name: 'sex' } : { kind: 'attribute' as const, attribute: 'sex' }] : []),
      ...(f.byInstitution.checked ? [{ kind: 'attribute' as const, attribute: 'institution' }] : []),
    ];
    return {
      resultId: f.resultId.value, code: f.code.value.trim(), nameEn: f.nameEn.value, nameAr: f.nameAr.value, unit: f.unit.value, direction: f.direction.value,
      formula: v.formula, baselineSource: f.baselineSource.value, baselineValue: f.baselineSource.value === 'manual' ? numOrNull(f.baselineValue) : null,
      baselineDate: f.baselineDate.value || null, baselineNote: f.baselineNote.value,
      verificationEn: f.verificationEn.value, verificationAr: f.verificationAr.value, suppressionThreshold: numOrNull(f.suppressionThreshold),
      targets: { ...(final !== null ? { final: { value: final, ...(f.targetFinalDate.value ? { date: f.targetFinalDate.value } : {}) } } : {}), ...(periodTargets.length ? { periods: periodTargets } : {}) },
      disaggregations,
    };
  };
  const form: HTMLFormElement = h('form', { class: 'panel', id: 'indicator-form', novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      const b = body();
      // a formula the form cannot show is never sent back unchanged (the server would normalise it)
      if (ind && editor.untouched()) { const { formula: _kept, ...rest } = b; await patch(`/api/programmes/${pid}/indicators/${ind.id}`, rest); }
      else if (ind) await patch(`/api/programmes/${pid}/indicators/${ind.id}`, b); else await post(`/api/programmes/${pid}/indicators`, b);
      go(`${pHref(pid, 'logframe')}${setup ? '?setup=1' : ''}`);
    } catch (err) { showError(msg, err, controls, form); msg.scrollIntoView({ block: 'center' }); }
  } },
  h('div', { class: 'grid-form' }, field(t('ind.result'), f.resultId), field(t('common.code'), f.code), field(t('own.nameEn'), f.nameEn), field(t('own.nameAr'), f.nameAr),
    field(t('ind.unit'), f.unit), field(t('own.direction'), f.direction)),
  h('h2', null, t('ind.formula')), editor.el,
  h('h3', null, t('indm.preview')), h('div', { class: 'grid-form' }, field(t('common.wave'), waveSel)), previewBox,
  h('h2', null, t('ind.baseline')),
  h('div', { class: 'grid-form' }, field(t('own.baselineSource'), f.baselineSource), field(t('own.baselineValue'), f.baselineValue, t('own.baselineValueHint')),
    field(t('own.baselineDate'), f.baselineDate), field(t('own.baselineNote'), f.baselineNote)),
  h('h2', null, t('own.targets')),
  h('div', { class: 'grid-form' }, field(t('own.targetFinal'), f.targetFinal), field(t('own.targetDate'), f.targetFinalDate)),
  periods.length ? table([t('own.period'), t('own.dates'), t('ind.target')], periods.map((p) => [locField(p, 'name'), `${p.startsOn} – ${p.endsOn}`, periodInputs.get(p.code)!]), t('own.periodTargets'))
    : h('p', { class: 'hint' }, t('own.noPeriods')),
  h('h2', null, t('own.more')),
  h('div', { class: 'grid-form' }, field(t('own.verificationEn'), f.verificationEn), field(t('own.verificationAr'), f.verificationAr),
    field(t('own.suppressionOverride'), f.suppressionThreshold, t('own.suppressionOverrideHint'))),
  h('fieldset', { class: 'checks' }, h('legend', null, t('own.disaggregations')),
    h('label', { class: 'check' }, f.bySex, ` ${t('own.bySex')}`), h('label', { class: 'check' }, f.byInstitution, ` ${t('own.byInstitution')}`)),
  msg,
  h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary', id: 'ind-save' }, t('common.save')),
    h('a', { class: 'button', href: pHref(pid, 'logframe') }, t('common.cancel')),
    ind ? h('button', { type: 'button', class: 'danger', id: 'ind-delete', onclick: async () => {
      if (!confirm(t('own.deleteIndicatorConfirm', { code: ind.code }))) return;
      try { await del(`/api/programmes/${pid}/indicators/${ind.id}`); go(pHref(pid, 'logframe')); } catch (err) { showError(msg, err, {}); }
    } }, t('own.delete')) : null));
  ctx.main.append(form);
  if (!questions.length) form.insertBefore(h('p', { class: 'notice', id: 'no-questionnaire' }, t('own.noQuestionnaireYet')), editor.el);
  void runPreview();
  f.code.focus();
}

function previewView(unit: string, r: TPreviewResult): HTMLElement {
  if (!r.waveId) return notice(t('own.previewNoWave'));
  const c = r.overall;
  const val = (x: NonNullable<TPreviewResult['overall']>) => (x.suppressed ? t('ind.suppressed', { k: '' }).replace('<', '') : fmtValue(unit, x.value));
  const ci = (x: NonNullable<TPreviewResult['overall']>) => (x.ci ? `${fmtNum(x.ci.low)} – ${fmtNum(x.ci.high)}` : '–');
  return h('div', { class: 'formula', id: 'preview-result' },
    h('p', { class: 'big' }, c ? t('own.previewLine', { wave: r.waveName ?? '', v: val(c), n: c.n ?? '–' }) : t('ind.noValue')),
    c?.ci ? h('p', null, `${t('own.ci')}: ${ci(c)}`) : null,
    r.responseRate ? h('p', { class: 'hint' }, t('own.previewRate', { c: r.responseRate.completed, i: r.responseRate.invited })) : null,
    r.disaggregations.map((d) => h('div', null, h('h4', null, t(d.dimension.endsWith('institution') ? 'own.byInstitution' : 'own.bySex')),
      table([t('common.name'), t('indm.value'), 'n', t('own.ci')], d.cells.map((x) => [x.label, val(x), x.suppressed ? '–' : String(x.n ?? '–'), ci(x)])))));
}
