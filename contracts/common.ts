// Shared request/response building blocks (zod) used by server routes, the client and exports: ids, languages, pages.
import { z } from 'zod';

/** The two languages of the product; `en` is SurveyJS's `default` locale. */
export const ZLang = z.enum(['en', 'ar']);
export type Lang = z.infer<typeof ZLang>;

/** Path parameters of every programme-scoped route. */
export const ZProgrammeParams = z.object({ programmeId: z.uuid() });
export type TProgrammeParams = z.infer<typeof ZProgrammeParams>;

/** An ISO calendar date (YYYY-MM-DD) that exists. */
export const ZIsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'not a calendar date');

/** Text typed by a person: no NUL or other C0 control characters except tab and newlines. */
export const ZText = z.string().refine((s) => !/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(s), 'control characters are not allowed');

/** A one-line name (titles, names, subjects): no control characters at all, CR/LF included. */
export const ZLine = z.string().refine((s) => !/[\u0000-\u001F\u007F]/.test(s), 'control characters and line breaks are not allowed');

/** A timestamp as it travels in JSON (Date objects serialise to ISO 8601 with `Z`). */
export const ZTimestamp = z.iso.datetime({ offset: true });
