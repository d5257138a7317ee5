// Activities page of the officer app: the activities and meetings of a reporting period (table or calendar), their
// totals, the form to record or change one, the list of participants (CSV/XLSX import) and attachments.
import { lang, t, type MessageKey } from '../../i18n';
import type { TActivity, TActivityList } from '../../../contracts/activities';
import { ACTIVITY_KINDS, ATTACHMENT_KINDS } from '../../../contracts/activity-kinds';
import { api, ApiError, get, getCsrf, post } from '../api';
import { clear, field, h, notice, table } from '../dom';
import { canManage, type PageCtx } from '../state';

type Summary = { activities: number; participants: { women: number; men: number; other: number; total: number } };
type ImportReport = { rows: number; valid: number; errors: Array<{ line: number; column: string; reason: string }>;
  counts: { women: number; men: number; other: number; total: number } };

const byLang = (en: string, ar: string) => (lang() === 'ar' && ar ? ar : en);
const errorText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

function place(a: TActivity): string {
  return a.location.online ? t('act.online') : [a.location.city, a.location.country].filter(Boolean).join(lang() === 'ar' ? '، ' : ', ') || '–';
}
/** "8 women, 3 men" (English singular for 1; Arabic "نساء: 8، رجال: 3", which needs no plural forms) */
function sexes(a: { women: number; men: number }): string {
  const w = t(a.women === 1 ? 'act.women.one' : 'act.women.many', { n: a.women });
  const m = t(a.men === 1 ? 'act.men.one' : 'act.men.many', { n: a.men });
  return `${w}${lang() === 'ar' ? '، ' : ', '}${m}`;
}
function people(a: TActivity['participants'] | Summary['participants']): string {
  return t('act.participantsLine', { total: a.total, sexes: sexes(a) });
}
const dates = (a: TActivity) => (a.endDate !== a.startDate ? `${a.startDate} – ${a.endDate}` : a.startDate);

export async function activitiesPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const period = ctx.query.get('period') ?? '';
  const view = ctx.query.get('view') === 'calendar' ? 'calendar' : 'table';
  const q = period ? `?period=${encodeURIComponent(period)}` : '';
  const [model, summary] = await Promise.all([
    get<TActivityList>(`/api/programmes/${pid}/activities${q}`), get<Summary>(`/api/programmes/${pid}/activities/summary${q}`)]);
  if (ctx.stale()) return;
  const href = (p: string, v: string) => `#/programmes/${pid}/activities?${new URLSearchParams({ ...(p ? { period: p } : {}), view: v })}`;
  const periodSel = h('select', { id: 'act-period', onchange: (e: Event) => { location.hash = href((e.target as HTMLSelectElement).value, view); } },
    h('option', { value: '' }, t('act.allPeriods')),
    model.periods.map((p) => h('option', { value: p.id, selected: p.id === period }, byLang(p.nameEn, p.nameAr))));
  const msg = h('div', { 'aria-live': 'polite', id: 'act-msg' });
  ctx.main.append(h('h1', null, t('act.title')),
    h('div', { class: 'toolbar' }, field(t('act.period'), periodSel),
      h('nav', { class: 'tabs', 'aria-label': t('act.title') },
        h('a', { href: href(period, 'table'), 'aria-current': view === 'table' ? 'page' : null }, t('act.table')),
        h('a', { href: href(period, 'calendar'), 'aria-current': view === 'calendar' ? 'page' : null }, t('act.calendar')))),
    h('p', { class: 'summary', id: 'act-summary' }, t('act.summary', { n: summary.activities, total: summary.participants.total,
      sexes: sexes(summary.participants) })),
    msg);
  if (!model.items.length) ctx.main.append(notice(t('act.empty')));
  else ctx.main.append(view === 'calendar' ? calendar(model.items) : activityTable(ctx, model, msg));
  if (canManage(ctx.programme)) ctx.main.append(activityForm(ctx, model, null, msg));
}

