// Officer app entry: session bootstrap, the page shell (header, navigation, user menu) and client-side hash routing.
import './styles.css';
import { lang, setLang, storedLang, t, type Lang } from '../i18n';
import { ApiError, client, setCsrf } from './api';
import { clear, h, locField, notice } from './dom';
import { canOpen, go, HIDDEN_PAGES, pHref, PROGRAMME_PAGES, state, type PageCtx, type Programme } from './state';
import { PAGES } from './pages/index';
import { passwordPage, PASSWORD_PAGES } from './password';
import { newProgrammePage, programmesExtras } from './pages/first-run';

const root = document.getElementById('app')!;
let navSeq = 0;
/** a failure while asking who is logged in (other than 401), shown instead of the login page */
let bootError: unknown = null;

async function boot(): Promise<void> {
  setLang(storedLang() ?? (navigator.language?.startsWith('ar') ? 'ar' : 'en'));
  try {
    const me = await client.me();
    state.user = me.user; setCsrf(me.csrfToken);
    if (!storedLang()) setLang(me.user.preferredLanguage);
  } catch (e) {
    // 401: not logged in (the login page follows); anything else is a fault the page shows
    state.user = null;
    if (!(e instanceof ApiError && e.status === 401)) bootError = e;
  }
  // after a navigation, focus moves to the new page (keyboard and screen-reader users start at its content)
  window.addEventListener('hashchange', () => void route().then(() => {
    const main = root.querySelector<HTMLElement>('main');
    if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  }));
  await route();
}

function header(current: string): HTMLElement {
  const p = state.programme;
  const langSel = h('select', { id: 'lang-select', 'aria-label': t('user.language'), onchange: (e: Event) => {
    setLang((e.target as HTMLSelectElement).value as Lang); void route();
  } }, (['en', 'ar'] as const).map((l) => h('option', { value: l, lang: l, selected: l === lang() }, t(`lang.${l}`))));
  const userMenu = state.user ? h('div', { class: 'user-menu', role: 'group', 'aria-label': t('user.menu') },
    h('span', { class: 'user-name' }, state.user.name || state.user.email),
    h('label', { for: 'lang-select', class: 'sr-only' }, t('user.language')), langSel,
    h('button', { type: 'button', id: 'logout', onclick: () => void logout() }, t('user.logout'))) : h('div', { class: 'user-menu' }, langSel);
  const nav = state.user ? h('nav', { 'aria-label': t('nav.main'), class: 'main-nav' }, h('ul', null,
    h('li', null, h('a', { href: '#/', 'aria-current': current === 'home' ? 'page' : null }, t('nav.programmes'))),
    p ? PROGRAMME_PAGES.filter((x) => canOpen(p, x)).map((x) =>
      h('li', { class: x.manage ? 'manage' : null }, h('a', { href: pHref(p.id, x.page), 'data-page': x.page, 'aria-current': current === x.page ? 'page' : null }, t(x.label)))) : null,
    state.user.isAdmin ? h('li', { class: 'manage' }, h('a', { href: '#/users', 'aria-current': current === 'users' ? 'page' : null }, t('nav.users'))) : null)) : null;
  return h('header', { class: 'shell' },
    h('a', { class: 'skip', href: '#main' }, t('app.skip')),
    h('div', { class: 'brand' }, h('span', { class: 'logo', 'aria-hidden': 'true' }, '◉'), h('strong', null, t('app.name')),
      p ? h('span', { class: 'prog' }, `${p.code} · ${locField(p, 'name')}`) : h('span', { class: 'prog' }, t('app.tagline'))),
    userMenu, nav);
}

function shell(current: string, page = current): HTMLElement {
  clear(root);
  const main = h('main', { id: 'main', tabindex: '-1', 'data-page': page });
  root.append(header(current), main);
  document.title = t('app.name');
  return main;
}

async function logout(): Promise<void> {
  await client.logout().catch(() => undefined); // logging out of an ended session is still logging out
  state.user = null; state.programme = null; state.programmes = [];
  go('#/login');
}

