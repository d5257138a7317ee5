// Page registry of the officer app: route segment → render function.
import type { PageCtx } from '../state';
import { overviewPage } from './overview';
import { indicatorPage } from './indicator';
import { ratesPage } from './rates';
import { explorerPage } from './explorer';
import { downloadsPage } from './downloads';
import { questionnairesPage } from './questionnaires';
import { auditPage } from './audit';

// issue 13: own programme pages, loaded on demand (the formula editor brings zod along)
const lazy = <M>(load: () => Promise<M>, pick: (m: M) => (ctx: PageCtx) => Promise<void>) => async (ctx: PageCtx) => pick(await load())(ctx);
const settingsPage = lazy(() => import('./programme-settings'), (m) => m.settingsPage);
const logframeEditorPage = lazy(() => import('./logframe-editor'), (m) => m.logframeEditorPage);
const indicatorsListPage = lazy(() => import('./logframe-editor'), (m) => m.indicatorsListPage);
const indicatorEditorPage = lazy(() => import('./indicator-editor'), (m) => m.indicatorEditorPage);
const membersPage = lazy(() => import('./members'), (m) => m.membersPage);
const usersAdminPage = lazy(() => import('./users-admin'), (m) => m.usersAdminPage);
// officers' daily pages (h14) and activities (#18), also on demand: they carry the contracts' constants
const wavesPage = lazy(() => import('./waves'), (m) => m.wavesPage);
const stakeholdersPage = lazy(() => import('./stakeholders'), (m) => m.stakeholdersPage);
const outboxPage = lazy(() => import('./outbox'), (m) => m.outboxPage);
const responsesPage = lazy(() => import('./responses'), (m) => m.responsesPage);
const activitiesPage = lazy(() => import('./activities'), (m) => m.activitiesPage);

export const PAGES: Record<string, ((ctx: PageCtx) => Promise<void>) | undefined> = {
  overview: overviewPage, indicator: indicatorPage, rates: ratesPage, explorer: explorerPage, downloads: downloadsPage,
  stakeholders: stakeholdersPage, waves: wavesPage, questionnaires: questionnairesPage, indicators: indicatorsListPage,
  audit: auditPage, users: usersAdminPage, outbox: outboxPage, responses: responsesPage,
  // issue 13: settings, logframe and indicator editors, members; the users page gains disable/enable, reset and admin flag
  settings: settingsPage, logframe: logframeEditorPage, 'indicator-edit': indicatorEditorPage, members: membersPage,
  activities: activitiesPage,
};
