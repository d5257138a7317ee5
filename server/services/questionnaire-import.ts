// XLSForm import use case: read and convert the workbook, then create the questionnaire with the draft through the questionnaire service.
import type { EntityManager } from 'typeorm';
import { AppError } from '../errors';
import { audit } from './audit';
import { createQuestionnaire, type Actor } from './questionnaires';
import { importXlsForm, WorkbookError, type TProblem } from '../../surveys/xlsform';
import { localised } from '../../surveys/definition';

export interface ImportInput { file: Buffer; code?: string; titleEn?: string; titleAr?: string }

/** A questionnaire code from the form_id: letters, digits, _ and -, at most 60. */
const codeFrom = (formId: string | undefined) => formId?.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 60) || undefined;

export async function importXlsFormQuestionnaire(em: EntityManager, programmeId: string, input: ImportInput, actor: Actor) {
  let result;
  try {
    result = await importXlsForm(input.file);
  } catch (e) {
    if (e instanceof WorkbookError) throw new AppError('xlsform.unreadable', { reason: e.message });
    throw e;
  }
  const errors = result.problems.filter((p) => p.severity === 'error');
  const warnings = result.problems.filter((p) => p.severity === 'warning');
  // `path` (sheet!cell) is what the officer app prints beside each message
  const located = (list: TProblem[]) => list.map((p) => ({ ...p, path: `${p.sheet}${p.cell ? `!${p.cell}` : p.row ? ` row ${p.row}` : ''}` }));
  if (!result.definition) throw new AppError('xlsform.invalid', { errors: located(errors), warnings: located(warnings) });
  const code = input.code ?? codeFrom(result.settings.formId);
  if (!code) throw new AppError('request.invalid', { issues: [{ path: 'code', message: 'give a code, or a form_id in the settings sheet' }] });
  const title = result.settings.formTitle ? localised(result.settings.formTitle) : undefined;
  const questionnaire = await createQuestionnaire(em, programmeId, {
    code, titleEn: input.titleEn ?? (title?.en || code).slice(0, 300), titleAr: input.titleAr ?? (title && title.ar !== title.en ? title.ar.slice(0, 300) : ''),
    definition: result.definition,
  }, actor);
  await audit(em, { actorUserId: actor.userId, action: 'questionnaire.import_xlsform', programmeId, targetType: 'questionnaire',
    targetId: questionnaire.id, details: { formId: result.settings.formId ?? null, version: result.settings.version ?? null, warnings: warnings.length } });
  return { questionnaire, warnings };
}
