// Responses of a wave for officers: the paginated list, one response with its questions (labels in both languages),
// exclusion with a reason, corrections and their history — shared by the server routes and the officer app.
import { z } from 'zod';

export const ZResponsesQuery = z.object({
  status: z.enum(['draft', 'complete']).optional(),
  institution: z.string().max(100).optional(),
  sex: z.enum(['female', 'male', 'other', 'undisclosed']).optional(),
  excluded: z.enum(['false', 'true', 'all']).default('all'),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  offset: z.coerce.number().int().min(0).default(0),
});
export const ZResponseRow = z.object({
  id: z.string(), status: z.enum(['draft', 'complete']), language: z.string(), revision: z.number().int(),
  submittedAt: z.string().nullable(), updatedAt: z.string(),
  excludedAt: z.string().nullable(), excludedReason: z.string().nullable(),
  stakeholder: z.object({ id: z.string(), nameEn: z.string(), nameAr: z.string(), sex: z.string().nullable(), institution: z.string(),
    institutionEn: z.string().nullable(), institutionAr: z.string().nullable() }).nullable(),
});
export type ResponseRow = z.infer<typeof ZResponseRow>;
export const ZResponsesPage = z.object({ total: z.number().int(), items: z.array(ZResponseRow) });

const ZChoice = z.object({ value: z.union([z.string(), z.number()]), en: z.string(), ar: z.string() });
export const ZQuestion = z.object({
  name: z.string(), type: z.string(), titleEn: z.string(), titleAr: z.string(), page: z.number().int(),
  inputType: z.string().nullable(), choices: z.array(ZChoice).nullable(), rateValues: z.array(z.number()).nullable(),
  /** questions the correction form edits in place; others are shown read-only as JSON */
  editable: z.boolean(),
});
export type Question = z.infer<typeof ZQuestion>;
export const ZResponseDetail = ZResponseRow.extend({
  waveId: z.string(), questionnaireVersionId: z.string(),
  answers: z.record(z.string(), z.unknown()), submittedAnswers: z.record(z.string(), z.unknown()).nullable(),
  questions: z.array(ZQuestion), excludedBy: z.string().nullable(),
});
export type ResponseDetail = z.infer<typeof ZResponseDetail>;

export const ZExcludeBody = z.object({ reason: z.string().trim().min(1).max(2000) });
export const ZRestoreBody = z.object({ reason: z.string().trim().max(2000).optional() });
export const ZExcludeResult = z.object({ id: z.string(), excludedAt: z.string().nullable(), excludedReason: z.string().nullable() });

export const ZReviseBody = z.strictObject({
  baseRevision: z.number().int().min(0).max(1_000_000),
  answers: z.record(z.string().max(200), z.unknown()),
  reason: z.string().trim().min(1).max(2000),
});
export const ZChange = z.object({ key: z.string(), before: z.unknown(), after: z.unknown() });
export type Change = z.infer<typeof ZChange>;
export const ZResponseView = z.object({
  id: z.string(), status: z.string(), revision: z.number(), language: z.string(), waveId: z.string(), questionnaireVersionId: z.string(),
  stakeholderId: z.string().nullable(), answers: z.record(z.string(), z.unknown()), submittedAnswers: z.record(z.string(), z.unknown()).nullable(),
  submittedAt: z.string().nullable(), updatedAt: z.string(),
});
export const ZHistory = z.object({
  responseId: z.string(), revision: z.number(), submittedAt: z.string().nullable(),
  submittedAnswers: z.record(z.string(), z.unknown()).nullable(), answers: z.record(z.string(), z.unknown()),
  revisions: z.array(z.object({
    revision: z.number(), reason: z.string(), createdAt: z.string(), answers: z.record(z.string(), z.unknown()),
    createdBy: z.object({ id: z.string(), name: z.string(), email: z.string() }), changes: z.array(ZChange),
  })),
});
export type History = z.infer<typeof ZHistory>;
