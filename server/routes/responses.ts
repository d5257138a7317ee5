// Officer routes for a wave's responses: paginated list, one response with question labels, exclude / restore.
import { z } from 'zod';
import type { ApiRegistry } from '../http/registry';
import { listResponses, responseDetail, setExcluded } from '../services/response-admin';
import * as C from '../../contracts/responses';

const ZWid = z.object({ programmeId: z.uuid(), waveId: z.uuid() });
const ZRid = z.object({ programmeId: z.uuid(), responseId: z.uuid() });
const tag = 'responses';
const officer = { programme: 'officer' } as const;

export function registerResponseAdminRoutes(api: ApiRegistry): void {
  api.route({ method: 'get', path: '/api/programmes/:programmeId/waves/:waveId/responses', summary: 'Responses of a wave, page by page (filters, search)', tag,
    access: officer, params: ZWid, query: C.ZResponsesQuery, response: C.ZResponsesPage },
  ({ em, params, query }) => listResponses(em, params.programmeId, params.waveId, query));

  api.route({ method: 'get', path: '/api/programmes/:programmeId/responses/:responseId/detail', summary: 'One response with its questions and labels (EN+AR)', tag,
    access: officer, params: ZRid, response: C.ZResponseDetail },
  ({ em, params }) => responseDetail(em, params.programmeId, params.responseId));

  api.route({ method: 'post', path: '/api/programmes/:programmeId/responses/:responseId/exclude', summary: 'Exclude a response (test, duplicate…) from rates, indicators and exports', tag,
    access: officer, params: ZRid, body: C.ZExcludeBody, response: C.ZExcludeResult },
  ({ em, params, body, userId }) => setExcluded(em, params.programmeId, params.responseId, true, body.reason, userId!));

  api.route({ method: 'post', path: '/api/programmes/:programmeId/responses/:responseId/restore', summary: 'Bring an excluded response back', tag,
    access: officer, params: ZRid, body: C.ZRestoreBody, response: C.ZExcludeResult },
  ({ em, params, body, userId }) => setExcluded(em, params.programmeId, params.responseId, false, body.reason, userId!));
}
