// Page registry of the officer app: route segment → render function.
import type { PageCtx } from '../state';
import { overviewPage } from './overview';
import { indicatorPage } from './indicator';
import { ratesPage } from './rates';
import { explorerPage } from './explorer';
import { downloadsPage } from './downloads';
import { stakeholdersPage, wavesPage } from './manage';
import { auditPage, indicatorsManagePage, questionnairesPage, usersPage } from './manage2';
import { activitiesPage } from './activities';

export const PAGES: Record<string, ((ctx: PageCtx) => Promise<void>) | undefined> = {
  overview: overviewPage, indicator: indicatorPage, rates: ratesPage, explorer: explorerPage, downloads: downloadsPage,
  stakeholders: stakeholdersPage, waves: wavesPage, questionnaires: questionnairesPage, indicators: indicatorsManagePage,
  audit: auditPage, users: usersPage,
  activities: activitiesPage,
};
