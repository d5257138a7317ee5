// Officer app pages reachable without a session: choose a password (invitation link), reset it (mailed link), ask for a reset link.
import { t, type MessageKey } from '../i18n';
import { api } from './api';
import { clear, field, h, notice } from './dom';

export const PASSWORD_PAGES = ['set-password', 'reset-password', 'forgot-password'];
const MIN_LENGTH = 12; // the server's rule (server/auth/passwords.ts): at least 12 characters, it also refuses weak ones

/** Renders one of PASSWORD_PAGES into `main` (the caller built the shell) and marks it ready. */
export function passwordPage(main: HTMLElement, page: string, query: URLSearchParams): void {
  if (page === 'forgot-password') forgotPage(main);
  else if (page === 'reset-password') choosePage(main, query.get('token') ?? '', '/api/auth/password-reset/complete', 'password.resetTitle', 'password.resetDone');
  else choosePage(main, query.get('token') ?? '', '/api/auth/set-password', 'password.setTitle', 'password.setDone');
  const h1 = main.querySelector('h1');
  if (h1) document.title = `${h1.textContent} · ${t('app.name')}`;
  main.dataset.ready = '1';
}

const loginLink = (key: MessageKey) => h('p', null, h('a', { href: '#/login', class: 'to-login' }, t(key)));

function choosePage(main: HTMLElement, token: string, url: string, title: MessageKey, done: MessageKey): void {
  const card = h('div', { class: 'card login' }, h('h1', null, t(title)));
  main.append(card);
  if (!token) { card.append(notice(t('password.noToken'), 'error'), loginLink('password.backToLogin')); return; }
  const pw = h('input', { type: 'password', name: 'new-password', autocomplete: 'new-password', required: true, minlength: MIN_LENGTH, id: 'pw-new' });
  const confirm = h('input', { type: 'password', name: 'confirm-password', autocomplete: 'new-password', required: true, id: 'pw-confirm' });
  const msg = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('password.submit'));
  const form = h('form', { novalidate: true, onsubmit: async (e: Event) => {
    e.preventDefault(); clear(msg);
    if (pw.value.length < MIN_LENGTH) { msg.append(notice(t('password.tooShort'), 'error')); pw.focus(); return; }
    if (pw.value !== confirm.value) { msg.append(notice(t('password.mismatch'), 'error')); confirm.focus(); return; }
    submit.disabled = true;
    try {
      await api('POST', url, { token, password: pw.value });
      form.remove();
      card.append(notice(t(done), 'ok'), loginLink('password.toLogin'));
      card.querySelector<HTMLElement>('a.to-login')?.focus();
    } catch (err) {
      msg.append(notice((err as Error).message, 'error'));
      submit.disabled = false;
    }
  } },
  field(t('password.new'), pw, t('password.hint')), field(t('password.confirm'), confirm), msg, submit);
  card.append(form);
  pw.focus();
}

function forgotPage(main: HTMLElement): void {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'forgot-email' });
  const msg = h('div', { 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', class: 'primary' }, t('password.send'));
  const form = h('form', { onsubmit: async (e: Event) => {
    e.preventDefault(); clear(msg);
    submit.disabled = true;
    try {
      await api('POST', '/api/auth/password-reset', { email: email.value });
      msg.append(notice(t('password.sent'), 'ok'));
    } catch (err) {
      msg.append(notice((err as Error).message, 'error'));
    } finally { submit.disabled = false; }
  } },
  h('p', null, t('password.forgotIntro')), field(t('login.email'), email), msg, submit);
  main.append(h('div', { class: 'card login' }, h('h1', null, t('password.forgotTitle')), form, loginLink('password.backToLogin')));
  email.focus();
}
