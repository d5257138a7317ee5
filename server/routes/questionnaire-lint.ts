// Questionnaire linter routes: lint the current draft (officer) or a published version (viewer).
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read } from '../http/route';
import { lintDraft, lintVersion } from '../services/questionnaire-lint';

const ZQid = z.object({ programmeId: z.uuid(), questionnaireId: z.uuid() });
const ZVer = ZQid.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });
const ZFinding = z.object({ rule: z.string(), severity: z.enum(['error', 'warning', 'info']), question: z.string().optional(), path: z.string(), en: z.string(), ar: z.string() });
const ZReport = z.object({ findings: z.array(ZFinding), counts: z.object({ error: z.number(), warning: z.number(), info: z.number() }) });
const base = '/api/programmes/:programmeId/questionnaires/:questionnaireId';
const tag = 'questionnaires';

export function registerQuestionnaireLintRoutes(api: ApiRegistry, ctx: AppContext): void {
  // a POST because it is an action on the draft, though it changes nothing: no transaction needed
  api.add({ method: 'post', path: `${base}/lint`, summary: 'Lint the draft with the programme\'s indicators and glossary, against the latest published version',
    tag, access: { programme: 'officer' }, params: ZQid, response: ZReport },
  read(ctx, async (req, _res, em) => {
    const p = parse(ZQid, req.params);
    return lintDraft(em, p.programmeId, p.questionnaireId);
  }));

  api.add({ method: 'get', path: `${base}/versions/:version/lint`, summary: 'Lint a published version against the version before it',
    tag, access: { programme: 'viewer' }, params: ZVer, response: ZReport },
  read(ctx, async (req, _res, em) => {
    const p = parse(ZVer, req.params);
    return lintVersion(em, p.programmeId, p.questionnaireId, p.version);
  }));
}
