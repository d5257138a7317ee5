// Programme overview: the logframe as a tree; per indicator baseline, latest, target, progress bar, status, a trend
// sparkline across waves, n and the response-rate caveat. Values render as text first; charts load afterwards.
import { lang, t, type MessageKey } from '../../i18n';
import { client } from '../api';
import { h, locField, fmtNum, notice } from '../dom';
import { pHref, type PageCtx } from '../state';
import { fmtCell, fmtValue, loadValues, scaled, STATUS_CLASS, type IndicatorValues } from '../values';
import type { Indicator, ResultNode } from '../wire';

export const loadCharts = () => import('../charts');

export const loadLogframe = (pid: string): Promise<ResultNode[]> => client.logframe(pid);

function progressBar(p: number | null, status: string): HTMLElement {
  const pct = p === null ? 0 : Math.max(0, Math.min(100, p * 100));
  return h('div', { class: 'progress-wrap' },
    h('div', { class: `progress ${STATUS_CLASS[status] ?? ''}`, role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100,
      'aria-valuenow': Math.round(pct), 'aria-label': t('ind.progress') },
    h('span', { style: `inline-size:${pct}%` })),
    h('small', null, p === null ? '–' : t('ind.progressPct', { p: fmtNum(p * 100, 0) })));
}

function statusBadge(status: string): HTMLElement {
  const key = `status.${status}` as MessageKey;
  return h('span', { class: `badge ${STATUS_CLASS[status] ?? 'none'}` }, t(key) === key ? status : t(key));
}

function indicatorCard(pid: string, ind: Indicator, v: IndicatorValues | undefined, k: number, spark: Array<() => Promise<void>>): HTMLElement {
  const unit = ind.unit;
  const target = v?.target ?? ind.targets?.final?.value ?? null;
  const n = v?.latest?.n ?? v?.baseline?.n;
  const canvas = h('canvas', { role: 'img', 'aria-label': `${t('ind.trend')}: ${ind.code}` });
  if (v && v.series.length) {
    spark.push(async () => {
      const c = await loadCharts();
      c.sparkline(canvas, v.series.map((s) => s.label), v.series.map((s) => (s.cell && !s.cell.suppressed ? scaled(unit, s.cell.value) : null)), scaled(unit, target));
    });
  }
  return h('article', { class: 'indicator', 'data-code': ind.code },
    h('header', null, h('a', { href: `${pHref(pid, 'indicator')}/${encodeURIComponent(ind.id)}`, class: 'ind-code' }, ind.code),
      h('span', { class: 'ind-name' }, locField(ind, 'name')), statusBadge(v?.status ?? 'unknown')),
    h('dl', { class: 'figures' },
      h('div', null, h('dt', null, t('ind.baseline')), h('dd', { class: v?.baseline?.suppressed ? 'suppressed' : null }, v ? fmtCell(unit, v.baseline, k) : '–')),
      h('div', null, h('dt', null, t('ind.latest')), h('dd', { class: v?.latest?.suppressed ? 'suppressed' : null }, v ? fmtCell(unit, v.latest, k) : '–')),
      h('div', null, h('dt', null, t('ind.target')), h('dd', null, fmtValue(unit, target))),
      h('div', null, h('dt', null, t('ind.nLabel')), h('dd', null, n === null || n === undefined ? '–' : fmtNum(n, 0)))),
    progressBar(v?.progress ?? null, v?.status ?? 'unknown'),
    h('div', { class: 'spark' }, canvas),
    v?.caveat ? h('p', { class: 'caveat' }, v.caveat) : null);
}

function resultNode(pid: string, r: ResultNode, values: Map<string, IndicatorValues>, k: number, spark: Array<() => Promise<void>>): HTMLElement {
  const levelKey = `level.${r.level}` as MessageKey;
  const kids = r.children;
  return h('li', { class: `result level-${r.level}` },
    h('details', { open: true },
      h('summary', null, h('span', { class: 'level' }, t(levelKey)), ' ', h('strong', { class: 'rcode' }, r.code), ' ', h('span', null, locField(r, 'statement'))),
      r.indicators.length ? h('div', { class: 'indicators' }, r.indicators.map((ind) => indicatorCard(pid, ind, values.get(ind.id) ?? values.get(ind.code), k, spark))) : null,
      kids.length ? h('ul', { class: 'tree', role: 'group' }, kids.map((c) => resultNode(pid, c, values, k, spark))) : null));
}

export async function overviewPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('overview.title')));
  const [tree, values] = await Promise.all([loadLogframe(pid), loadValues(pid, lang())]);
  if (ctx.stale()) return;
  // issue 13: an empty logframe says what to do next
  if (!tree.length) { ctx.main.append(notice(t(ctx.programme.role === 'viewer' ? 'own.overviewEmptyViewer' : 'own.overviewEmpty'))); return; }
  const k = values.suppressionThreshold;
  const spark: Array<() => Promise<void>> = [];
  ctx.main.append(h('ul', { class: 'tree root', 'aria-label': t('overview.logframe') }, tree.map((r) => resultNode(pid, r, values.byKey, k, spark))));
  performance.mark('marsad:overview-painted');
  await Promise.all(spark.map((f) => f()));
}
