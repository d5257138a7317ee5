// Officer route: import an XLSForm (.xlsx sent as base64 in JSON) as a new questionnaire with a draft definition.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { ZProgrammeParams } from '../../contracts/common';
import { importXlsFormQuestionnaire } from '../services/questionnaire-import';

/** base64 of at most ~1 MB of .xlsx (the JSON body limit, BODY_LIMIT, 1 MB by default, applies first). */
export const MAX_XLSFORM_BASE64 = 1_400_000;
const ZImport = z.object({
  file: z.string().min(1).max(MAX_XLSFORM_BASE64).regex(/^[A-Za-z0-9+/]*={0,2}$/, 'the .xlsx file as base64'),
  code: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and -, at most 60').optional(),
  titleEn: z.string().trim().min(1).max(300).optional(),
  titleAr: z.string().trim().max(300).optional(),
}).strict();
const ZProblem = z.object({ severity: z.enum(['error', 'warning']), sheet: z.string(), row: z.number().optional(), column: z.string().optional(),
  cell: z.string().optional(), message: z.string() });
const ZResult = z.object({ questionnaire: z.looseObject({ id: z.uuid(), code: z.string(), draft: z.unknown() }), warnings: z.array(ZProblem) });

export function registerQuestionnaireImportRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'post', path: '/api/programmes/:programmeId/questionnaires/import-xlsform', tag: 'questionnaires', status: 201,
    summary: 'Import an XLSForm (Kobo/ODK .xlsx, base64) as a new questionnaire with a draft; 400 xlsform.invalid lists the problems by sheet, row and column',
    access: { programme: 'officer' }, params: ZProgrammeParams, body: ZImport, response: ZResult },
  ({ em, params, body, userId }) => importXlsFormQuestionnaire(em, params.programmeId,
    { file: Buffer.from(body.file, 'base64'), code: body.code, titleEn: body.titleEn, titleAr: body.titleAr }, { userId: userId! }));
}