function activityTable(ctx: PageCtx, model: TActivityList, msg: HTMLElement): HTMLElement {
  const manage = canManage(ctx.programme);
  const details = h('div', { id: 'act-details' });
  const rows = model.items.map((a) => [
    h('span', { dir: 'ltr', class: 'nowrap' }, dates(a)), byLang(a.titleEn, a.titleAr), t(`act.kind.${a.kind}` as MessageKey), place(a),
    a.institutions.map((i) => byLang(i.nameEn, i.nameAr)).join(lang() === 'ar' ? '، ' : ', ') || '–',
    people(a.participants), t(`act.status.${a.status}` as MessageKey),
    manage ? h('span', { class: 'actions' },
      h('button', { type: 'button', 'data-edit': a.id, onclick: () => { clear(details); details.append(activityForm(ctx, model, a, msg), participantsPanel(ctx, a), attachmentsPanel(ctx, a)); details.scrollIntoView(); } }, t('act.edit')),
      h('button', { type: 'button', class: 'danger', onclick: async () => {
        if (!confirm(t('act.confirmDelete', { title: byLang(a.titleEn, a.titleAr) }))) return;
        try { await api('DELETE', `/api/programmes/${ctx.programme.id}/activities/${a.id}`); location.reload(); } catch (e) { clear(msg); msg.append(notice(errorText(e), 'error')); }
      } }, t('act.delete'))) : null,
  ]);
  return h('div', null, h('div', { class: 'table-scroll' }, table([t('act.dates'), t('common.name'), t('act.kind'), t('act.place'), t('act.institutions'),
    t('act.participants'), t('act.status'), manage ? t('common.actions') : ''], rows, t('act.title'))), details);
}

