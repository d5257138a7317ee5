// The invitations of one wave: who is invited with status, last mail and reminders; per row: send reminder (the
// reminder template, same link), timeline, show link, "this link leaked"; and the invite form with the explicit
// choice between mailing the links and creating links only.
import { t } from '../../i18n';
import { get, post } from '../api';
import { clear, fmtDate, h, locField, notice, table } from '../dom';
import type { InvitationListItem, InviteResult } from '../../../contracts/invitations';
import { confirmDialog, errText, label, plural, say } from './officer-ui';
import { timelineDialog } from './invitation-timeline';
import type { Wave } from './waves';

interface Stakeholder { id: string; nameEn: string; nameAr: string; institution: string; email?: string | null; archivedAt: string | null }

export async function invitationsPanel(pid: string, w: Wave, box: HTMLElement): Promise<void> {
  const sec = h('section', { class: 'panel', id: 'invitations' });
  box.append(sec);
  const msg = h('div', { 'aria-live': 'polite', id: 'invite-msg' });
  const links = h('div', { id: 'invite-links' });
  const render = async () => {
    const [invs, st] = await Promise.all([get<InvitationListItem[]>(`/api/programmes/${pid}/waves/${w.id}/invitations`),
      get<{ items: Stakeholder[] }>(`/api/programmes/${pid}/stakeholders?limit=1000`)]);
    clear(sec);
    const invited = new Set(invs.map((i) => i.stakeholder.id));
    const one = (i: InvitationListItem) => `/api/programmes/${pid}/invitations/${i.invitationId}`;
    const rowActions = (i: InvitationListItem) => {
      const name = locField(i.stakeholder, 'name');
      const reachable = !['completed', 'declined', 'bounced', 'wrong_contact'].includes(i.status);
      return h('div', { class: 'actions' },
        h('button', { type: 'button', 'data-action': 'remind-one', disabled: !w.isOpen || !reachable || !i.hasEmail, onclick: async () => {
          try { await post(`${one(i)}/remind`, {}); say(msg, t('inv.reminderQueued', { name })); await render(); } catch (e) { say(msg, errText(e), 'error'); }
        } }, t('inv.remind')),
        h('button', { type: 'button', 'data-action': 'timeline', onclick: () => void timelineDialog(pid, i.invitationId, name, render) }, t('inv.timeline')),
        h('button', { type: 'button', 'data-action': 'show-link', onclick: async () => {
          try {
            const r = await post<{ link: string }>(`${one(i)}/link`, {});
            clear(links);
            links.append(h('p', { class: 'notice ok', role: 'status' }, t('inv.link', { name }), ' ', h('code', { class: 'link', dir: 'ltr' }, r.link)));
            await navigator.clipboard?.writeText(r.link).catch(() => undefined);
          } catch (e) { say(msg, errText(e), 'error'); }
        } }, t('inv.showLink')),
        h('button', { type: 'button', 'data-action': 'leaked', disabled: !w.isOpen || i.status === 'completed', onclick: async () => {
          if (!(await confirmDialog(t('inv.leaked'), t('inv.leakedConfirm', { name }), t('common.confirm')))) return;
          try { await post(`${one(i)}/reissue`, { send: i.hasEmail, confirm: 'leaked' }); say(msg, t('inv.replaced', { name })); await render(); } catch (e) { say(msg, errText(e), 'error'); }
        } }, t('inv.leaked')));
    };
    const boxes = st.items.filter((s) => !invited.has(s.id) && !s.archivedAt).map((s) => h('label', { class: 'check' },
      h('input', { type: 'checkbox', value: s.id, 'data-name': s.nameEn }), ` ${locField(s, 'name')} (${s.institution})${s.email ? '' : ' ✉︎✕'}`));
    const mode = (value: 'mail' | 'links_only', text: string) => h('label', { class: 'check' }, h('input', { type: 'radio', name: 'invite-mode', value, required: true }), ` ${text}`);
    const form = h('form', { class: 'invite-form', onsubmit: async (e: Event) => {
      e.preventDefault();
      const ids = boxes.map((b) => b.querySelector('input')!).filter((x) => x.checked).map((x) => x.value);
      const chosen = form.querySelector<HTMLInputElement>('input[name=invite-mode]:checked')?.value;
      if (!ids.length || !chosen) return;
      try {
        const r = await post<InviteResult>(`/api/programmes/${pid}/waves/${w.id}/invitations`, { stakeholderIds: ids, mode: chosen });
        const parts = [r.mode === 'mail' ? t('inv.resultMail', { who: plural('people', r.mailed) }) : t('inv.resultLinks', { who: plural('people', r.invitations.length) })];
        if (r.noEmail) parts.push(t('inv.noEmail', { who: plural('people', r.noEmail) }));
        if (r.alreadyInvited.length) parts.push(t('inv.already', { who: plural('people', r.alreadyInvited.length) }));
        await render();
        say(msg, parts.join(' '));
        const name = new Map(st.items.map((s) => [s.id, locField(s, 'name')]));
        const shown = r.invitations.filter((i) => r.mode === 'links_only' || i.mail?.status === 'no_email');
        clear(links);
        if (shown.length) links.append(h('h3', null, t('waves.links')), table([t('rates.stakeholder'), t('waves.link')],
          shown.map((i) => [name.get(i.stakeholderId) ?? '', h('code', { class: 'link', dir: 'ltr' }, i.link)])));
      } catch (err) { say(msg, errText(err), 'error'); }
    } },
    h('fieldset', { class: 'checks' }, h('legend', null, t('waves.choose')), boxes.length ? boxes : notice(t('common.none'))),
    h('fieldset', { class: 'checks', id: 'invite-mode' }, h('legend', null, t('inv.mode')), mode('mail', t('inv.modeMail')), mode('links_only', t('inv.modeLinks'))),
    h('button', { type: 'submit', class: 'primary', id: 'invite-submit', disabled: !w.isOpen }, t('waves.inviteSelected')));
    sec.append(h('h2', { tabindex: '-1' }, `${t('waves.invitations')}: ${locField(w, 'name')}`), msg,
      invs.length ? table([t('rates.stakeholder'), t('rates.institution'), t('common.status'), t('inv.lastMail'), t('inv.reminders'), t('rates.lastContact'), t('common.actions')],
        invs.map((i) => [locField(i.stakeholder, 'name'), i.stakeholder.institution, h('span', { 'data-status': i.status }, label('inv.status', i.status)),
          label('ms', i.lastMailStatus), String(i.remindersSent), fmtDate(i.lastContact?.at, true), rowActions(i)])) : notice(t('common.none')),
      links, form);
  };
  await render();
  (sec.querySelector('h2') as HTMLElement | null)?.focus();
}