function loginPage(): void {
  state.programme = null;
  const main = shell('login');
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true, id: 'login-email' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true, id: 'login-password' });
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'card login', onsubmit: async (e: Event) => {
    e.preventDefault(); clear(msg);
    try {
      const r = await client.login(email.value, password.value);
      state.user = r.user; setCsrf(r.csrfToken);
      if (!storedLang()) setLang(r.user.preferredLanguage);
      go('#/');
    } catch (err) { msg.append(notice((err as Error).message, 'error')); }
  } },
  h('h1', null, t('login.title')),
  h('div', { class: 'field' }, h('label', { for: 'login-email' }, t('login.email')), email),
  h('div', { class: 'field' }, h('label', { for: 'login-password' }, t('login.password')), password),
  msg, h('button', { type: 'submit', class: 'primary' }, t('login.submit')));
  main.append(form);
  form.append(h('p', null, h('a', { href: '#/forgot-password', id: 'forgot-link' }, t('login.forgot'))));
  main.dataset.ready = '1';
  email.focus();
}

async function programmesPage(seq: number): Promise<void> {
  state.programme = null;
  const programmes = await client.programmes();
  if (seq !== navSeq) return;
  state.programmes = programmes;
  const main = shell('home');
  main.append(h('h1', null, t('programmes.title')));
  main.append(...programmesExtras(state.programmes)); // issue 13: first run, new programme, archived programmes
  if (state.programmes.length) main.append(h('ul', { class: 'cards' }, state.programmes.map((p) => h('li', { class: 'card' },
    h('h2', null, h('a', { href: pHref(p.id, 'overview') }, locField(p, 'name'))),
    h('p', null, `${p.code} · ${t('user.role', { role: t(`role.${p.role}`) })}`)))));
  main.dataset.ready = '1';
}

function errorPage(main: HTMLElement, err: unknown): void {
  const e = err as ApiError;
  if (e instanceof ApiError && e.status === 404) main.append(notice(t('common.notFound'), 'error'));
  else if (e instanceof ApiError && e.status === 403) main.append(notice(t('common.forbidden'), 'error'));
  else main.append(notice(t('common.error', { msg: (err as Error)?.message ?? String(err) }), 'error'));
  main.dataset.ready = '1';
}

async function route(): Promise<void> {
  const seq = ++navSeq;
  const [path, qs] = (location.hash.replace(/^#/, '') || '/').split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  // pages of the mailed set/reset links and the reset request: open with or without a session
  if (PASSWORD_PAGES.includes(parts[0])) { state.programme = null; passwordPage(shell(parts[0]), parts[0], new URLSearchParams(qs)); return; }
  if (bootError) { const e = bootError; bootError = null; errorPage(shell(''), e); return; }
  if (!state.user) { if (parts[0] !== 'login') { go('#/login'); return; } loginPage(); return; }
  try {
    if (parts[0] === 'login' || !parts.length) { await programmesPage(seq); return; }
    if (parts[0] === 'new-programme') { state.programme = null; const main = shell('home', 'new-programme'); await newProgrammePage(main); main.dataset.ready = '1'; return; }
    if (parts[0] === 'users') {
      state.programme = null;
      const main = shell('users');
      const ctx: PageCtx = {
        main, params: {}, query: new URLSearchParams(qs), stale: () => seq !== navSeq,
        get programme(): Programme { throw new Error('the users page belongs to no programme'); },
      };
      await PAGES.users!(ctx);
      main.dataset.ready = '1';
      return;
    }
    if (parts[0] !== 'programmes' || !parts[1]) { errorPage(shell(''), new ApiError(404, 'resource.not_found', '')); return; }
    const pid = parts[1];
    if (state.programme?.id !== pid) state.programme = await client.programme(pid);
    if (seq !== navSeq) return;
    const page = parts[2] ?? 'overview';
    const main = shell(page === 'indicator' ? 'overview' : page === 'indicator-edit' ? 'logframe' : page, page);
    const entry = PROGRAMME_PAGES.find((x) => x.page === page) ?? HIDDEN_PAGES.find((x) => x.page === page);
    const render = PAGES[page];
    if (!render) { errorPage(main, new ApiError(404, 'resource.not_found', '')); return; }
    if (!canOpen(state.programme, entry)) { errorPage(main, new ApiError(403, 'auth.forbidden', '')); return; }
    const ctx: PageCtx = { main, programme: state.programme!, params: { id: parts[3] ?? '' }, query: new URLSearchParams(qs), stale: () => seq !== navSeq };
    await render(ctx);
    if (seq === navSeq) { const h1 = main.querySelector('h1'); if (h1) document.title = `${h1.textContent} · ${t('app.name')}`; main.dataset.ready = '1'; }
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) { state.user = null; go('#/login'); return; }
    if (seq !== navSeq) return;
    const main = root.querySelector('main') ?? shell('');
    errorPage(main as HTMLElement, err);
    (main as HTMLElement).dataset.ready = '1';
  }
}

void boot();
