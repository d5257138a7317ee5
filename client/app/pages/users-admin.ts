// Users (system administrators): every account with its state, disable/enable, the administrator flag, a password-reset
// mail, and a new account (it gets a set-password mail).
import { t } from '../../i18n';
import { get, list, patch, post } from '../api';
import { fmtDate, h, table } from '../dom';
import { go, state, type PageCtx } from '../state';
import { input, ok, showError } from '../own-ui';

interface User { id: string; email: string; name: string; isAdmin: boolean; disabled: boolean; createdAt: string; hasPassword: boolean }

export async function usersAdminPage(ctx: PageCtx): Promise<void> {
  ctx.main.append(h('h1', null, t('users.title')));
  const users = list<User>(await get('/api/users'));
  if (ctx.stale()) return;
  const msg = h('div', { 'aria-live': 'polite', id: 'users-msg' });
  const reload = () => go(`#/users?r=${Date.now()}`);
  const act = (label: string, id: string, fn: () => Promise<void>, cls = 'small') => h('button', { type: 'button', class: cls, 'data-action': id, onclick: async () => {
    try { await fn(); } catch (err) { showError(msg, err, {}); }
  } }, label);
  ctx.main.append(msg, table([t('users.name'), t('common.email'), t('users.admin'), t('common.status'), t('own.created'), t('common.actions')], users.map((u) => {
    const self = u.id === state.user?.id;
    const admin = h('input', { type: 'checkbox', checked: u.isAdmin, disabled: self, 'aria-label': `${t('users.admin')}: ${u.email}`, onchange: async (e: Event) => {
      try { await patch(`/api/users/${u.id}`, { isAdmin: (e.target as HTMLInputElement).checked }); ok(msg, 'own.saved'); } catch (err) { showError(msg, err, {}); }
    } });
    return [u.name, h('span', { dir: 'ltr' }, u.email), admin,
      u.disabled ? t('own.disabled') : u.hasPassword ? t('own.active') : t('own.invited'), fmtDate(u.createdAt),
      h('div', { class: 'actions', 'data-user': u.email },
        self ? null : act(u.disabled ? t('own.enable') : t('own.disable'), u.disabled ? 'enable' : 'disable', async () => { await patch(`/api/users/${u.id}`, { disabled: !u.disabled }); reload(); }),
        u.disabled ? null : act(t('own.sendReset'), 'reset', async () => { await post(`/api/users/${u.id}/password-reset`); ok(msg, 'own.resetSent', { email: u.email }); }))];
  })));
  const f = { email: input({ type: 'email', required: true, id: 'user-email', name: 'email', dir: 'ltr' }), name: input({ required: true, id: 'user-name', name: 'name' }),
    isAdmin: input({ type: 'checkbox', id: 'user-admin' }) };
  const fmsg = h('div', { 'aria-live': 'polite' });
  const form: HTMLFormElement = h('form', { class: 'panel grid-form', id: 'user-add', novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault();
    try { await post('/api/users', { email: f.email.value.trim(), name: f.name.value, isAdmin: f.isAdmin.checked }); reload(); } catch (err) { showError(fmsg, err, f, form); }
  } }, h('h2', null, t('users.add')), h('p', { class: 'hint' }, t('own.userAddHint')),
  h('div', { class: 'field' }, h('label', { for: 'user-email' }, t('common.email')), f.email),
  h('div', { class: 'field' }, h('label', { for: 'user-name' }, t('users.name')), f.name),
  h('label', { class: 'check' }, f.isAdmin, ` ${t('users.admin')}`), fmsg, h('button', { type: 'submit', class: 'primary' }, t('common.create')));
  ctx.main.append(form);
}
