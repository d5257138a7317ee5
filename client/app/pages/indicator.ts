// Indicator page: baseline vs latest vs target chart, disaggregated bars with confidence-interval whiskers,
// the formula in words, the questions it uses (titles in the chosen language) and the paired change if provided.
import { lang, t, type MessageKey } from '../../i18n';
import { get, list } from '../api';
import { fmtNum, h, loc, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';
import { fmtCell, fmtValue, loadIndicatorValues, scaled, type Cell } from '../values';
import { loadCharts } from './overview';

type Questions = Map<string, { title: string; type: string; choices: Map<string, string> }>;

/** Question titles and choice labels of the programme's newest published questionnaire versions. */
export async function loadQuestions(pid: string): Promise<Questions> {
  const out: Questions = new Map();
  const waves = list(await get(`/api/programmes/${pid}/waves`).catch(() => []), 'waves');
  const seen = new Set<string>();
  for (const w of waves.slice().reverse()) {
    const key = `${w.questionnaireId}/${w.version}`;
    if (!w.questionnaireId || seen.has(key)) continue;
    seen.add(key);
    const v = await get(`/api/programmes/${pid}/questionnaires/${w.questionnaireId}/versions/${w.version}`).catch(() => null);
    if (v?.definition) collect(v.definition, out);
  }
  return out;
}

function collect(node: any, out: Questions): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) { node.forEach((n) => collect(n, out)); return; }
  if (typeof node.name === 'string' && typeof node.type === 'string' && !out.has(node.name)) {
    const choices = new Map<string, string>();
    for (const c of list(node.choices).concat(list(node.rateValues))) {
      if (c && typeof c === 'object') choices.set(String(c.value), loc(c.text, String(c.value)));
      else choices.set(String(c), String(c));
    }
    out.set(node.name, { title: loc(node.title, node.name), type: node.type, choices });
  }
  for (const k of ['pages', 'elements', 'templateElements']) if (node[k]) collect(node[k], out);
}

function itemName(i: any, qs: Questions): string {
  if (!i) return '';
  if (i.kind === 'attribute') return t((`dim.${i.attribute}` as MessageKey)) ?? i.attribute;
  const q = qs.get(i.name);
  const base = q ? (lang() === 'ar' ? `«${q.title}»` : `“${q.title}”`) : i.name;
  return i.row ? `${base} › ${i.row}` : base;
}

function condWords(c: any, i: any, qs: Questions): string {
  if (!c) return '';
  const q = qs.get(i?.name);
  const lab = (v: unknown) => q?.choices.get(String(v)) ?? (v === true ? t('common.yes') : v === false ? t('common.no') : String(v));
  const v = c.values ? c.values.map(lab).join(', ') : lab(c.value);
  return t(`cond.${c.op}` as MessageKey, { v });
}

/** The formula in plain words (both languages through i18n). */
export function formulaWords(f: any, qs: Questions): string {
  if (!f) return '';
  const item = itemName(f.item, qs);
  let s: string;
  switch (f.kind) {
    case 'share': case 'count': s = t(`formula.${f.kind}` as MessageKey, { item, cond: condWords(f.condition, f.item, qs) }); break;
    case 'mean': case 'median': case 'sum': s = t(`formula.${f.kind}` as MessageKey, { item }); break;
    case 'index': s = t('formula.index', {
      items: list(f.items).map((x: any) => (x.reverse ? t('formula.reverse', { item: itemName(x.item, qs) }) : itemName(x.item, qs))).join(lang() === 'ar' ? '، ' : ', '),
      min: f.scale?.min, max: f.scale?.max, k: f.minAnswered,
      agg: f.aggregate === 'mean' ? t('formula.index.mean') : t('formula.index.share', { v: f.aggregate?.shareAtLeast }) }); break;
    case 'ratio': s = t('formula.ratio', { num: formulaWords(f.numerator, qs).replace(/\.$/, ''), den: formulaWords(f.denominator, qs).replace(/\.$/, '') }); break;
    default: s = JSON.stringify(f);
  }
  if (f.exclude?.length) s += ' ' + t('formula.exclude', { codes: f.exclude.join(', ') });
  return s;
}

function formulaItems(f: any, acc: Set<string> = new Set()): Set<string> {
  if (!f || typeof f !== 'object') return acc;
  if (f.kind === 'question' || f.kind === 'cell') acc.add(f.name);
  for (const v of Object.values(f)) if (v && typeof v === 'object') formulaItems(v, acc);
  return acc;
}

const ciOf = (unit: string, c: Cell | null): [number, number] | null =>
  c?.ci && !c.suppressed ? [scaled(unit, c.ci[0])!, scaled(unit, c.ci[1])!] : null;

export async function indicatorPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const [ind, values, qs] = await Promise.all([
    get(`/api/programmes/${pid}/indicators/${encodeURIComponent(ctx.params.id)}`),
    loadIndicatorValues(pid, ctx.params.id, lang()),
    loadQuestions(pid),
  ]);
  if (ctx.stale()) return;
  const v = values;
  const unit = ind.unit;
  const k = Number(ctx.programme.settings?.suppressionThreshold ?? 3);
  const target = v?.target ?? ind.targets?.final?.value ?? null;
  ctx.main.append(h('h1', null, t('ind.title', { code: ind.code })), h('p', { class: 'lead' }, locField(ind, 'name')),
    h('p', { class: 'meta' }, `${t('ind.unit')}: ${t(`unit.${unit}` as MessageKey)} · ${t(`ind.direction.${ind.direction}` as MessageKey)}`));
  if (!v) ctx.main.append(notice(t('common.notAvailable', { what: t('ind.latest') })));
  const compare = h('canvas', { role: 'img', 'aria-label': t('ind.compare') });
  ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('ind.compare')),
    h('dl', { class: 'figures' },
      h('div', null, h('dt', null, t('ind.baseline')), h('dd', null, v ? fmtCell(unit, v.baseline, k) : '–')),
      h('div', null, h('dt', null, t('ind.latest')), h('dd', null, v ? fmtCell(unit, v.latest, k) : '–')),
      h('div', null, h('dt', null, t('ind.target')), h('dd', null, fmtValue(unit, target)))),
    h('div', { class: 'chart' }, compare),
    v?.caveat ? h('p', { class: 'caveat' }, v.caveat) : null));
  const draw: Array<() => Promise<void>> = [];
  if (v) draw.push(async () => {
    const c = await loadCharts();
    const cells = [v.baseline, v.latest];
    c.compareBars(compare, [t('ind.baseline'), t('ind.latest'), t('ind.target')],
      [...cells.map((x) => (x && !x.suppressed ? scaled(unit, x.value) : null)), scaled(unit, target)], [...cells.map((x) => ciOf(unit, x)), null],
      unit === 'percent' ? 100 : undefined);
  });
  const disSec = h('section', { class: 'panel' });
  ctx.main.append(disSec);
  if (!v?.disaggregations.length) disSec.append(notice(t('ind.noDisagg')));
  for (const d of v?.disaggregations ?? []) {
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
  if (v?.paired) {
    const p = v.paired;
    ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('ind.paired')),
      h('p', null, `${fmtValue(unit, p.before ?? p.baseline)} → ${fmtValue(unit, p.after ?? p.endline)} · Δ ${fmtValue(unit, p.change ?? p.delta)} · ${t('ind.pairs', { n: fmtNum(p.n ?? p.pairs, 0) })}`)));
  }
  await Promise.all(draw.map((f) => f()));
}