/** One month grid per month that has activities (weeks start on Saturday in Arabic, Monday in English). */
function calendar(items: TActivity[]): HTMLElement {
  const months = [...new Set(items.map((a) => a.startDate.slice(0, 7)))].sort();
  const first = lang() === 'ar' ? 6 : 1;
  const names = Array.from({ length: 7 }, (_, i) => new Intl.DateTimeFormat(lang() === 'ar' ? 'ar-u-nu-latn' : 'en-GB', { weekday: 'short', timeZone: 'UTC' })
    .format(new Date(Date.UTC(2023, 0, 1 + ((first + i) % 7)))));
  return h('div', { class: 'calendar', id: 'act-calendar' }, months.map((m) => {
    const [y, mo] = m.split('-').map(Number);
    const start = new Date(Date.UTC(y, mo - 1, 1));
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    const lead = (start.getUTCDay() - first + 7) % 7;
    const cells = [...Array.from({ length: lead }, () => h('td', { class: 'empty' })), ...Array.from({ length: days }, (_, d) => {
      const iso = `${m}-${String(d + 1).padStart(2, '0')}`;
      const here = items.filter((a) => a.startDate <= iso && iso <= a.endDate);
      return h('td', { class: here.length ? 'busy' : null }, h('span', { class: 'day' }, String(d + 1)),
        here.map((a) => h('div', { class: `ev ${a.status}`, dir: 'auto', title: byLang(a.titleEn, a.titleAr) }, byLang(a.titleEn, a.titleAr))));
    })];
    const weeks: HTMLElement[][] = [];
    for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
    const title = new Intl.DateTimeFormat(lang() === 'ar' ? 'ar-u-nu-latn' : 'en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(start);
    return h('table', { class: 'month' }, h('caption', null, title), h('thead', null, h('tr', null, names.map((n) => h('th', { scope: 'col' }, n)))),
      h('tbody', null, weeks.map((w) => h('tr', null, w))));
  }));
}

function activityForm(ctx: PageCtx, model: TActivityList, a: TActivity | null, msg: HTMLElement): HTMLElement {
  const pid = ctx.programme.id;
  const inp = (name: string, value = '', attrs: Record<string, string | boolean> = {}) => h('input', { name, id: `act-${name}`, value, ...attrs });
  const f = {
    titleEn: inp('titleEn', a?.titleEn, { required: true, maxlength: '500' }), titleAr: inp('titleAr', a?.titleAr, { dir: 'rtl', lang: 'ar', maxlength: '500' }),
    startDate: inp('startDate', a?.startDate, { type: 'date', required: true }), endDate: inp('endDate', a?.endDate, { type: 'date' }),
    city: inp('city', a?.location.city), country: inp('country', a?.location.country),
    women: inp('women', String(a?.participants.women ?? 0), { type: 'number', min: '0', step: '1' }),
    men: inp('men', String(a?.participants.men ?? 0), { type: 'number', min: '0', step: '1' }),
    other: inp('other', String(a?.participants.other ?? 0), { type: 'number', min: '0', step: '1' }),
  };
  const online = h('input', { type: 'checkbox', name: 'online', id: 'act-online', checked: !!a?.location.online });
  const kind = h('select', { name: 'kind', id: 'act-kind' }, ACTIVITY_KINDS.map((k) => h('option', { value: k, selected: a?.kind === k }, t(`act.kind.${k}` as MessageKey))));
  const status = h('select', { name: 'status', id: 'act-status' }, (['held', 'planned', 'cancelled'] as const).map((s) => h('option', { value: s, selected: (a?.status ?? 'held') === s }, t(`act.status.${s}`))));
  const result = h('select', { name: 'resultId', id: 'act-result' }, h('option', { value: '' }, t('act.noResult')),
    model.results.map((r) => h('option', { value: r.id, selected: a?.resultId === r.id }, `${r.code} · ${byLang(r.statementEn, r.statementAr)}`)));
  const chosen = new Set(a?.institutions.map((i) => i.code) ?? []);
  const insts = h('fieldset', { class: 'checks', id: 'act-institutions' }, h('legend', null, t('act.institutions')),
    model.institutions.map((i) => h('label', null, h('input', { type: 'checkbox', value: i.code, checked: chosen.has(i.code) }), ' ', byLang(i.nameEn, i.nameAr))));
  const fromList = !!a?.participants.fromList;
  if (fromList) for (const k of ['women', 'men', 'other'] as const) f[k].setAttribute('readonly', '');
  const box = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'panel grid-form', id: a ? 'act-edit-form' : 'act-form', onsubmit: async (e: Event) => {
    e.preventDefault();
    const body = {
      titleEn: f.titleEn.value, titleAr: f.titleAr.value, kind: kind.value, status: status.value, startDate: f.startDate.value,
      ...(f.endDate.value ? { endDate: f.endDate.value } : {}),
      location: { online: online.checked, city: f.city.value, country: f.country.value }, resultId: result.value || null,
      institutions: [...insts.querySelectorAll<HTMLInputElement>('input:checked')].map((x) => x.value),
      ...(fromList ? {} : { participants: { women: Number(f.women.value), men: Number(f.men.value), other: Number(f.other.value) } }),
    };
    try {
      if (a) await api('PATCH', `/api/programmes/${pid}/activities/${a.id}`, body);
      else await post(`/api/programmes/${pid}/activities`, body);
      clear(msg); msg.append(notice(t('act.saved'), 'ok'));
      location.reload();
    } catch (err) { clear(box); box.append(notice(errorText(err), 'error')); }
  } }, h('h2', null, a ? t('act.edit') : t('act.add')),
  field(t('act.titleEn'), f.titleEn), field(t('act.titleAr'), f.titleAr), field(t('act.kind'), kind), field(t('act.status'), status),
  field(t('act.start'), f.startDate), field(t('act.end'), f.endDate), h('label', { class: 'check' }, online, ' ', t('act.online')),
  field(t('act.city'), f.city), field(t('act.country'), f.country), field(t('act.result'), result), insts,
  field(t('act.women'), f.women), field(t('act.men'), f.men), field(t('act.other'), f.other, fromList ? t('act.fromList') : undefined),
  box, h('button', { type: 'submit', class: 'primary' }, t('common.save')));
  return form;
}

