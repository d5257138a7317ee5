// Programme, reporting-period, institution and member request/response schemas (zod), shared by routes and the officer app.
import { z } from 'zod';
import { ZIsoDate, ZLang, ZLine } from './common';

export const ZProgrammeCode = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - only (at most 40)');
export const ZPeriodCode = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'letters, digits, . _ and - only (at most 40)');
const name = (max: number) => ZLine.pipe(z.string().trim().max(max));

export const ZPeriodInput = z.strictObject({
  code: ZPeriodCode, nameEn: name(200).pipe(z.string().min(1)), nameAr: name(200).default(''), startsOn: ZIsoDate, endsOn: ZIsoDate,
});
export type TPeriodInput = z.infer<typeof ZPeriodInput>;
export const ZPeriod = z.object({ id: z.string(), code: z.string(), nameEn: z.string(), nameAr: z.string(), startsOn: z.string(), endsOn: z.string() });
export type TPeriod = z.infer<typeof ZPeriod>;
export const ZPeriodList = z.strictObject({ periods: z.array(ZPeriodInput).max(200) });

export const ZProgrammeCreate = z.strictObject({
  code: ZProgrammeCode,
  nameEn: name(300).pipe(z.string().min(1)), nameAr: name(300).default(''),
  donorEn: name(300).default(''), donorAr: name(300).default(''),
  startsOn: ZIsoDate, endsOn: ZIsoDate,
  defaultLanguage: ZLang.default('en'),
  /** quarterly (default): quarters derived from the start date; custom: the given list; none: add them later */
  periods: z.union([z.literal('quarterly'), z.literal('none'), z.array(ZPeriodInput).max(200)]).default('quarterly'),
});
export type TProgrammeCreate = z.infer<typeof ZProgrammeCreate>;

export const ZProgrammePatch = z.strictObject({
  nameEn: name(300).pipe(z.string().min(1)).optional(), nameAr: name(300).optional(),
  donorEn: name(300).optional(), donorAr: name(300).optional(),
  startsOn: ZIsoDate.optional(), endsOn: ZIsoDate.optional(), defaultLanguage: ZLang.optional(),
}).refine((p) => Object.keys(p).length > 0, 'nothing to change');
export type TProgrammePatch = z.infer<typeof ZProgrammePatch>;

export const ZRole = z.enum(['administrator', 'officer', 'viewer']);
export const ZProgramme = z.object({
  id: z.string(), code: z.string(), nameEn: z.string(), nameAr: z.string(), donorEn: z.string(), donorAr: z.string(),
  startsOn: z.string().nullable(), endsOn: z.string().nullable(), defaultLanguage: ZLang, archivedAt: z.string().nullable(),
  role: ZRole, settings: z.record(z.string(), z.unknown()),
});
export type TProgramme = z.infer<typeof ZProgramme>;
export const ZProgrammeListQuery = z.object({ archived: z.enum(['true', 'false', 'only']).optional() });

export const INSTITUTION_TYPES = ['ministry', 'agency', 'parliament', 'cso', 'international_organisation', 'donor', 'other'] as const;
export const ZInstitutionType = z.enum(INSTITUTION_TYPES);
export const ZInstitutionInput = z.strictObject({
  code: ZLine.pipe(z.string().trim().min(1).max(100)), nameEn: name(300).pipe(z.string().min(1)), nameAr: name(300).default(''),
  type: ZInstitutionType.default('other'),
});
export const ZInstitutionPatch = z.strictObject({
  code: ZLine.pipe(z.string().trim().min(1).max(100)).optional(), nameEn: name(300).pipe(z.string().min(1)).optional(), nameAr: name(300).optional(),
  type: ZInstitutionType.optional(), archived: z.boolean().optional(),
}).refine((p) => Object.keys(p).length > 0, 'nothing to change');
export const ZInstitution = z.object({
  id: z.string(), code: z.string(), nameEn: z.string(), nameAr: z.string(), type: ZInstitutionType, archivedAt: z.string().nullable(),
});
export type TInstitution = z.infer<typeof ZInstitution>;

export const ZMemberAdd = z.strictObject({ email: z.email().max(320), name: name(200).optional(), role: ZRole });
export const ZMember = z.object({ userId: z.string(), email: z.string(), name: z.string(), role: ZRole, disabled: z.boolean(), created: z.boolean().optional() });
