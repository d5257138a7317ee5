// Downloads page = the report builder: choose a reporting period (or dates), its waves (default: those in the
// period), the files' language, labels or codes and the indicators; every export follows the choice (annex, workbook,
// indicator table CSV/XLSX, responses CSV per wave, chart PNGs).
import { lang as uiLang, t, type Lang } from '../../i18n';
import { get } from '../api';
import { clear, fmtDate, h, notice } from '../dom';
import type { PageCtx } from '../state';
import type { TReportOptions } from '../../../contracts/exports';
import { waveInRange } from '../../../contracts/report-scope';

interface Choice {
  mode: 'period' | 'dates';
  period: string; from: string; to: string;
  waves: Set<string>; lang: Lang; labels: 'labels' | 'codes'; indicators: Set<string>;
}

const name = (o: { nameEn: string; nameAr: string }) => (uiLang() === 'ar' ? o.nameAr || o.nameEn : o.nameEn);

/** The waves the current dates cover. */
function wavesInScope(o: TReportOptions, c: Choice) {
  if (c.mode === 'period') return o.waves.filter((w) => w.periodIds.includes(c.period));
  return c.from && c.to && c.from <= c.to ? o.waves.filter((w) => waveInRange(w, c.from, c.to)) : [];
}

/** The query every export shares: scope, waves, language, labels, indicators. */
function scopeQuery(o: TReportOptions, c: Choice, extra: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  if (c.mode === 'period') q.set('period', c.period); else { q.set('from', c.from); q.set('to', c.to); }
  q.set('waves', [...c.waves].join(','));
  q.set('lang', c.lang);
  q.set('labels', c.labels);
  if (c.indicators.size !== o.indicators.length) q.set('indicators', [...c.indicators].join(','));
  for (const [k, v] of Object.entries(extra)) q.set(k, v);
  return q.toString();
}

