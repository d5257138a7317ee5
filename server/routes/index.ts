// Every route module, registered in one place (order matters only for identical paths).
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { registerSystemRoutes } from './system';
import { registerAuthRoutes } from './auth';
import { registerProgrammeRoutes } from './programmes';
import { registerExportRoutes } from './exports';
import { registerStakeholderRoutes } from './stakeholders';
import { registerInvitationRoutes } from './invitations';
import { registerResponseRateRoutes } from './response-rates';
import { registerOutboxRoutes } from './outbox';
import { registerUserRoutes } from './users';
import { registerAuditRoutes } from './audit';
import { registerResponseRevisionRoutes } from './response-revisions';
import { registerResponseAdminRoutes } from './responses';
import { registerAppPageRoutes } from './app-page';
import { registerQuestionnaireRoutes } from './questionnaires';
import { registerWaveRoutes } from './waves';
import { registerRespondentRoutes } from './respondent';
import { registerQuestionnaireLintRoutes } from './questionnaire-lint';
import { registerGlossaryRoutes } from './glossary';

import { registerLogframeRoutes } from './logframe';
import { registerIndicatorValueRoutes } from './indicator-values';
// issue 13: own programme (institutions registry, reporting periods)
import { registerInstitutionRoutes } from './institutions';
import { registerPeriodRoutes } from './periods';
import { registerActivityRoutes } from './activities';
import { registerQuestionnaireImportRoutes } from './questionnaire-import'; // XLSForm import (issue 19)
import { registerAdminOutboxRoutes } from './admin-outbox'; // h22
export function registerAllRoutes(api: ApiRegistry, ctx: AppContext): void {
  registerSystemRoutes(api, ctx);
  // first: the respondent endpoints take most of the traffic in a wave, and Express tries routes in order (issue 20)
  registerRespondentRoutes(api, ctx);
  registerAuthRoutes(api, ctx);
  registerProgrammeRoutes(api, ctx);
  registerExportRoutes(api, ctx);
  registerStakeholderRoutes(api, ctx);
  registerInvitationRoutes(api, ctx);
  registerResponseRateRoutes(api, ctx);
  registerOutboxRoutes(api, ctx);
  registerUserRoutes(api, ctx);
  registerAuditRoutes(api, ctx);
  registerResponseRevisionRoutes(api);
  registerResponseAdminRoutes(api); // h14: responses page
  registerAppPageRoutes(api, ctx);
  registerQuestionnaireRoutes(api, ctx);
  registerWaveRoutes(api, ctx);
  registerQuestionnaireLintRoutes(api, ctx);
  registerGlossaryRoutes(api, ctx);
  registerLogframeRoutes(api, ctx);
  registerIndicatorValueRoutes(api, ctx);
  registerInstitutionRoutes(api, ctx);
  registerPeriodRoutes(api, ctx);
  registerActivityRoutes(api, ctx);
  registerQuestionnaireImportRoutes(api, ctx);
  registerAdminOutboxRoutes(api, ctx); // h22
}
