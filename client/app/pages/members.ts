// Members of a programme (programme administrators): add a person by email (an unknown address gets an account and a
// set-password mail), change the role (viewer / officer / administrator), remove.
import { t, type MessageKey } from '../../i18n';
import { del, get, list, post, put } from '../api';
import { h, table } from '../dom';
import { go, pHref, state, type PageCtx } from '../state';
import { input, ok, select, showError } from '../own-ui';

interface Member { userId: string; email: string; name: string; role: 'viewer' | 'officer' | 'administrator'; disabled: boolean; created?: boolean }
const roles = () => (['viewer', 'officer', 'administrator'] as const).map((r) => [r, t(`role.${r}` as MessageKey)] as [string, string]);

export async function membersPage(ctx: PageCtx): Promise<void> {
  const pid = ctx.programme.id;
  const members = list<Member>(await get(`/api/programmes/${pid}/members`));
  if (ctx.stale()) return;
  ctx.main.append(h('h1', null, t('own.membersTitle')));
  const msg = h('div', { 'aria-live': 'polite', id: 'members-msg' });
  if (ctx.query.get('added')) ok(msg, ctx.query.get('created') === '1' ? 'own.memberCreated' : 'own.memberAdded', { email: ctx.query.get('added')! });
  ctx.main.append(msg, table([t('common.name'), t('common.email'), t('users.role'), t('common.status'), t('common.actions')], members.map((m) => {
    const role = select(roles(), m.role, { 'aria-label': `${t('users.role')}: ${m.email}`, 'data-member': m.email });
    role.addEventListener('change', () => void (async () => {
      try { await put(`/api/programmes/${pid}/members/${m.userId}`, { role: role.value }); ok(msg, 'own.saved'); } catch (err) { showError(msg, err, {}); }
    })());
    return [m.name, h('span', { dir: 'ltr' }, m.email), role, m.disabled ? t('own.disabled') : t('own.active'),
      m.userId === state.user?.id ? '' : h('button', { type: 'button', class: 'small danger', onclick: async () => {
        if (!confirm(t('own.removeMemberConfirm', { email: m.email }))) return;
        try { await del(`/api/programmes/${pid}/members/${m.userId}`); go(`${pHref(pid, 'members')}?r=${Date.now()}`); } catch (err) { showError(msg, err, {}); }
      } }, t('own.remove'))];
  }), t('own.membersTitle')));
  const f = { email: input({ type: 'email', id: 'member-email', name: 'email', required: true, dir: 'ltr' }), name: input({ id: 'member-name', name: 'name' }),
    role: select(roles(), 'viewer', { id: 'member-role', name: 'role' }) };
  const fmsg = h('div', { 'aria-live': 'polite' });
  const form: HTMLFormElement = h('form', { class: 'panel grid-form', id: 'member-add', novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    try {
      const m = await post<Member>(`/api/programmes/${pid}/members`, { email: f.email.value.trim(), ...(f.name.value.trim() ? { name: f.name.value.trim() } : {}), role: f.role.value });
      go(`${pHref(pid, 'members')}?added=${encodeURIComponent(m.email)}&created=${m.created ? 1 : 0}`);
    } catch (err) { showError(fmsg, err, f, form); }
  } }, h('h2', null, t('own.addMember')), h('p', { class: 'hint' }, t('own.addMemberHint')),
  h('div', { class: 'field' }, h('label', { for: 'member-email' }, t('common.email')), f.email),
  h('div', { class: 'field' }, h('label', { for: 'member-name' }, t('own.nameOptional')), f.name),
  h('div', { class: 'field' }, h('label', { for: 'member-role' }, t('users.role')), f.role), fmsg,
  h('button', { type: 'submit', class: 'primary', id: 'member-submit' }, t('own.addMemberButton')));
  ctx.main.append(form);
}
