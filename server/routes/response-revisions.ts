// One response for officers (effective and submitted answers) and its corrections: revise (officer), history with diffs.
import { z } from 'zod';
import type { ApiRegistry } from '../http/registry';
import { getResponse, listRevisions, reviseResponse } from '../services/revisions';
import { ZChange, ZHistory, ZResponseView, ZReviseBody } from '../../contracts/responses';

const ZParams = z.object({ programmeId: z.uuid(), responseId: z.uuid() });
const officer = { programme: 'officer' } as const;

export function registerResponseRevisionRoutes(api: ApiRegistry): void {
  api.route({ method: 'get', path: '/api/programmes/:programmeId/responses/:responseId', summary: 'One response: effective and submitted answers, revision',
    tag: 'responses', access: officer, params: ZParams, response: ZResponseView },
  ({ em, params }) => getResponse(em, params.programmeId, params.responseId));

  api.route({ method: 'post', path: '/api/programmes/:programmeId/responses/:responseId/revisions',
    summary: 'Correct a completed response with a reason (new revision; 409 when baseRevision is not the current one)', tag: 'responses',
    access: officer, params: ZParams, body: ZReviseBody, response: ZResponseView.extend({ changes: z.array(ZChange) }), status: 201 },
  ({ em, params, body, userId }) => reviseResponse(em, userId!, params.programmeId, params.responseId, body));

  api.route({ method: 'get', path: '/api/programmes/:programmeId/responses/:responseId/revisions', summary: 'Correction history with per-answer diffs',
    tag: 'responses', access: officer, params: ZParams, response: ZHistory },
  ({ em, params }) => listRevisions(em, params.programmeId, params.responseId));
}
