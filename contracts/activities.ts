// Request and response schemas of the activities and meetings log (shared by routes, the officer app and exports).
import { z } from 'zod';
import { ZIsoDate, ZLine, ZText } from './common';
import { ACTIVITY_KINDS, ATTACHMENT_KINDS } from './activity-kinds';

export { ACTIVITY_KINDS, ATTACHMENT_KINDS };

export const ZActivityKind = z.enum(ACTIVITY_KINDS);
export type TActivityKind = z.infer<typeof ZActivityKind>;
export const ZActivityStatus = z.enum(['planned', 'held', 'cancelled']);
export const ZAttachmentKind = z.enum(ATTACHMENT_KINDS);

const count = z.number().int().min(0).max(100000);
export const ZParticipantCounts = z.object({ women: count, men: count, other: count.default(0) }).strict();
export type TParticipantCounts = z.infer<typeof ZParticipantCounts>;

export const ZLocation = z.object({
  online: z.boolean().default(false),
  city: ZLine.pipe(z.string().trim().max(200)).default(''),
  country: ZLine.pipe(z.string().trim().max(200)).default(''),
}).strict();

const fields = {
  titleEn: ZLine.pipe(z.string().trim().min(1).max(500)),
  titleAr: ZLine.pipe(z.string().trim().max(500)).default(''),
  kind: ZActivityKind,
  status: ZActivityStatus.default('held'),
  startDate: ZIsoDate,
  endDate: ZIsoDate.optional(),
  location: ZLocation.default({ online: false, city: '', country: '' }),
  resultId: z.uuid().nullable().default(null),
  institutions: z.array(z.string().trim().min(1).max(100)).max(50).default([]),
  participants: ZParticipantCounts.optional(),
  notesEn: ZText.pipe(z.string().max(10000)).default(''),
  notesAr: ZText.pipe(z.string().max(10000)).default(''),
};

export const ZActivityCreate = z.object(fields).strict();
export type TActivityCreate = z.infer<typeof ZActivityCreate>;

export const ZActivityPatch = z.object({
  titleEn: fields.titleEn.optional(), titleAr: ZLine.pipe(z.string().trim().max(500)).optional(), kind: ZActivityKind.optional(),
  status: ZActivityStatus.optional(), startDate: ZIsoDate.optional(), endDate: ZIsoDate.optional(), location: ZLocation.optional(),
  resultId: z.uuid().nullable().optional(), institutions: z.array(z.string().trim().min(1).max(100)).max(50).optional(),
  participants: ZParticipantCounts.optional(), notesEn: ZText.pipe(z.string().max(10000)).optional(),
  notesAr: ZText.pipe(z.string().max(10000)).optional(),
}).strict();
export type TActivityPatch = z.infer<typeof ZActivityPatch>;

export const ZActivityListQuery = z.object({
  period: z.uuid().optional(),
  from: ZIsoDate.optional(),
  to: ZIsoDate.optional(),
  resultId: z.uuid().optional(),
  kind: ZActivityKind.optional(),
  status: ZActivityStatus.optional(),
}).strict();

export const ZInstitutionRef = z.object({ code: z.string(), nameEn: z.string(), nameAr: z.string() });

export const ZActivity = z.object({
  id: z.uuid(),
  resultId: z.uuid().nullable(),
  resultCode: z.string().nullable(),
  titleEn: z.string(), titleAr: z.string(),
  kind: ZActivityKind, status: ZActivityStatus,
  startDate: z.string(), endDate: z.string(),
  location: z.object({ online: z.boolean(), city: z.string(), country: z.string() }),
  institutions: z.array(ZInstitutionRef),
  participants: z.object({ women: z.number(), men: z.number(), other: z.number(), total: z.number(), fromList: z.boolean() }),
  notesEn: z.string(), notesAr: z.string(),
  attachments: z.array(z.object({ id: z.uuid(), kind: ZAttachmentKind, fileName: z.string(), contentType: z.string(),
    sizeBytes: z.number(), sha256: z.string(), createdAt: z.string() })),
  createdAt: z.string(), updatedAt: z.string(),
});
export type TActivity = z.infer<typeof ZActivity>;
/** The activities page's model: the activities and what its filters and form choose from. */
export const ZActivityList = z.object({
  items: z.array(ZActivity),
  periods: z.array(z.object({ id: z.uuid(), code: z.string(), nameEn: z.string(), nameAr: z.string(), startsOn: z.string(), endsOn: z.string() })),
  institutions: z.array(ZInstitutionRef),
  results: z.array(z.object({ id: z.uuid(), code: z.string(), statementEn: z.string(), statementAr: z.string() })),
});
export type TActivityList = z.infer<typeof ZActivityList>;

export const ZParticipantImport = z.object({
  /** CSV text (UTF-8, with or without BOM, comma or semicolon) */
  csv: z.string().max(2_000_000).optional(),
  /** an .xlsx workbook, base64 */
  xlsxBase64: z.string().max(4_000_000).optional(),
}).strict().refine((b) => (b.csv === undefined) !== (b.xlsxBase64 === undefined), 'send either csv or xlsxBase64');

export const ZParticipant = z.object({ line: z.number(), name: z.string(), institution: z.string(), sex: z.enum(['female', 'male', 'other']),
  role: z.string(), email: z.string() });
export type TParticipant = z.infer<typeof ZParticipant>;

export const ZParticipantImportReport = z.object({
  dryRun: z.boolean(), rows: z.number(), valid: z.number(),
  errors: z.array(z.object({ line: z.number(), column: z.string(), reason: z.string() })),
  counts: z.object({ women: z.number(), men: z.number(), other: z.number(), total: z.number() }),
  inserted: z.number(),
});
