// Response rates of a wave: funnel, completion by institution and by sex, the cumulative completion curve with reminder
// dates marked, and the non-respondent table with timeline / follow-up, send reminder (reminder template) and copy link
// (the same personal link; never re-issued from here).
import { lang, t, type MessageKey } from '../../i18n';
import { ApiError, get, list, post } from '../api';
import { clear, field, fmtDate, fmtNum, h, locField, notice, table } from '../dom';
import { canManage, pHref, type PageCtx } from '../state';
import { loadCharts } from './overview';

const STAGES = ['invited', 'opened', 'started', 'completed'] as const;

export function waveSelect(waves: Array<{ id: string; kind: string; nameEn: string; nameAr: string }>, current: string, onChange: (id: string) => void): HTMLElement {
  const sel = h('select', { id: 'wave-select', onchange: (e: Event) => onChange((e.target as HTMLSelectElement).value) },
    waves.map((w) => h('option', { value: w.id, selected: w.id === current }, `${locField(w, 'name')} (${t(`kind.${w.kind}` as MessageKey)})`)));
  return field(t('rates.wave'), sel);
}

const num = (v: unknown) => Number(v ?? 0);

interface Group { group: string; labelEn: string; labelAr: string; invited: number; completed: number; rate: number | null }
interface NonRespondent { invitationId: string; status: string; lastContact: { at?: string } | null;
  stakeholder: { nameEn: string; nameAr: string; institution: string; institutionNameEn: string; institutionNameAr: string } }
interface Rates { invited: number; opened: number; started: number; completed: number; rate: number | null; breakdown: Group[];
  daily: Array<{ date: string; cumulative: number }>; reminders: Array<{ round: number; date: string; count: number }>; nonRespondents: NonRespondent[] }

function groupRows(data: Rates | undefined, key: string): Array<{ label: string; invited: number; completed: number; rate: number }> {
  return list<Group>(data?.breakdown, 'groups').map((g) => {
    const invited = num(g.invited), completed = num(g.completed);
    const sk = `sex.${g.group}` as MessageKey;
    const label = key === 'sex' && t(sk) !== sk ? t(sk) : (lang() === 'ar' ? g.labelAr : g.labelEn) || String(g.group ?? '–');
    return { label, invited, completed, rate: g.rate !== undefined && g.rate !== null ? Number(g.rate) : invited ? completed / invited : 0 };
  });
}

const pct = (r: number) => r * 100;

export async function ratesPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('rates.title')));
  const waves = list<{ id: string; kind: string; nameEn: string; nameAr: string }>(await get(`/api/programmes/${pid}/waves`), 'waves');
  if (ctx.stale()) return;
  if (!waves.length) { ctx.main.append(notice(t('rates.noWaves'))); return; }
  const waveId = ctx.query.get('wave') ?? waves.find((w) => w.kind === 'baseline')?.id ?? waves[0].id;
  ctx.main.append(waveSelect(waves, waveId, (id) => { location.hash = `${pHref(pid, 'rates')}?wave=${encodeURIComponent(id)}`; }));
  let data: Rates, sexData: Rates;
  try {
    [data, sexData] = await Promise.all(['institution', 'sex'].map((by) => get<Rates>(`/api/programmes/${pid}/waves/${waveId}/response-rates?by=${by}`)));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) { ctx.main.append(notice(t('common.notAvailable', { what: t('rates.title') }))); return; }
    throw e;
  }
  if (ctx.stale()) return;
  const counts = STAGES.map((s) => num(data[s]));
  const rate = data.rate !== null && data.rate !== undefined ? pct(Number(data.rate)) : 0;
  const funnel = h('canvas', { role: 'img', 'aria-label': t('rates.funnel') });
  ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('rates.funnel')),
    h('p', { class: 'big', id: 'rate-line' }, t('rates.rate', { r: fmtNum(rate, 0), c: counts[3], i: counts[0] })),
    h('ol', { class: 'funnel-list' }, STAGES.map((s, i) => h('li', { 'data-stage': s }, h('strong', null, String(counts[i])), ' ', t(`rates.${s}`)))),
    h('div', { class: 'chart short' }, funnel)));
  const byInst = groupRows(data, 'institution'), bySex = groupRows(sexData, 'sex');
  const instCanvas = h('canvas', { role: 'img', 'aria-label': t('rates.byInstitution') });
  const sexCanvas = h('canvas', { role: 'img', 'aria-label': t('rates.bySex') });
  ctx.main.append(h('div', { class: 'two' },
    h('section', { class: 'panel' }, h('h2', null, t('rates.byInstitution')), byInst.length ? h('div', { class: 'chart' }, instCanvas) : notice(t('common.none'))),
    h('section', { class: 'panel' }, h('h2', null, t('rates.bySex')), bySex.length ? h('div', { class: 'chart' }, sexCanvas) : notice(t('common.none')))));
  const daily = data.daily ?? [];
  const reminders = data.reminders ?? [];
  const curve = h('canvas', { role: 'img', 'aria-label': t('rates.cumulative') });
  ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('rates.cumulative')), daily.length ? h('div', { class: 'chart' }, curve) : notice(t('common.none')),
    reminders.length ? h('p', { class: 'hint' }, reminders.map((r, i: number) => `${t('rates.reminderN', { n: r.round ?? i + 1 })}: ${fmtDate(r.date)} (${r.count})`).join(' · ')) : null));
  const msg = h('div', { 'aria-live': 'polite', class: 'msgs' });
  const nonResp = list<NonRespondent>(data.nonRespondents, 'items');
  const manage = canManage(ctx.programme);
  ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('rates.nonRespondents')), msg,
    nonResp.length ? table([t('rates.stakeholder'), t('rates.institution'), t('common.status'), t('rates.lastContact'), ...(manage ? [t('common.actions')] : [])],
      nonResp.map((r) => [locField(r.stakeholder, 'name') || '–', (lang() === 'ar' ? r.stakeholder.institutionNameAr : r.stakeholder.institutionNameEn) || r.stakeholder.institution, statusLabel(r.status), fmtDate(r.lastContact?.at),
        ...(manage ? [actions(pid, r, msg)] : [])])) : notice(t('common.none'))));

  const c = await loadCharts();
  if (ctx.stale()) return;
  c.groupedBars(funnel, STAGES.map((s) => t(`rates.${s}`)), [{ label: '', values: counts, color: '#2563eb' }], { horizontal: true, integer: true });
  if (byInst.length) c.groupedBars(instCanvas, byInst.map((g) => g.label), [{ label: t('rates.completed'), values: byInst.map((g) => pct(g.rate)), color: '#1d4ed8' }], { max: 100, percent: true });
  if (bySex.length) c.groupedBars(sexCanvas, bySex.map((g) => g.label), [{ label: t('rates.completed'), values: bySex.map((g) => pct(g.rate)), color: '#0f766e' }], { max: 100, percent: true });
  if (daily.length) {
    const { days, values } = everyDay(daily, reminders);
    const at = reminders.map((r) => days.indexOf(String(r.date).slice(0, 10)));
    c.cumulative(curve, days.map((d: string) => fmtDate(d)), values,
      { at, label: at.map((_: number, i: number) => t('rates.reminderN', { n: i + 1 })) }, t('rates.completed'));
  }
}

