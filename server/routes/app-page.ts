// The officer app's HTML entry page (client-side hash routing inside it) and the site root redirect.
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { sendEntryPage } from '../http/static';

const page = { tag: 'pages', access: 'public', produces: 'text/html' } as const;

export function registerAppPageRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ ...page, method: 'get', path: '/', summary: 'Site root: redirects to the officer app' },
    ({ res }) => { res.redirect(302, '/app'); return Promise.resolve(undefined); });
  api.route({ ...page, method: 'get', path: '/app', summary: 'The officer app (HTML page)' },
    ({ res }) => { sendEntryPage(res, 'app.html'); return Promise.resolve(undefined); });
  api.route({ ...page, method: 'get', path: '/app/*splat', summary: 'The officer app under any sub-path (HTML page)' },
    ({ res }) => { sendEntryPage(res, 'app.html'); return Promise.resolve(undefined); });
}
