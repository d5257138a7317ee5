// Questionnaire linter routes: lint the current draft (officer) or a published version (viewer).
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { lintDraft, lintVersion } from '../services/questionnaire-lint';
import { ZLintReport, ZQuestionnaireParams, ZVersionParams } from '../../contracts/questionnaires';

const base = '/api/programmes/:programmeId/questionnaires/:questionnaireId';
const tag = 'questionnaires';

export function registerQuestionnaireLintRoutes(api: ApiRegistry, _ctx: AppContext): void {
  // a POST because it is an action on the draft, though it changes nothing (it runs in a transaction that writes nothing)
  api.route({ method: 'post', path: `${base}/lint`, summary: 'Lint the draft with the programme\'s indicators and glossary, against the latest published version',
    tag, access: { programme: 'officer' }, params: ZQuestionnaireParams, response: ZLintReport },
  ({ em, params }) => lintDraft(em, params.programmeId, params.questionnaireId));

  api.route({ method: 'get', path: `${base}/versions/:version/lint`, summary: 'Lint a published version against the version before it',
    tag, access: { programme: 'viewer' }, params: ZVersionParams, response: ZLintReport },
  ({ em, params }) => lintVersion(em, params.programmeId, params.questionnaireId, params.version));
}
