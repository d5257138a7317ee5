// Logframe request/response schemas (zod): results, indicators with targets per reporting period, indicator settings
// and the formula preview — shared by the routes, the officer app's editors and tests.
import { z } from 'zod';
import { ZValueCell } from './indicators';
import { ZDisaggregation, ZFormula } from '../indicators/formula';
import { ZIsoDate, ZLine, ZText } from './common';

export const LEVELS = ['impact', 'strategic_objective', 'specific_objective', 'immediate_outcome', 'output', 'activity'] as const;
export const ZLevel = z.enum(LEVELS);
export const ZLogCode = z.string().regex(/^[A-Za-z0-9._-]{1,40}$/, 'letters, digits, . _ and - only (at most 40)');
const statement = (max: number) => ZText.pipe(z.string().trim().max(max));

const resultFields = {
  parentId: z.uuid().nullable(), level: ZLevel, code: ZLogCode,
  statementEn: statement(2000).pipe(z.string().min(1)), statementAr: statement(2000), position: z.number().int().min(0).max(100000),
};
export const ZResultBody = z.strictObject({ ...resultFields, parentId: resultFields.parentId.optional(), statementAr: resultFields.statementAr.default(''),
  position: resultFields.position.optional() });
/** PATCH: every field optional, no defaults */
export const ZResultPatch = z.strictObject(resultFields).partial();
export type TResultBody = z.infer<typeof ZResultBody>;
export const ZResult = z.object({ id: z.string(), parentId: z.string().nullable(), level: ZLevel, code: z.string(), statementEn: z.string(), statementAr: z.string(), position: z.number() });

/** A target: the final one, or one per reporting period (`period` = the period's code; `label` kept for older data). */
const ZTarget = z.object({ value: z.number().finite(), date: ZIsoDate.optional() });
const ZPeriodTarget = ZTarget.extend({ period: z.string().max(40).optional(), label: z.string().max(100).optional() })
  .refine((t) => t.period !== undefined || t.label !== undefined, 'a period target names its period');
export const ZTargets = z.strictObject({ final: ZTarget.optional(), periods: z.array(ZPeriodTarget).max(200).optional() });
export type TTargets = z.infer<typeof ZTargets>;
export const UNITS = ['percent', 'mean', 'median', 'count', 'sum', 'index', 'ratio'] as const;

const indicatorFields = {
  resultId: z.uuid(), code: ZLogCode, nameEn: statement(1000).pipe(z.string().min(1)), nameAr: statement(1000),
  unit: z.enum(UNITS), direction: z.enum(['increase', 'decrease']),
  formula: ZFormula, baselineSource: z.enum(['wave', 'manual']), baselineValue: z.number().finite().nullable(),
  baselineDate: ZIsoDate.nullable(), baselineNote: ZLine.pipe(z.string().max(500)),
  verificationEn: statement(2000), verificationAr: statement(2000), suppressionThreshold: z.number().int().min(1).max(100).nullable(),
  targets: ZTargets, disaggregations: z.array(ZDisaggregation).max(10), position: z.number().int().min(0).max(100000),
};
export const ZIndicatorBody = z.strictObject({
  ...indicatorFields, nameAr: indicatorFields.nameAr.default(''), direction: indicatorFields.direction.default('increase'),
  baselineSource: indicatorFields.baselineSource.default('wave'), baselineValue: indicatorFields.baselineValue.optional(),
  baselineDate: indicatorFields.baselineDate.optional(), baselineNote: indicatorFields.baselineNote.default(''),
  verificationEn: indicatorFields.verificationEn.default(''), verificationAr: indicatorFields.verificationAr.default(''),
  suppressionThreshold: indicatorFields.suppressionThreshold.optional(),
  targets: indicatorFields.targets.default({}), disaggregations: indicatorFields.disaggregations.default([]), position: indicatorFields.position.optional(),
});
/** PATCH: every field optional, no defaults (an absent field keeps its value) */
export const ZIndicatorPatch = z.strictObject(indicatorFields).partial();
export type TIndicatorBody = z.infer<typeof ZIndicatorBody>;
export type TIndicatorPatch = z.infer<typeof ZIndicatorPatch>;

export const ZIndicator = z.object({
  id: z.string(), resultId: z.string(), code: z.string(), nameEn: z.string(), nameAr: z.string(), unit: z.enum(UNITS), direction: z.enum(['increase', 'decrease']),
  formula: z.unknown(), baselineSource: z.enum(['wave', 'manual']), baselineValue: z.number().nullable(), baselineDate: z.string().nullable(), baselineNote: z.string(),
  verificationEn: z.string(), verificationAr: z.string(), suppressionThreshold: z.number().nullable(),
  targets: z.unknown(), disaggregations: z.array(z.unknown()), position: z.number(),
});
export type TIndicator = z.infer<typeof ZIndicator>;

export interface TLogframeNode extends z.infer<typeof ZResult> { indicators: TIndicator[]; children: TLogframeNode[] }
export const ZLogframeNode: z.ZodType<TLogframeNode> = ZResult.extend({
  indicators: z.array(ZIndicator), get children() { return z.array(ZLogframeNode); },
});

export const ZSettings = z.strictObject({
  suppressionThreshold: z.number().int().min(1).max(100).optional(),
  status: z.object({ onTrack: z.number().min(0).max(10), atRisk: z.number().min(0).max(10) }).refine((s) => s.atRisk <= s.onTrack, 'atRisk must not exceed onTrack').optional(),
});
export const ZSettingsOut = z.object({ suppressionThreshold: z.number(), status: z.object({ onTrack: z.number(), atRisk: z.number() }) });

/** Preview of an unsaved formula on one wave (the same checks as saving). */
export const ZPreviewBody = z.strictObject({
  formula: ZFormula, unit: z.enum(UNITS).optional(), waveId: z.uuid().optional(),
  disaggregations: z.array(ZDisaggregation).max(2).optional(),
});
/** a preview cell is a value cell of the indicator engine (contracts/indicators) */
const ZCell = ZValueCell;
export const ZPreviewResult = z.object({
  waveId: z.string().nullable(), waveName: z.string().nullable(), overall: ZCell.nullable(),
  disaggregations: z.array(z.object({ dimension: z.string(), cells: z.array(ZCell.extend({ code: z.string(), label: z.string() })) })),
  responseRate: z.object({ invited: z.number(), completed: z.number() }).nullable(),
});
export type TPreviewResult = z.infer<typeof ZPreviewResult>;
