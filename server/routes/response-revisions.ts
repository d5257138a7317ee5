// One response for officers (effective and submitted answers) and its corrections: revise (officer), history with diffs.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import { getResponse, listRevisions, reviseResponse } from '../services/revisions';

const ZParams = z.object({ programmeId: z.uuid(), responseId: z.uuid() });
const ZRevise = z.strictObject({
  baseRevision: z.number().int().min(0).max(1_000_000),
  answers: z.record(z.string().max(200), z.unknown()),
  reason: z.string().trim().min(1).max(2000),
});
const ZChange = z.object({ key: z.string(), before: z.unknown(), after: z.unknown() });
const ZResponse = z.object({
  id: z.string(), status: z.string(), revision: z.number(), language: z.string(), waveId: z.string(), questionnaireVersionId: z.string(),
  stakeholderId: z.string().nullable(), answers: z.record(z.string(), z.unknown()), submittedAnswers: z.record(z.string(), z.unknown()).nullable(),
  submittedAt: z.string().nullable(), updatedAt: z.string(),
});
const ZHistory = z.object({
  responseId: z.string(), revision: z.number(), submittedAt: z.string().nullable(),
  submittedAnswers: z.record(z.string(), z.unknown()).nullable(), answers: z.record(z.string(), z.unknown()),
  revisions: z.array(z.object({
    revision: z.number(), reason: z.string(), createdAt: z.string(), answers: z.record(z.string(), z.unknown()),
    createdBy: z.object({ id: z.string(), name: z.string(), email: z.string() }), changes: z.array(ZChange),
  })),
});

export function registerResponseRevisionRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: '/api/programmes/:programmeId/responses/:responseId', summary: 'One response: effective and submitted answers, revision',
    tag: 'responses', access: { programme: 'officer' }, params: ZParams, response: ZResponse },
  read(ctx, (req, _res, em) => {
    const p = parse(ZParams, req.params);
    return getResponse(em, p.programmeId, p.responseId);
  }));

  api.add({ method: 'post', path: '/api/programmes/:programmeId/responses/:responseId/revisions',
    summary: 'Correct a completed response (new revision; 409 when baseRevision is not the current one)', tag: 'responses',
    access: { programme: 'officer' }, params: ZParams, body: ZRevise, response: ZResponse.extend({ changes: z.array(ZChange) }), status: 201 },
  write(ctx, (req, _res, em) => {
    const p = parse(ZParams, req.params);
    return reviseResponse(em, req.auth!.user.id, p.programmeId, p.responseId, parse(ZRevise, req.body));
  }, 201));

  api.add({ method: 'get', path: '/api/programmes/:programmeId/responses/:responseId/revisions', summary: 'Correction history with per-answer diffs',
    tag: 'responses', access: { programme: 'officer' }, params: ZParams, response: ZHistory },
  read(ctx, (req, _res, em) => {
    const p = parse(ZParams, req.params);
    return listRevisions(em, p.programmeId, p.responseId);
  }));
}