/** One point per calendar day (UTC) from the first completion or reminder to the last: a time-true x axis. */
function everyDay(daily: Rates['daily'], reminders: Rates['reminders']): { days: string[]; values: number[] } {
  const dates = [...daily.map((d) => String(d.date).slice(0, 10)), ...reminders.map((r) => String(r.date).slice(0, 10))].sort();
  const byDay = new Map(daily.map((d) => [String(d.date).slice(0, 10), num(d.cumulative)]));
  const days: string[] = [], values: number[] = [];
  let cur = 0;
  for (let d = Date.parse(dates[0]); d <= Date.parse(dates[dates.length - 1]) && days.length < 2000; d += 86400000) {
    const key = new Date(d).toISOString().slice(0, 10);
    cur = byDay.get(key) ?? cur;
    days.push(key); values.push(cur);
  }
  return { days, values };
}

function statusLabel(s: string): string {
  const k = `rates.${s}` as MessageKey;
  return t(k) === k ? s : t(k);
}

function actions(pid: string, r: NonRespondent, msg: HTMLElement): HTMLElement {
  const say = (text: string, kind: 'ok' | 'error' = 'ok') => { clear(msg); msg.append(notice(text, kind)); };
  const fail = (e: unknown) => say((e as Error).message, 'error');
  const one = `/api/programmes/${pid}/invitations/${r.invitationId}`;
  const name = locField(r.stakeholder, 'name');
  return h('div', { class: 'actions' },
    h('button', { type: 'button', 'data-action': 'follow-up', onclick: () => void import('./invitation-timeline').then((m) => m.timelineDialog(pid, r.invitationId, name, async () => undefined)) }, t('rates.logFollowUp')),
    h('button', { type: 'button', 'data-action': 'remind', onclick: async () => {
      try { await post(`${one}/remind`, {}); say(t('inv.reminderQueued', { name })); } catch (e) { fail(e); }
    } }, t('rates.sendReminder')),
    h('button', { type: 'button', 'data-action': 'copy-link', onclick: async () => {
      try {
        const res = await post<{ link: string }>(`${one}/link`, {});
        let copied = false;
        try { await navigator.clipboard.writeText(res.link); copied = true; } catch { /* clipboard refused: the link is shown */ }
        clear(msg);
        msg.append(h('p', { class: 'notice ok', role: 'status' }, copied ? t('rates.linkCopied', { url: '' }) : t('rates.linkShown', { url: '' }),
          h('code', { class: 'link', dir: 'ltr' }, res.link)));
      } catch (e) { fail(e); }
    } }, t('rates.copyLink')));
}
