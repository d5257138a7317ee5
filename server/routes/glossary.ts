// Programme glossary: agreed English → Arabic terms, used by the questionnaire linter (officers write, viewers read).
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import * as svc from '../services/glossary';
import { ZProgrammeParams } from '../../contracts/common';
import { ZTerm, ZTermBody, ZTermList, ZTermParams } from '../../contracts/glossary';

const base = '/api/programmes/:programmeId/glossary';
const tag = 'glossary';

export function registerGlossaryRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'get', path: base, summary: 'Glossary terms of the programme', tag, access: { programme: 'viewer' },
    params: ZProgrammeParams, response: ZTermList },
  ({ em, params }) => svc.listTerms(em, params.programmeId));

  api.route({ method: 'post', path: base, summary: 'Add a glossary term (English term unique per programme)', tag, access: { programme: 'officer' },
    params: ZProgrammeParams, body: ZTermBody, response: ZTerm, status: 201 },
  ({ em, params, body, userId }) => svc.addTerm(em, params.programmeId, body, { userId: userId! }));

  api.route({ method: 'delete', path: `${base}/:termId`, summary: 'Remove a glossary term', tag, access: { programme: 'officer' },
    params: ZTermParams, status: 204 },
  async ({ em, params, userId }) => { await svc.removeTerm(em, params.programmeId, params.termId, { userId: userId! }); return null; });
}