async function readFile(file: File): Promise<{ csv: string } | { xlsxBase64: string }> {
  if (/\.xlsx$/i.test(file.name)) {
    const bytes = new Uint8Array(await file.arrayBuffer());
    let bin = '';
    for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { xlsxBase64: btoa(bin) };
  }
  return { csv: await file.text() };
}

function participantsPanel(ctx: PageCtx, a: TActivity): HTMLElement {
  const url = `/api/programmes/${ctx.programme.id}/activities/${a.id}/participants/import`;
  const input = h('input', { type: 'file', id: 'act-list-file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const report = h('div', { id: 'act-list-report', 'aria-live': 'polite' });
  const run = async (dryRun: boolean) => {
    clear(report);
    const file = input.files?.[0];
    if (!file) return;
    try {
      const r = await post<ImportReport>(`${url}?dryRun=${dryRun}`, await readFile(file));
      show(r);
      if (!dryRun) { report.append(notice(t('act.listDone', { total: r.counts.total, sexes: sexes(r.counts) }), 'ok')); setTimeout(() => location.reload(), 600); }
    } catch (e) {
      const d = e instanceof ApiError ? (e.details as ImportReport | undefined) : undefined;
      if (d?.errors) show(d); else report.append(notice(errorText(e), 'error'));
    }
  };
  const show = (r: ImportReport) => {
    report.append(notice(t('act.listReport', { ok: r.valid, bad: r.errors.length }), r.errors.length ? 'error' : 'info'));
    if (r.errors.length) report.append(table([t('act.row'), t('act.problem')], r.errors.map((x) => [String(x.line), `${x.column ? x.column + ': ' : ''}${x.reason}`])));
  };
  return h('section', { class: 'panel', id: 'act-list' }, h('h2', null, t('act.list')), field(t('act.list'), input, t('act.listHint')),
    h('div', { class: 'actions' }, h('button', { type: 'button', id: 'act-list-check', onclick: () => void run(true) }, t('act.check')),
      h('button', { type: 'button', class: 'primary', id: 'act-list-import', onclick: () => void run(false) }, t('act.import'))), report);
}

function attachmentsPanel(ctx: PageCtx, a: TActivity): HTMLElement {
  const url = `/api/programmes/${ctx.programme.id}/activities/${a.id}/attachments`;
  const input = h('input', { type: 'file', id: 'act-att-file', accept: '.pdf,.docx,.xlsx,.png,.jpg,.jpeg' });
  const kind = h('select', { id: 'act-att-kind' }, ATTACHMENT_KINDS.map((k) => h('option', { value: k }, t(`act.attKind.${k}` as MessageKey))));
  const box = h('div', { 'aria-live': 'polite', id: 'act-att-msg' });
  const upload = async () => {
    clear(box);
    const file = input.files?.[0];
    if (!file) return;
    const res = await fetch(`${url}?${new URLSearchParams({ name: file.name, kind: kind.value })}`, {
      method: 'POST', credentials: 'same-origin', body: file,
      headers: { 'Content-Type': 'application/octet-stream', 'Accept-Language': lang(), 'X-CSRF-Token': getCsrf() },
    });
    const body = await res.json().catch(() => ({})) as { message?: string };
    if (res.ok) { box.append(notice(t('act.attached'), 'ok')); setTimeout(() => location.reload(), 600); }
    else box.append(notice(body.message ?? res.statusText, 'error'));
  };
  return h('section', { class: 'panel', id: 'act-attachments' }, h('h2', null, t('act.attachments')),
    a.attachments.length ? h('ul', null, a.attachments.map((x) => h('li', null,
      h('a', { href: `${url}/${x.id}`, download: x.fileName }, x.fileName), ` · ${t(`act.attKind.${x.kind}` as MessageKey)} · ${Math.ceil(x.sizeBytes / 1024)} KB`))) : null,
    field(t('act.attach'), input, t('act.attachHint')), field(t('act.kind'), kind),
    h('button', { type: 'button', id: 'act-att-upload', onclick: () => void upload() }, t('act.attach')), box);
}

