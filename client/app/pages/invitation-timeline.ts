// One invitation's timeline in a dialog: invited, mailed, opened, started, reminders, follow-ups (type, date, outcome,
// note, who) and its mails; log a follow-up; mark declined, bounced or wrong contact.
import { t, type MessageKey } from '../../i18n';
import { get, post } from '../api';
import { clear, field, fmtDate, h, notice, table } from '../dom';
import { CHANNELS, FOLLOW_UP_OUTCOMES, type Timeline } from '../../../contracts/invitations';
import { confirmDialog, errText, label, say } from './officer-ui';

export async function timelineDialog(pid: string, invitationId: string, name: string, onChange: () => Promise<void>): Promise<void> {
  const url = `/api/programmes/${pid}/invitations/${invitationId}`;
  const dlg = h('dialog', { class: 'dialog wide', id: 'timeline-dialog', 'aria-labelledby': 'tl-title' });
  const body = h('div', { id: 'timeline-body' });
  const msg = h('div', { 'aria-live': 'polite', id: 'timeline-msg' });
  const render = async () => {
    const tl = await get<Timeline>(`${url}/events`);
    clear(body);
    body.append(
      h('p', null, `${t('common.status')}: `, h('strong', { 'data-status': tl.status }, label('inv.status', tl.status))),
      table([t('tl.date'), t('common.status'), t('tl.outcome'), t('rates.followUpNote'), t('tl.who')], tl.events.map((e) => [
        fmtDate(e.occurredAt, true),
        h('span', { 'data-kind': e.kind }, [label('tl.ev', e.kind), e.channel ? ` (${label('channel', e.channel)})` : '', e.reminderRound ? ` ${e.reminderRound}` : ''].join('')),
        label('fu', e.outcome), e.note ?? '', e.actorName ?? '–'])),
      tl.mails.length ? table([t('tl.date'), t('waves.kind'), t('common.status'), t('ob.error')], tl.mails.map((m) => [
        fmtDate(m.createdAt, true), label('mk', m.kind), h('span', { 'data-mail-status': m.status }, label('ms', m.status)), m.error ?? ''])) : '');
  };
  const channel = h('select', { id: 'fu-channel' }, CHANNELS.map((c) => h('option', { value: c }, t(`channel.${c}` as MessageKey))));
  const outcome = h('select', { id: 'fu-outcome' }, h('option', { value: '' }, '–'), FOLLOW_UP_OUTCOMES.map((o) => h('option', { value: o }, t(`fu.${o}` as MessageKey))));
  const note = h('textarea', { rows: 2, maxlength: 4000, id: 'fu-note' });
  const date = h('input', { type: 'date', id: 'fu-date', value: new Date().toISOString().slice(0, 10) });
  const mark = (action: 'decline' | 'bounce' | 'wrong-contact', text: string) => h('button', { type: 'button', 'data-action': `mark-${action}`, onclick: async () => {
    if (!(await confirmDialog(text, name, t('common.confirm'), 'mark-confirm'))) return;
    try {
      const r = await post<{ status: string }>(`${url}/${action}`, { note: note.value.trim() || undefined });
      await render(); await onChange();
      say(msg, t('tl.marked', { status: label('inv.status', r.status) }));
    } catch (e) { say(msg, errText(e), 'error'); }
  } }, text);
  dlg.append(h('h2', { id: 'tl-title' }, t('tl.title', { name })), body, msg,
    h('form', { class: 'grid-form', id: 'follow-up-form', onsubmit: async (e: Event) => {
      e.preventDefault();
      if (!note.value.trim()) { say(msg, t('rates.followUpNote'), 'error'); return; }
      try {
        const when = date.value === new Date().toISOString().slice(0, 10) ? undefined : new Date(`${date.value}T12:00:00Z`).toISOString();
        await post(`${url}/follow-ups`, { channel: channel.value, outcome: outcome.value || undefined, note: note.value.trim(), occurredAt: when });
        note.value = '';
        await render(); await onChange();
        say(msg, t('rates.followUpLogged'));
      } catch (err) { say(msg, errText(err), 'error'); }
    } }, h('h3', null, t('tl.followUp')), field(t('rates.channel'), channel), field(t('tl.outcome'), outcome), field(t('tl.date'), date),
    field(t('rates.followUpNote'), note), h('button', { type: 'submit', class: 'primary', 'data-action': 'log-follow-up' }, t('tl.followUp'))),
    h('div', { class: 'actions' }, mark('decline', t('tl.markDeclined')), mark('bounce', t('tl.markBounced')), mark('wrong-contact', t('tl.markWrong')),
      h('button', { type: 'button', 'data-action': 'close-timeline', onclick: () => dlg.close() }, t('common.close'))));
  dlg.addEventListener('close', () => dlg.remove());
  document.body.append(dlg);
  try { await render(); } catch (e) { body.append(notice(errText(e), 'error')); }
  dlg.showModal();
}