export async function downloadsPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const o = await get<TReportOptions>(`/api/programmes/${pid}/exports/options`);
  if (ctx.stale()) return;
  const today = new Date().toISOString().slice(0, 10);
  // the period of today, else the one the latest wave (within the periods) opened in
  const lastWave = [...o.waves].reverse().find((w) => w.periodIds.length);
  const opened = lastWave && o.periods.find((p) => p.startsOn <= lastWave.opensAt.slice(0, 10) && lastWave.opensAt.slice(0, 10) <= p.endsOn);
  const current = o.periods.find((p) => p.startsOn <= today && today <= p.endsOn) ?? opened ?? o.periods.find((p) => p.id === lastWave?.periodIds[0]);
  const c: Choice = {
    mode: o.periods.length ? 'period' : 'dates', period: ctx.query.get('period') ?? current?.id ?? o.periods[0]?.id ?? '',
    from: current?.startsOn ?? '', to: current?.endsOn ?? '', waves: new Set(), lang: o.programme.defaultLanguage, labels: 'labels',
    indicators: new Set(o.indicators.map((i) => i.id)),
  };
  const resetWaves = () => { c.waves = new Set(wavesInScope(o, c).map((w) => w.id)); };
  resetWaves();

  ctx.main.append(h('h1', null, t('report.title')), h('p', { class: 'hint' }, t('report.intro')));
  const wavesBox = h('div', { id: 'report-waves' });
  const files = h('section', { class: 'panel', id: 'report-files', 'aria-labelledby': 'report-files-h' });
  const update = () => { renderWaves(); renderFiles(); };

  // scope: period or dates
  const periodSel = h('select', { id: 'report-period', onchange: (e: Event) => { c.period = (e.target as HTMLSelectElement).value; resetWaves(); update(); } },
    o.periods.map((p) => h('option', { value: p.id, selected: p.id === c.period }, `${name(p)} · ${p.startsOn} – ${p.endsOn}`)));
  const from = h('input', { type: 'date', id: 'report-from', value: c.from, onchange: (e: Event) => { c.from = (e.target as HTMLInputElement).value; resetWaves(); update(); } });
  const to = h('input', { type: 'date', id: 'report-to', value: c.to, onchange: (e: Event) => { c.to = (e.target as HTMLInputElement).value; resetWaves(); update(); } });
  const modeRadio = (mode: Choice['mode'], label: string) => h('label', { class: 'inline' },
    h('input', { type: 'radio', name: 'report-mode', value: mode, checked: c.mode === mode, disabled: mode === 'period' && !o.periods.length,
      onchange: () => { c.mode = mode; periodRow.hidden = mode !== 'period'; datesRow.hidden = mode !== 'dates'; resetWaves(); update(); } }), ` ${label}`);
  const periodRow = h('div', { class: 'field', hidden: c.mode !== 'period' }, h('label', { for: 'report-period' }, t('report.period')), periodSel);
  const datesRow = h('div', { class: 'field-row', hidden: c.mode !== 'dates' },
    h('div', { class: 'field' }, h('label', { for: 'report-from' }, t('report.from')), from),
    h('div', { class: 'field' }, h('label', { for: 'report-to' }, t('report.to')), to));

  const radio = <T extends string>(group: string, value: T, label: string, checked: boolean, set: (v: T) => void) => h('label', { class: 'inline' },
    h('input', { type: 'radio', name: group, value, checked, onchange: () => { set(value); renderFiles(); } }), ` ${label}`);
  const indicatorBoxes = o.indicators.map((i) => h('input', { type: 'checkbox', value: i.id, checked: true, 'data-indicator': i.code,
    onchange: (e: Event) => { const el = e.target as HTMLInputElement; if (el.checked) c.indicators.add(i.id); else c.indicators.delete(i.id); renderFiles(); } }));
  const setAll = (on: boolean) => { indicatorBoxes.forEach((b) => { b.checked = on; }); c.indicators = new Set(on ? o.indicators.map((i) => i.id) : []); renderFiles(); };

  ctx.main.append(h('form', { class: 'panel report-builder', onsubmit: (e: Event) => e.preventDefault() },
    h('fieldset', null, h('legend', null, t('report.scope')),
      h('div', { role: 'radiogroup' }, modeRadio('period', t('report.byPeriod')), modeRadio('dates', t('report.byDates'))),
      o.periods.length ? null : notice(t('report.noPeriods')), periodRow, datesRow),
    h('fieldset', null, h('legend', null, t('report.waves')), h('p', { class: 'hint' }, t('report.wavesHint')), wavesBox),
    h('fieldset', null, h('legend', null, t('report.language')),
      (['en', 'ar'] as const).map((l) => radio('report-lang', l, t(`lang.${l}`), c.lang === l, (v) => { c.lang = v; }))),
    h('fieldset', null, h('legend', null, t('report.labels')),
      radio('report-labels', 'labels', t('report.labelsLabels'), true, (v) => { c.labels = v; }),
      radio('report-labels', 'codes', t('report.labelsCodes'), false, (v) => { c.labels = v; })),
    h('fieldset', { id: 'report-indicators' }, h('legend', null, t('report.indicators')),
      h('p', null, h('button', { type: 'button', onclick: () => setAll(true) }, t('report.all')), ' ', h('button', { type: 'button', onclick: () => setAll(false) }, t('report.none'))),
      h('ul', { class: 'checklist' }, o.indicators.map((i, k) => h('li', null, h('label', null, indicatorBoxes[k], ` ${i.code} — ${name(i)}`)))))),
  files);

  function renderWaves(): void {
    clear(wavesBox);
    const inScope = wavesInScope(o, c);
    if (!inScope.length) { wavesBox.append(notice(t('report.noWaves'))); return; }
    wavesBox.append(h('ul', { class: 'checklist' }, inScope.map((w) => h('li', null, h('label', null,
      h('input', { type: 'checkbox', value: w.id, checked: c.waves.has(w.id), 'data-wave': w.id,
        onchange: (e: Event) => { if ((e.target as HTMLInputElement).checked) c.waves.add(w.id); else c.waves.delete(w.id); renderFiles(); } }),
      ` ${name(w)} · ${fmtDate(w.opensAt)} – ${fmtDate(w.closesAt)} · ${t('report.completed', { n: w.completed })}`)))));
  }

  function renderFiles(): void {
    clear(files);
    files.append(h('h2', { id: 'report-files-h' }, t('report.files')));
    if (!c.waves.size) { files.append(notice(wavesInScope(o, c).length ? t('report.chooseWaves') : t('report.noWaves'))); return; }
    const api = `/api/programmes/${encodeURIComponent(pid)}`;
    const link = (href: string, label: string, id?: string) => h('li', null, h('a', { href, download: '', class: 'button', 'data-export': id ?? null }, label));
    const chosen = o.waves.filter((w) => c.waves.has(w.id));
    const scope: Record<string, string> = c.mode === 'period' ? { period: c.period } : { from: c.from, to: c.to };
    files.append(h('ul', { class: 'downloads' },
      link(`${api}/exports/annex.docx?${scopeQuery(o, c)}`, t('report.annex'), 'annex'),
      link(`${api}/exports/workbook.xlsx?${scopeQuery(o, c)}`, t('report.workbook'), 'workbook'),
      link(`${api}/exports/indicators.csv?${scopeQuery(o, c)}`, t('report.indicatorsCsv'), 'indicators-csv'),
      link(`${api}/exports/indicators.xlsx?${scopeQuery(o, c)}`, t('report.indicatorsXlsx'), 'indicators-xlsx'),
      chosen.map((w) => {
        const q = new URLSearchParams({ waveId: w.id, lang: c.lang, labels: c.labels, ...scope });
        return link(`${api}/exports/responses.csv?${q}`, t('report.responsesCsv', { wave: name(w) }), 'responses-csv');
      })));
    if (o.hasActivities) files.append(h('p', { class: 'hint' }, t('report.activities')));
    const chartQuery = new URLSearchParams({ ...scope, waves: [...c.waves].join(','), lang: c.lang });
    files.append(h('h3', null, t('report.charts')), h('ul', { class: 'chart-links' },
      o.indicators.filter((i) => c.indicators.has(i.id)).map((i) => h('li', null,
        h('a', { href: `${api}/charts/indicator/${encodeURIComponent(i.id)}.png?${chartQuery}`, download: '', 'data-export': 'chart' }, `${i.code} — ${name(i)}`))),
      chosen.flatMap((w) => (['funnel', 'timeline'] as const).map((kind) => h('li', null,
        h('a', { href: `${api}/charts/response-rates/${encodeURIComponent(w.id)}.png?${new URLSearchParams({ lang: c.lang, kind })}`, download: '', 'data-export': 'chart' },
          t(kind === 'funnel' ? 'report.funnel' : 'report.timeline', { wave: name(w) })))))));
  }
  update();
}
