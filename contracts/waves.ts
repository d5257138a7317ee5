// Wave routes' contract: create, change dates/names, and a wave as the API answers it.
import { z } from 'zod';
import { ZProgrammeParams, ZTimestamp } from './common';

export const ZWaveKind = z.enum(['baseline', 'midline', 'endline', 'monitoring']);
export const ZWaveParams = ZProgrammeParams.extend({ waveId: z.uuid() });
const ZWhen = z.coerce.date();
export const ZWaveCreate = z.object({
  questionnaireVersionId: z.uuid(),
  kind: ZWaveKind,
  nameEn: z.string().trim().min(1).max(300),
  nameAr: z.string().trim().max(300).optional(),
  opensAt: ZWhen,
  closesAt: ZWhen,
});
export const ZWavePatch = z.object({
  nameEn: z.string().trim().min(1).max(300).optional(),
  nameAr: z.string().trim().max(300).optional(),
  opensAt: ZWhen.optional(),
  closesAt: ZWhen.optional(),
}).strict();

export const ZWave = z.object({
  id: z.uuid(), programmeId: z.uuid(), questionnaireVersionId: z.uuid(), questionnaireId: z.uuid(), version: z.number().int(),
  kind: ZWaveKind, nameEn: z.string(), nameAr: z.string(), opensAt: ZTimestamp, closesAt: ZTimestamp, closedAt: ZTimestamp.nullable(),
  hasOpenLink: z.boolean(),
  /** accepts answers now */
  isOpen: z.boolean(),
  /** closed by hand or past its closing date */
  hasEnded: z.boolean(),
  createdAt: ZTimestamp,
});
export const ZWaveList = z.array(ZWave);
export const ZOpenLink = z.object({ link: z.string() });
export type TWave = z.infer<typeof ZWave>;
