// Indicator page: baseline vs latest vs target chart, disaggregated bars with confidence-interval whiskers,
// the formula in words, the questions it uses (titles in the chosen language) and the paired change if provided.
import { lang, t, type MessageKey } from '../../i18n';
import { client } from '../api';
import { fmtNum, h, loc, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';
import { fmtCell, fmtValue, loadIndicatorValues, scaled, type Cell } from '../values';
import { loadCharts } from './overview';
import type { TCondition, TFormula, TItemRef } from '../../../indicators/formula';

type Questions = Map<string, { title: string; type: string; choices: Map<string, string> }>;

/** Question titles and choice labels of the programme's newest published questionnaire versions. */
export async function loadQuestions(pid: string): Promise<Questions> {
  const out: Questions = new Map();
  const waves = await client.waves(pid);
  const seen = new Set<string>();
  for (const w of waves.slice().reverse()) {
    const key = `${w.questionnaireId}/${w.version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    collect((await client.questionnaireVersion(pid, w.questionnaireId, w.version)).definition, out);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);
const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** Walks a SurveyJS definition (pages, panels, dynamic panels) and records every named question. */
function collect(node: unknown, out: Questions): void {
  if (Array.isArray(node)) { node.forEach((n) => collect(n, out)); return; }
  if (!isRecord(node)) return;
  if (typeof node.name === 'string' && typeof node.type === 'string' && !out.has(node.name)) {
    const choices = new Map<string, string>();
    for (const c of asArray(node.choices).concat(asArray(node.rateValues))) {
      if (isRecord(c)) choices.set(String(c.value), loc(c.text, String(c.value)));
      else choices.set(String(c), String(c));
    }
    out.set(node.name, { title: loc(node.title, node.name), type: node.type, choices });
  }
  for (const k of ['pages', 'elements', 'templateElements']) if (node[k]) collect(node[k], out);
}

function itemName(i: TItemRef, qs: Questions): string {
  if (i.kind === 'attribute') { const key = `dim.${i.attribute}` as MessageKey; return t(key) === key ? i.attribute : t(key); }
  const q = qs.get(i.name);
  const base = q ? (lang() === 'ar' ? `«${q.title}»` : `“${q.title}”`) : i.name;
  return i.kind === 'cell' ? `${base} › ${i.row}` : base;
}

function condWords(c: TCondition, i: TItemRef, qs: Questions): string {
  const q = i.kind === 'attribute' ? undefined : qs.get(i.name);
  const lab = (v: unknown) => q?.choices.get(String(v)) ?? (v === true ? t('common.yes') : v === false ? t('common.no') : String(v));
  const v = 'values' in c ? c.values.map(lab).join(', ') : lab(c.value);
  return t(`cond.${c.op}`, { v });
}

const KINDS: ReadonlySet<unknown> = new Set<TFormula['kind']>(['share', 'count', 'mean', 'median', 'sum', 'index', 'ratio']);
const isFormula = (f: object): f is TFormula => KINDS.has((f as { kind?: unknown }).kind);

/** The formula in plain words (both languages through i18n); a formula of an unknown kind is shown as its JSON. */
export function formulaWords(f: TFormula | object, qs: Questions): string {
  return isFormula(f) ? words(f, qs) : JSON.stringify(f);
}

function words(f: TFormula, qs: Questions): string {
  let s: string;
  switch (f.kind) {
    case 'share': case 'count': s = t(`formula.${f.kind}`, { item: itemName(f.item, qs), cond: condWords(f.condition, f.item, qs) }); break;
    case 'mean': case 'median': case 'sum': s = t(`formula.${f.kind}`, { item: itemName(f.item, qs) }); break;
    case 'index': s = t('formula.index', {
      items: f.items.map((x) => (x.reverse ? t('formula.reverse', { item: itemName(x.item, qs) }) : itemName(x.item, qs))).join(lang() === 'ar' ? '، ' : ', '),
      min: f.scale.min, max: f.scale.max, k: f.minAnswered,
      agg: f.aggregate === 'mean' ? t('formula.index.mean') : t('formula.index.share', { v: f.aggregate.shareAtLeast }) }); break;
    case 'ratio': s = t('formula.ratio', { num: words(f.numerator, qs).replace(/\.$/, ''), den: words(f.denominator, qs).replace(/\.$/, '') }); break;
  }
  if ('exclude' in f && f.exclude?.length) s += ' ' + t('formula.exclude', { codes: f.exclude.join(', ') });
  return s;
}

/** Names of the questions a formula reads. */
function formulaItems(f: unknown, acc: Set<string> = new Set()): Set<string> {
  if (!isRecord(f)) return acc;
  if ((f.kind === 'question' || f.kind === 'cell') && typeof f.name === 'string') acc.add(f.name);
  for (const v of Object.values(f)) {
    if (Array.isArray(v)) v.forEach((x) => formulaItems(x, acc));
    else formulaItems(v, acc);
  }
  return acc;
}

const ciOf = (unit: string, c: Cell | null): [number, number] | null =>
  c?.ci && !c.suppressed ? [scaled(unit, c.ci[0])!, scaled(unit, c.ci[1])!] : null;

export async function indicatorPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const [ind, v, qs] = await Promise.all([
    client.indicator(pid, ctx.params.id),
    loadIndicatorValues(pid, ctx.params.id, lang()),
    loadQuestions(pid),
  ]);
  if (ctx.stale()) return;
  const unit = ind.unit;
  const k = v.suppressionThreshold;
  const target = v.target ?? ind.targets?.final?.value ?? null;
  ctx.main.append(h('h1', null, t('ind.title', { code: ind.code })), h('p', { class: 'lead' }, locField(ind, 'name')),
    h('p', { class: 'meta' }, `${t('ind.unit')}: ${t(`unit.${unit}` as MessageKey)} · ${t(`ind.direction.${ind.direction}` as MessageKey)}`));
  const compare = h('canvas', { role: 'img', 'aria-label': t('ind.compare') });
  ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('ind.compare')),
    h('dl', { class: 'figures' },
      h('div', null, h('dt', null, t('ind.baseline')), h('dd', null, fmtCell(unit, v.baseline, k))),
      h('div', null, h('dt', null, t('ind.latest')), h('dd', null, fmtCell(unit, v.latest, k))),
      h('div', null, h('dt', null, t('ind.target')), h('dd', null, fmtValue(unit, target)))),
    h('div', { class: 'chart' }, compare),
    v.caveat ? h('p', { class: 'caveat' }, v.caveat) : null));
  const draw: Array<() => Promise<void>> = [];
  draw.push(async () => {
    const c = await loadCharts();
    const cells = [v.baseline, v.latest];
    c.compareBars(compare, [t('ind.baseline'), t('ind.latest'), t('ind.target')],
      [...cells.map((x) => (x && !x.suppressed ? scaled(unit, x.value) : null)), scaled(unit, target)], [...cells.map((x) => ciOf(unit, x)), null],
      unit === 'percent' ? 100 : undefined);
  });
  const disSec = h('section', { class: 'panel' });
  ctx.main.append(disSec);
  if (!v.disaggregations.length) disSec.append(notice(t('ind.noDisagg')));
  for (const d of v.disaggregations) {
    const dimKey = `dim.${d.dimension}` as MessageKey;
    const dim = t(dimKey) === dimKey ? d.dimension : t(dimKey);
    const canvas = h('canvas', { role: 'img', 'aria-label': t('ind.disagg', { dim }) });
    // waves without any value in this dimension (e.g. an endline not yet answered) are left out
    const keep = (d.groups[0]?.byWave ?? []).map((_, wi) => d.groups.some((g) => g.byWave[wi]?.cell?.value != null || g.byWave[wi]?.cell?.suppressed));
    for (const g of d.groups) g.byWave = g.byWave.filter((_, wi) => keep[wi]);
    const waveLabels = d.groups[0]?.byWave.map((w) => w.label) ?? [];
    const groupLabel = (g: { key: string; label: string }) => { const sk = `sex.${g.key}` as MessageKey; return d.dimension === 'sex' && t(sk) !== sk ? t(sk) : g.label; };
    disSec.append(h('h2', null, t('ind.disagg', { dim })), h('p', { class: 'hint' }, t('ind.ci')), h('div', { class: 'chart' }, canvas),
      table([t('ind.category'), ...waveLabels.map((w) => w || t('ind.value'))], d.groups.map((g) => [groupLabel(g), ...g.byWave.map((w) =>
        `${fmtCell(unit, w.cell, k)}${w.cell?.n && !w.cell.suppressed ? ` (${t('ind.n', { n: w.cell.n })})` : ''}`)])));
    draw.push(async () => {
      const c = await loadCharts();
      const palette = ['#94a3b8', '#1d4ed8', '#0f766e', '#7c3aed'];
      c.groupedBars(canvas, d.groups.map(groupLabel), waveLabels.map((wl, wi) => ({
        label: wl || t('ind.value'), color: palette[wi % palette.length],
        values: d.groups.map((g) => { const x = g.byWave[wi]?.cell; return x && !x.suppressed ? scaled(unit, x.value) : null; }),
        ci: d.groups.map((g) => ciOf(unit, g.byWave[wi]?.cell ?? null)),
      })), { max: unit === 'percent' ? 100 : undefined, percent: unit === 'percent' });
    });
  }
  const names = [...formulaItems(ind.formula)];
  ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('ind.formula')), h('p', { class: 'formula' }, formulaWords(ind.formula, qs)),
    h('h3', null, t('ind.questions')),
    h('ul', { class: 'questions' }, names.map((n) => h('li', null, h('code', { dir: 'ltr' }, n), ' — ', qs.get(n)?.title ?? '')))));
  if (v.paired) {
    const p = v.paired;
    const ci = p.ci ? ` [${fmtValue(unit, p.ci[0])} – ${fmtValue(unit, p.ci[1])}]` : '';
    ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('ind.paired')),
      h('p', { class: 'paired' }, `Δ ${fmtValue(unit, p.meanChange)}${ci} · ${t('ind.pairs', { n: fmtNum(p.n, 0) })}`)));
  }
  await Promise.all(draw.map((f) => f()));
}
