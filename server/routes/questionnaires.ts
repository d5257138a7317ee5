// Officer routes for questionnaires: create, save the draft, list, read, publish immutable versions, read a version.
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import * as svc from '../services/questionnaires';
import { ZProgrammeParams } from '../../contracts/common';
import {
  ZDraftSave, ZPublished, ZQuestionnaireCreate, ZQuestionnaireDetail, ZQuestionnaireList, ZQuestionnaireParams, ZVersion, ZVersionParams,
} from '../../contracts/questionnaires';

const tag = 'questionnaires';
const base = '/api/programmes/:programmeId/questionnaires';

export function registerQuestionnaireRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'post', path: base, summary: 'Create a questionnaire with a draft definition', tag, access: { programme: 'officer' },
    params: ZProgrammeParams, body: ZQuestionnaireCreate, response: ZQuestionnaireDetail, status: 201 },
  ({ em, params, body, userId }) => svc.createQuestionnaire(em, params.programmeId, body, { userId: userId! }));

  api.route({ method: 'get', path: base, summary: 'Questionnaires of the programme', tag, access: { programme: 'viewer' },
    params: ZProgrammeParams, response: ZQuestionnaireList },
  ({ em, params }) => svc.listQuestionnaires(em, params.programmeId));

  api.route({ method: 'get', path: `${base}/:questionnaireId`, summary: 'One questionnaire with its draft and versions', tag,
    access: { programme: 'viewer' }, params: ZQuestionnaireParams, response: ZQuestionnaireDetail },
  ({ em, params }) => svc.getQuestionnaire(em, params.programmeId, params.questionnaireId));

  api.route({ method: 'put', path: `${base}/:questionnaireId/draft`, summary: 'Save the draft definition (parsed and sanitised)', tag,
    access: { programme: 'officer' }, params: ZQuestionnaireParams, body: ZDraftSave, response: ZQuestionnaireDetail },
  ({ em, params, body, userId }) => svc.updateDraft(em, params.programmeId, params.questionnaireId, body.definition, { userId: userId! }));

  api.route({ method: 'post', path: `${base}/:questionnaireId/publish`, summary: 'Publish the draft as the next immutable version', tag,
    access: { programme: 'officer' }, params: ZQuestionnaireParams, response: ZPublished, status: 201 },
  ({ em, params, userId }) => svc.publishDraft(em, params.programmeId, params.questionnaireId, { userId: userId! }));

  api.route({ method: 'get', path: `${base}/:questionnaireId/versions/:version`, summary: 'One published version with its definition', tag,
    access: { programme: 'viewer' }, params: ZVersionParams, response: ZVersion },
  ({ em, params }) => svc.getVersion(em, params.programmeId, params.questionnaireId, params.version));
}
