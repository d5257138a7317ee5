// Indicator values API (GET /indicator-values and GET /indicators/:id/values): request query and response schemas,
// shared by the server (checked in tests), the officer app and the exports.
import { z } from 'zod';
import { ZLang } from './common';

const list = (max: number) => z.string().max(2000).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().min(1).max(200)).max(max));
/** `waves=<id,id>`; `disaggregate=attribute:sex,question:region` (at most two; short form: see README); `lang=en|ar`. */
export const ZValuesQuery = z.object({
  waves: list(20).pipe(z.array(z.uuid())).optional(),
  disaggregate: list(2).optional(),
  lang: ZLang.optional(),
});
export type TValuesQuery = z.infer<typeof ZValuesQuery>;

export const ZNullReason = z.enum(['no_answers', 'suppressed', 'zero_denominator']);
export const ZInterval = z.object({ low: z.number(), high: z.number(), clipped: z.boolean(), display: z.string() });
export const ZValueCell = z.object({
  /** full precision; null with a reason */
  value: z.number().nullable(),
  numerator: z.number().nullable(), denominator: z.number().nullable(), n: z.number().int().nullable(),
  /** complete responses in the cell (suppression is decided from it) */
  respondents: z.number().int().nullable(),
  ci: ZInterval.nullable(),
  suppressed: z.boolean(),
  reason: ZNullReason.nullable(),
  /** n below LOW_PRECISION_N (shares, means, medians, indices) */
  lowPrecision: z.boolean(),
  /** the value rounded per unit in the language asked ("23.1%", "2.57", "111"), or the reason in words */
  display: z.string(),
});
export type TValueCell = z.infer<typeof ZValueCell>;

export const ZDimension = z.object({ kind: z.enum(['question', 'attribute']), name: z.string().optional(), attribute: z.string().optional(), key: z.string() });
export const ZCellKey = z.object({ code: z.string(), label: z.string() });
export const ZDisaggregationValues = z.object({ dimensions: z.array(ZDimension), cells: z.array(ZValueCell.extend({ keys: z.array(ZCellKey) })) });
export const ZResponseRate = z.object({ invited: z.number().int(), completed: z.number().int(), rate: z.number().nullable(), caveat: z.string() });
export const ZWaveValues = z.object({ waveId: z.uuid(), overall: ZValueCell, disaggregations: z.array(ZDisaggregationValues), responseRate: ZResponseRate });

export const ZIndicatorValues = z.object({
  id: z.uuid(), code: z.string(), resultId: z.uuid(), name: z.string(), unit: z.string(), direction: z.enum(['increase', 'decrease']),
  formula: z.unknown(), formulaText: z.string(),
  baseline: z.object({ value: z.number().nullable(), source: z.enum(['manual', 'wave']), waveId: z.uuid().nullable(), display: z.string() }),
  latest: z.object({ value: z.number().nullable(), waveId: z.uuid(), suppressed: z.boolean(), display: z.string() }).nullable(),
  target: z.number().nullable(), progress: z.number().nullable(), status: z.enum(['on_track', 'at_risk', 'off_track']).nullable(),
  values: z.array(ZWaveValues),
  pairedChange: z.object({
    fromWaveId: z.uuid(), toWaveId: z.uuid(), n: z.number().int(), meanChange: z.number().nullable(),
    ci: z.object({ low: z.number(), high: z.number() }).nullable(), suppressed: z.boolean(), display: z.string(),
  }).nullable(),
});
export type TIndicatorValues = z.infer<typeof ZIndicatorValues>;

export const ZWaveInfo = z.object({ id: z.uuid(), kind: z.string(), name: z.string(), opensAt: z.string(), responseRate: ZResponseRate });
const common = {
  programmeId: z.uuid(), lang: ZLang, suppressionThreshold: z.number().int(), lowPrecisionBelow: z.number().int(),
  /** the dimension keys used, in the order of the disaggregations */
  dimensions: z.array(z.string()), waves: z.array(ZWaveInfo),
};
export const ZValuesResponse = z.object({ ...common, indicators: z.array(ZIndicatorValues) });
export type TValuesResponse = z.infer<typeof ZValuesResponse>;
export const ZOneIndicatorResponse = ZIndicatorValues.extend(common);
