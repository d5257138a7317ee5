// Request and response schemas of the report exports (Downloads page / report builder): the scope of a report
// (a reporting period, or dates, and the waves), its language, labels or codes, and the indicators it covers.
import { z } from 'zod';
import { ZIsoDate, ZLang } from './common';

/** A comma-separated list of ids in one query parameter (`waves=a,b`). */
const idList = (max: number) => z.string().max(40 * max).optional()
  .transform((s) => (s ? [...new Set(s.split(',').map((x) => x.trim()).filter(Boolean))] : undefined))
  .pipe(z.array(z.uuid()).max(max).optional());

export const ZLabels = z.enum(['labels', 'codes']);
export type Labels = z.infer<typeof ZLabels>;

/** What every report export is scoped to: `period=<id>` or `from=YYYY-MM-DD&to=YYYY-MM-DD`, and/or `waves=<ids>`. */
const scopeShape = { period: z.uuid().optional(), from: ZIsoDate.optional(), to: ZIsoDate.optional(), waves: idList(50) };
export interface TReportScope { period?: string; from?: string; to?: string; waves?: string[] }

function refineScope(q: TReportScope, ctx: z.RefinementCtx): void {
  if ((q.from === undefined) !== (q.to === undefined)) ctx.addIssue({ code: 'custom', path: [q.from ? 'to' : 'from'], message: 'give both from and to' });
  if (q.from && q.to && q.from > q.to) ctx.addIssue({ code: 'custom', path: ['to'], message: 'to is before from' });
  if (q.period && q.from) ctx.addIssue({ code: 'custom', path: ['period'], message: 'choose a period or dates, not both' });
}
export const ZReportScope = z.object(scopeShape).superRefine(refineScope);

/** Scope + language, labels or codes, and the indicators (all when none). */
export const ZReportQuery = z.object({
  ...scopeShape,
  lang: ZLang.default('en'),
  labels: ZLabels.default('labels'),
  indicators: idList(200),
}).superRefine(refineScope);
export type TReportQuery = z.infer<typeof ZReportQuery>;

const ZValueMode = z.enum(['codes', 'en', 'ar']);
/** responses.csv: one wave (its questionnaire version decides the columns), optionally checked against a period or dates. */
export const ZResponsesCsvQuery = z.object({
  ...scopeShape,
  waveId: z.uuid(),
  lang: ZLang.default('en'),
  labels: ZLabels.optional(),
  /** older spelling, still accepted: header texts and values as codes or labels in a language */
  headers: ZValueMode.optional(),
  values: ZValueMode.optional(),
  drafts: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
}).superRefine(refineScope);
export type TResponsesCsvQuery = z.infer<typeof ZResponsesCsvQuery>;

/** Chart of one indicator: the report scope and language. */
export const ZChartQuery = z.object({ ...scopeShape, lang: ZLang.default('en') }).superRefine(refineScope);

/** What the report builder offers: the programme's periods, waves (with the periods they fall in) and indicators. */
export const ZReportOptions = z.object({
  programme: z.object({ code: z.string(), nameEn: z.string(), nameAr: z.string(), defaultLanguage: ZLang }),
  periods: z.array(z.object({ id: z.string(), code: z.string(), nameEn: z.string(), nameAr: z.string(), startsOn: z.string(), endsOn: z.string() })),
  waves: z.array(z.object({
    id: z.string(), kind: z.string(), nameEn: z.string(), nameAr: z.string(), opensAt: z.string(), closesAt: z.string(),
    completed: z.number().int(), periodIds: z.array(z.string()),
  })),
  indicators: z.array(z.object({ id: z.string(), code: z.string(), nameEn: z.string(), nameAr: z.string(), unit: z.string() })),
  hasActivities: z.boolean(),
});
export type TReportOptions = z.infer<typeof ZReportOptions>;

export { waveInRange } from './report-scope';
