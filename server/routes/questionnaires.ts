// Officer routes for questionnaires: create, save the draft, list, read, publish immutable versions, read a version.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read, write } from '../http/route';
import * as svc from '../services/questionnaires';

const ZPid = z.object({ programmeId: z.uuid() });
const ZQid = ZPid.extend({ questionnaireId: z.uuid() });
const ZVer = ZQid.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });
const ZDefinition = z.union([z.record(z.string(), z.unknown()), z.string().max(1_000_000)]);
const ZCreate = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and -, at most 60'),
  titleEn: z.string().trim().min(1).max(300),
  titleAr: z.string().trim().max(300).optional(),
  definition: ZDefinition,
});
const ZDraft = z.object({ definition: ZDefinition });
const tag = 'questionnaires';
const base = '/api/programmes/:programmeId/questionnaires';
const actor = (req: { auth?: { user: { id: string } } }) => ({ userId: req.auth!.user.id });

export function registerQuestionnaireRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'post', path: base, summary: 'Create a questionnaire with a draft definition', tag, access: { programme: 'officer' },
    params: ZPid, body: ZCreate, status: 201 },
  write(ctx, async (req, _res, em) => {
    const { programmeId } = parse(ZPid, req.params);
    return svc.createQuestionnaire(em, programmeId, parse(ZCreate, req.body), actor(req));
  }, 201));

  api.add({ method: 'get', path: base, summary: 'Questionnaires of the programme', tag, access: { programme: 'viewer' }, params: ZPid },
    read(ctx, async (req, _res, em) => svc.listQuestionnaires(em, parse(ZPid, req.params).programmeId)));

  api.add({ method: 'get', path: `${base}/:questionnaireId`, summary: 'One questionnaire with its draft and versions', tag,
    access: { programme: 'viewer' }, params: ZQid },
  read(ctx, async (req, _res, em) => {
    const p = parse(ZQid, req.params);
    return svc.getQuestionnaire(em, p.programmeId, p.questionnaireId);
  }));

  api.add({ method: 'put', path: `${base}/:questionnaireId/draft`, summary: 'Save the draft definition (parsed and sanitised)', tag,
    access: { programme: 'officer' }, params: ZQid, body: ZDraft },
  write(ctx, async (req, _res, em) => {
    const p = parse(ZQid, req.params);
    return svc.updateDraft(em, p.programmeId, p.questionnaireId, parse(ZDraft, req.body).definition, actor(req));
  }));

  api.add({ method: 'post', path: `${base}/:questionnaireId/publish`, summary: 'Publish the draft as the next immutable version', tag,
    access: { programme: 'officer' }, params: ZQid, status: 201 },
  write(ctx, async (req, _res, em) => {
    const p = parse(ZQid, req.params);
    return svc.publishDraft(em, p.programmeId, p.questionnaireId, actor(req));
  }, 201));

  api.add({ method: 'get', path: `${base}/:questionnaireId/versions/:version`, summary: 'One published version with its definition', tag,
    access: { programme: 'viewer' }, params: ZVer },
  read(ctx, async (req, _res, em) => {
    const p = parse(ZVer, req.params);
    return svc.getVersion(em, p.programmeId, p.questionnaireId, p.version);
  }));
}
