// Questionnaire routes' contract: create, draft, versions, and the linter's report (shared by server and client).
import { z } from 'zod';
import { ZProgrammeParams, ZTimestamp } from './common';

export const ZQuestionnaireParams = ZProgrammeParams.extend({ questionnaireId: z.uuid() });
export const ZVersionParams = ZQuestionnaireParams.extend({ version: z.coerce.number().int().min(1).max(1_000_000) });

/** A SurveyJS definition as JSON or as its text (parsed and checked by the server). */
export const ZDefinitionInput = z.union([z.record(z.string(), z.unknown()), z.string().max(1_000_000)]);
export const ZQuestionnaireCreate = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, _ and -, at most 60'),
  titleEn: z.string().trim().min(1).max(300),
  titleAr: z.string().trim().max(300).optional(),
  definition: ZDefinitionInput,
});
export const ZDraftSave = z.object({ definition: ZDefinitionInput });

/** A stored SurveyJS definition (checked on save; the client reads it as a JSON object). */
export const ZDefinition = z.record(z.string(), z.unknown());

export const ZQuestionnaireSummary = z.object({
  id: z.uuid(), code: z.string(), titleEn: z.string(), titleAr: z.string(), hasDraft: z.boolean(),
  draftUpdatedAt: ZTimestamp.nullable(), latestVersion: z.number().int().nullable(), createdAt: ZTimestamp,
});
export const ZQuestionnaireList = z.array(ZQuestionnaireSummary);
export const ZVersionSummary = z.object({ id: z.uuid(), version: z.number().int(), publishedAt: ZTimestamp, publishedBy: z.uuid().nullable() });
export const ZQuestionnaireDetail = ZQuestionnaireSummary.extend({ draft: ZDefinition.nullable(), versions: z.array(ZVersionSummary) });
export const ZPublished = z.object({ id: z.uuid(), questionnaireId: z.uuid(), version: z.number().int(), publishedAt: ZTimestamp, definition: ZDefinition });
export const ZVersion = ZPublished.extend({ publishedBy: z.uuid().nullable() });

export const ZLintFinding = z.object({
  rule: z.string(), severity: z.enum(['error', 'warning', 'info']), question: z.string().optional(), path: z.string(), en: z.string(), ar: z.string(),
});
export const ZLintReport = z.object({ findings: z.array(ZLintFinding), counts: z.object({ error: z.number(), warning: z.number(), info: z.number() }) });

export type TQuestionnaireSummary = z.infer<typeof ZQuestionnaireSummary>;
export type TQuestionnaireDetail = z.infer<typeof ZQuestionnaireDetail>;
export type TVersion = z.infer<typeof ZVersion>;
export type TPublished = z.infer<typeof ZPublished>;
export type TLintReport = z.infer<typeof ZLintReport>;
export type TLintFinding = z.infer<typeof ZLintFinding>;
