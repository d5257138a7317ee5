// Outbox page: every message of the programme with status, reason and attempts, resend for failed / bounced / unsent
// ones, filter by status, and a preview of the invitation and reminder templates in both languages.
import { t } from '../../i18n';
import { get, post } from '../api';
import { clear, field, fmtDate, h, locField, notice, table } from '../dom';
import type { PageCtx } from '../state';
import { MAIL_STATUSES, type OutboxItem } from '../../../contracts/invitations';
import { errText, label, plural, say } from './officer-ui';

interface Outbox { total: number; counts: Record<string, number>; items: OutboxItem[] }
interface Preview { en: { subject: string; text: string }; ar: { subject: string; text: string } }

export async function outboxPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const status = ctx.query.get('status') ?? '';
  ctx.main.append(h('h1', null, t('ob.title')));
  const box = await get<Outbox>(`/api/programmes/${pid}/outbox?limit=200${status ? `&status=${encodeURIComponent(status)}` : ''}`);
  if (ctx.stale()) return;
  const msg = h('div', { 'aria-live': 'polite', id: 'outbox-msg' });
  const filter = h('select', { id: 'outbox-status', onchange: (e: Event) => {
    const v = (e.target as HTMLSelectElement).value;
    location.hash = `#/programmes/${pid}/outbox${v ? `?status=${v}` : ''}`;
  } }, h('option', { value: '' }, t('ob.all')), MAIL_STATUSES.map((s) => h('option', { value: s, selected: s === status }, label('ms', s))));
  const c = box.counts;
  const resend = (m: OutboxItem) => h('button', { type: 'button', 'data-action': 'resend', 'data-id': m.id, onclick: async () => {
    try { await post(`/api/programmes/${pid}/outbox/${m.id}/resend`, {}); say(msg, t('ob.resent')); location.hash = `#/programmes/${pid}/outbox?status=${status}&t=${Date.now()}`; }
    catch (e) { say(msg, errText(e), 'error'); }
  } }, t('ob.resend'));
  ctx.main.append(h('p', { class: 'big', id: 'outbox-counts' }, `${plural('mails', box.total)} — ${t('ob.counts', { sent: c.sent ?? 0, failed: (c.failed ?? 0) + (c.bounced ?? 0), queued: (c.queued ?? 0) + (c.sending ?? 0) + (c.outbox ?? 0) })}`),
    field(t('common.status'), filter), msg,
    box.items.length ? table([t('tl.date'), t('ob.to'), t('ob.subject'), t('common.status'), t('ob.error'), t('ob.attempts'), t('common.actions')],
      box.items.map((m) => [fmtDate(m.createdAt, true), h('span', null, m.stakeholder ? `${locField(m.stakeholder, 'name')} ` : '', h('span', { dir: 'ltr' }, `<${m.to}>`)),
        m.subject, h('span', { 'data-mail-status': m.status }, label('ms', m.status)), m.error ?? '', String(m.attempts),
        ['failed', 'bounced', 'outbox'].includes(m.status) ? resend(m) : ''])) : notice(t('common.none')));
  const prev = h('div', { id: 'template-preview' });
  const show = async (kind: 'invitation' | 'reminder') => {
    try {
      const p = await get<Preview>(`/api/programmes/${pid}/mail-templates/${kind}`);
      clear(prev);
      prev.append(h('div', { class: 'two' }, (['en', 'ar'] as const).map((l) => h('div', { lang: l, dir: l === 'ar' ? 'rtl' : 'ltr', class: 'mail-preview', 'data-lang': l },
        h('strong', null, p[l].subject), h('pre', null, p[l].text)))));
    } catch (e) { say(prev, errText(e), 'error'); }
  };
  ctx.main.append(h('section', { class: 'panel' }, h('h2', null, t('ob.preview')), h('div', { class: 'actions' },
    h('button', { type: 'button', 'data-action': 'preview-invitation', onclick: () => void show('invitation') }, t('ob.previewInvitation')),
    h('button', { type: 'button', 'data-action': 'preview-reminder', onclick: () => void show('reminder') }, t('ob.previewReminder'))), prev));
}
