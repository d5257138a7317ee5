// Question explorer (distribution of answers per question per wave, labels in the chosen language; computed in the
// browser from the responses CSV export). The Downloads page (report builder) is pages/downloads.ts.
import { t } from '../../i18n';
import { client } from '../api';
import { fmtNum, h, notice } from '../dom';
import { pHref, type PageCtx } from '../state';
import { loadQuestions } from './indicator';
import { waveSelect } from './rates';

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], cur = '', q = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (q) {
      if (ch === '"') { if (s[i + 1] === '"') { cur += '"'; i++; } else q = false; } else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cur); cur = ''; }
    else if (ch === '\n' || ch === '\r') { if (ch === '\r' && s[i + 1] === '\n') i++; row.push(cur); rows.push(row); row = []; cur = ''; }
    else cur += ch;
  }
  if (cur || row.length) { row.push(cur); rows.push(row); }
  return rows;
}

const META = /^(response_?id|receipt|status|language|started_at|submitted_at|updated_at|wave|stakeholder|institution_attr|revision|version|_)/i;

export async function explorerPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('explorer.title')));
  const waves = await client.waves(pid);
  if (!waves.length) { ctx.main.append(notice(t('rates.noWaves'))); return; }
  const waveId = ctx.query.get('wave') ?? waves.find((w) => w.kind === 'baseline')?.id ?? waves[0].id;
  ctx.main.append(waveSelect(waves, waveId, (id) => { location.hash = `${pHref(pid, 'explorer')}?wave=${encodeURIComponent(id)}`; }));
  const [text, qs] = await Promise.all([client.responsesCsvCodes(pid, waveId), loadQuestions(pid)]);
  if (ctx.stale()) return;
  const rows = parseCsv(text).filter((r) => r.length > 1);
  if (rows.length < 2) { ctx.main.append(notice(t('explorer.noData'))); return; }
  const [header, ...data] = rows;
  const sections: HTMLElement[] = [];
  const seen = new Set<string>();
  header.forEach((col, ci) => {
    const base = col.split(/[.:[]/)[0];
    const q = qs.get(base);
    if (!q || seen.has(col) || META.test(col) || ['text', 'comment', 'multipletext'].includes(q.type)) return;
    seen.add(col);
    const counts = new Map<string, number>();
    for (const r of data) { const v = (r[ci] ?? '').replace(/^'/, ''); if (v !== '') counts.set(v, (counts.get(v) ?? 0) + 1); }
    if (!counts.size || counts.size > 25) return;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    const sub = col === base ? '' : ` › ${col.slice(base.length + 1)}`;
    const entries = [...counts.entries()].sort((a, b) => (q.choices.size ? [...q.choices.keys()].indexOf(a[0]) - [...q.choices.keys()].indexOf(b[0]) : a[0].localeCompare(b[0], undefined, { numeric: true })));
    sections.push(h('section', { class: 'panel question', 'data-question': col },
      h('h2', null, q.title + sub), h('p', { class: 'hint' }, h('code', { dir: 'ltr' }, col), ` · ${t('ind.n', { n: total })}`),
      h('ul', { class: 'dist' }, entries.map(([code, n]) => {
        const label = q.choices.get(code) ?? (code === 'true' ? t('common.yes') : code === 'false' ? t('common.no') : code);
        const p = (n / total) * 100;
        return h('li', null, h('span', { class: 'dlabel' }, label), h('span', { class: 'dbar', 'aria-hidden': 'true' }, h('span', { style: `inline-size:${p}%` })),
          h('span', { class: 'dnum' }, `${n} (${fmtNum(p, 0)}%)`));
      }))));
  });
  ctx.main.append(...(sections.length ? sections : [notice(t('explorer.noData'))]));
}
