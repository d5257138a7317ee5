// The officer app's HTML entry page (client-side hash routing inside it) and the site root redirect.
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { sendEntryPage } from '../http/static';

export function registerAppPageRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.add({ method: 'get', path: '/', summary: 'Site root: redirects to the officer app', tag: 'pages', access: 'public', produces: 'text/html' },
    (_req, res) => { res.redirect(302, '/app'); });
  api.add({ method: 'get', path: '/app', summary: 'The officer app (HTML page)', tag: 'pages', access: 'public', produces: 'text/html' },
    (_req, res) => { sendEntryPage(res, 'app.html'); });
  api.add({ method: 'get', path: '/app/*splat', summary: 'The officer app under any sub-path (HTML page)', tag: 'pages', access: 'public', produces: 'text/html' },
    (_req, res) => { sendEntryPage(res, 'app.html'); });
}
