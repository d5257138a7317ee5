// Waves page: the programme's waves with their actions (invitations, reminders to all with a confirmation, close with a
// confirmation, the anonymous open link), reminder schedules, and the form to create a wave.
import { t, type MessageKey } from '../../i18n';
import { get, list, post } from '../api';
import { clear, field, fmtDate, h, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';
import type { RemindResult, ReminderPreview, Schedule } from '../../../contracts/invitations';
import { confirmDialog, errText, label, plural, say } from './officer-ui';
import { invitationsPanel } from './invitations';

export interface Wave { id: string; kind: string; nameEn: string; nameAr: string; opensAt: string; closesAt: string; closedAt: string | null; isOpen: boolean; hasOpenLink: boolean }

/** "Reminder sent to 6 stakeholders; 2 skipped (declined)" from a round's result. */
export function remindSentence(r: RemindResult): string {
  const skippedN = r.skipped.reduce((a, s) => a + s.count, 0);
  const why = r.skipped.map((s) => `${label('rem.why', s.reason)}: ${s.count}`).join('، ');
  const args = { who: plural('people', r.sent), skipped: plural('people', skippedN), why: why ? ` (${why})` : '' };
  return r.sent ? t('rem.result', args) : t('rem.resultNone', args);
}

async function remindAll(pid: string, w: Wave, msg: HTMLElement): Promise<void> {
  try {
    const p = await get<ReminderPreview>(`/api/programmes/${pid}/waves/${w.id}/reminders/preview`);
    const body = h('div', { id: 'remind-preview' },
      h('p', { class: 'big', 'data-count': p.recipients }, t('rem.count', { who: plural('people', p.recipients) })),
      p.skipped.length ? h('div', null, h('p', null, t('rem.skipped')), h('ul', { class: 'skipped' }, p.skipped.map((s) =>
        h('li', { 'data-reason': s.reason }, `${label('rem.why', s.reason)}: ${plural('people', s.count)} — ${s.people.map((x) => locField(x, 'name')).join('، ')}`)))) : null,
      h('h3', null, t('rem.template')),
      h('div', { class: 'two' }, (['en', 'ar'] as const).map((l) => h('div', { lang: l, dir: l === 'ar' ? 'rtl' : 'ltr', class: 'mail-preview', 'data-lang': l },
        h('strong', null, p.template[l].subject), h('pre', null, p.template[l].text)))));
    if (!(await confirmDialog(t('rem.title', { round: p.round }), body, t('rem.send', { who: plural('people', p.recipients) }), 'remind-dialog'))) return;
    const r = await post<RemindResult>(`/api/programmes/${pid}/waves/${w.id}/reminders/send`, { round: p.round, onlyStarted: false });
    say(msg, remindSentence(r));
  } catch (e) { say(msg, errText(e), 'error'); }
}

async function openLinkPanel(pid: string, w: Wave, box: HTMLElement): Promise<void> {
  const stats = await get<{ hasOpenLink: boolean; responses: number; completed: number }>(`/api/programmes/${pid}/waves/${w.id}/open-link`);
  const out = h('div', { 'aria-live': 'polite', id: 'open-link-out' });
  box.append(h('section', { class: 'panel', id: 'open-link' }, h('h2', null, t('open.title')),
    h('p', null, t('open.count', { n: plural('responses', stats.responses) })),
    h('button', { type: 'button', 'data-action': 'open-link', disabled: !w.isOpen, onclick: async () => {
      if (stats.hasOpenLink && !(await confirmDialog(t('open.replace'), t('open.confirmReplace'), t('common.confirm')))) return;
      try {
        const r = await post<{ link: string }>(`/api/programmes/${pid}/waves/${w.id}/open-link`, {});
        stats.hasOpenLink = true;
        clear(out);
        out.append(h('p', { class: 'notice ok', role: 'status' }, t('open.made'), ' ', h('code', { class: 'link', dir: 'ltr' }, r.link)));
        await navigator.clipboard?.writeText(r.link).catch(() => undefined);
      } catch (e) { say(out, errText(e), 'error'); }
    } }, stats.hasOpenLink ? t('open.replace') : t('open.create')), out));
}

async function schedulesPanel(pid: string, w: Wave, box: HTMLElement): Promise<void> {
  const url = `/api/programmes/${pid}/waves/${w.id}/reminder-schedules`;
  const sec = h('section', { class: 'panel', id: 'schedules' });
  box.append(sec);
  const render = async () => {
    clear(sec);
    const items = await get<Schedule[]>(url);
    const msg = h('div', { 'aria-live': 'polite' });
    const act = (s: Schedule, action: 'pause' | 'resume' | 'cancel', text: string) => h('button', { type: 'button', 'data-action': `schedule-${action}`, onclick: async () => {
      if (action === 'cancel' && !(await confirmDialog(t('sch.delete'), `${t('sch.every')}: ${s.everyDays}`, t('sch.delete')))) return;
      try { await post(`${url}/${s.id}/${action}`, {}); await render(); } catch (e) { say(msg, errText(e), 'error'); }
    } }, text);
    const every = h('input', { type: 'number', min: 1, max: 365, value: 7, id: 'sch-every' });
    const max = h('input', { type: 'number', min: 1, max: 50, value: 3, id: 'sch-max' });
    sec.append(h('h2', null, t('sch.title')), msg,
      items.length ? table([t('sch.every'), t('sch.max'), t('sch.sent'), t('sch.next'), t('common.actions')], items.map((s) => [
        String(s.everyDays), String(s.maxRounds), String(s.roundsSent), s.pausedAt ? t('sch.paused') : fmtDate(s.nextRunAt, true),
        h('div', { class: 'actions' }, s.pausedAt ? act(s, 'resume', t('sch.resume')) : act(s, 'pause', t('sch.pause')), act(s, 'cancel', t('sch.delete')))])) : notice(t('common.none')),
      h('form', { class: 'grid-form', onsubmit: async (e: Event) => {
        e.preventDefault();
        try { await post(url, { everyDays: Number(every.value), maxRounds: Number(max.value) }); await render(); } catch (err) { say(msg, errText(err), 'error'); }
      } }, field(t('sch.every'), every), field(t('sch.max'), max), h('button', { type: 'submit', disabled: !w.isOpen }, t('sch.add'))));
  };
  await render();
}

export async function wavesPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  ctx.main.append(h('h1', null, t('waves.title')));
  const [waves, qs] = await Promise.all([get<Wave[]>(`/api/programmes/${pid}/waves`), get(`/api/programmes/${pid}/questionnaires`)]);
  if (ctx.stale()) return;
  const msg = h('div', { 'aria-live': 'polite', id: 'waves-msg' });
  const detail = h('div', { id: 'wave-detail' });
  const openWave = async (w: Wave) => {
    clear(detail);
    await invitationsPanel(pid, w, detail);
    await schedulesPanel(pid, w, detail);
    await openLinkPanel(pid, w, detail);
  };
  ctx.main.append(msg, table([t('common.name'), t('waves.kind'), t('waves.opens'), t('waves.closes'), t('common.status'), t('common.actions')],
    list<Wave>(waves).map((w) => [locField(w, 'name'), t(`kind.${w.kind}` as MessageKey), fmtDate(w.opensAt), fmtDate(w.closesAt), w.isOpen ? t('waves.open') : t('waves.closed'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-wave': w.id, 'data-action': 'invite', onclick: () => void openWave(w) }, t('waves.invitations')),
        h('button', { type: 'button', 'data-action': 'remind', disabled: !w.isOpen, onclick: () => void remindAll(pid, w, msg) }, t('waves.remindAll')),
        h('button', { type: 'button', 'data-action': 'close', disabled: !w.isOpen, onclick: async () => {
          if (!(await confirmDialog(t('waves.closeWave'), t('waves.closeConfirm', { name: locField(w, 'name') }), t('waves.closeWave')))) return;
          try { await post(`/api/programmes/${pid}/waves/${w.id}/close`, {}); say(msg, t('waves.closedOk')); location.hash = `#/programmes/${pid}/waves?t=${Date.now()}`; } catch (e) { say(msg, errText(e), 'error'); }
        } }, t('waves.closeWave')))])), detail);

  const versions: Array<{ id: string; label: string }> = [];
  for (const q of list<{ id: string; titleEn: string; titleAr: string }>(qs)) {
    const full = await get<{ versions?: Array<{ id: string; version: number }> }>(`/api/programmes/${pid}/questionnaires/${q.id}`).catch(() => null);
    for (const v of full?.versions ?? []) versions.push({ id: v.id, label: `${locField(q, 'title')} v${v.version}` });
  }
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const f = {
    kind: h('select', { name: 'kind' }, (['baseline', 'midline', 'endline', 'monitoring'] as const).map((k) => h('option', { value: k }, t(`kind.${k}`)))),
    nameEn: h('input', { name: 'nameEn', required: true }), nameAr: h('input', { name: 'nameAr', dir: 'rtl', lang: 'ar' }),
    opensAt: h('input', { type: 'date', name: 'opensAt', required: true, value: iso(new Date(Date.now() - 86400000)) }),
    closesAt: h('input', { type: 'date', name: 'closesAt', required: true, value: iso(new Date(Date.now() + 60 * 86400000)) }),
    version: h('select', { name: 'questionnaireVersionId', required: true }, versions.reverse().map((v) => h('option', { value: v.id }, v.label))),
  };
  ctx.main.append(h('form', { class: 'panel grid-form', id: 'wave-create', onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      const w = await post<Wave>(`/api/programmes/${pid}/waves`, { kind: f.kind.value, nameEn: f.nameEn.value, nameAr: f.nameAr.value,
        opensAt: new Date(f.opensAt.value).toISOString(), closesAt: new Date(f.closesAt.value).toISOString(), questionnaireVersionId: f.version.value });
      location.hash = `#/programmes/${pid}/waves?created=${w.id}`;
    } catch (err) { say(msg, errText(err), 'error'); }
  } }, h('h2', null, t('waves.create')), field(t('waves.kind'), f.kind), field(t('waves.nameEn'), f.nameEn), field(t('waves.nameAr'), f.nameAr),
  field(t('waves.opens'), f.opensAt), field(t('waves.closes'), f.closesAt), field(t('waves.version'), f.version),
  h('button', { type: 'submit', class: 'primary' }, t('common.create'))));
  const created = ctx.query.get('created') ?? ctx.query.get('wave');
  if (ctx.query.get('created')) say(msg, t('waves.created'));
  const w = waves.find((x) => x.id === created);
  if (w) await openWave(w);
}
