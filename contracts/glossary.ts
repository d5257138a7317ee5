// Glossary routes' contract: agreed English → Arabic terms of a programme.
import { z } from 'zod';
import { ZProgrammeParams } from './common';

export const ZTermParams = ZProgrammeParams.extend({ termId: z.uuid() });
export const ZTermBody = z.object({ termEn: z.string().trim().min(1).max(200), termAr: z.string().trim().min(1).max(200), note: z.string().max(2000).optional() });
export const ZTerm = z.object({ id: z.uuid(), termEn: z.string(), termAr: z.string(), note: z.string() });
export const ZTermList = z.array(ZTerm);
export type TTerm = z.infer<typeof ZTerm>;
