// Indicator formula types (zod schemas at the edge → TypeScript types): what an indicator computes
// from questionnaire items and stakeholder attributes. Stored as JSON in indicators.formula.
import { z } from 'zod';

/** A value per respondent: a plain question, a matrix cell, or a stakeholder attribute. */
export const ZItemRef = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('question'), name: z.string().min(1).max(200) }),
  // matrix: answers[name][row]; matrixdropdown: answers[name][row][column]; multipletext: answers[name][row]
  z.object({ kind: z.literal('cell'), name: z.string().min(1).max(200), row: z.string().min(1).max(200), column: z.string().min(1).max(200).optional() }),
  // institution, sex, preferred_language, department, or a key of stakeholders.attributes
  z.object({ kind: z.literal('attribute'), attribute: z.string().min(1).max(100) }),
]);
export type TItemRef = z.infer<typeof ZItemRef>;

const ZScalar = z.union([z.number(), z.string().max(200), z.boolean()]);
export const ZCondition = z.discriminatedUnion('op', [
  z.object({ op: z.enum(['>=', '<=', '>', '<']), value: z.number() }),
  z.object({ op: z.enum(['=', '!=']), value: ZScalar }),
  z.object({ op: z.literal('in'), values: z.array(ZScalar).min(1).max(200) }),
  // checkbox / tagbox answers (arrays)
  z.object({ op: z.enum(['anyOf', 'allOf']), values: z.array(z.union([z.string().max(200), z.number()])).min(1).max(200) }),
]);
export type TCondition = z.infer<typeof ZCondition>;

/** Codes that leave the denominator ("don't know", "not applicable"); default: what the questionnaire marks. */
const ZExclude = z.array(z.union([z.string().max(200), z.number()])).max(50).optional();

const ZShare = z.object({ kind: z.literal('share'), item: ZItemRef, condition: ZCondition, exclude: ZExclude });
const ZCount = z.object({ kind: z.literal('count'), item: ZItemRef, condition: ZCondition, exclude: ZExclude });
/** A declared scale for a mean/median (else the questionnaire's substantive range): its interval is clipped to it. */
const ZScale = z.object({ min: z.number(), max: z.number() }).optional();
const ZMean = z.object({ kind: z.literal('mean'), item: ZItemRef, exclude: ZExclude, scale: ZScale });
const ZMedian = z.object({ kind: z.literal('median'), item: ZItemRef, exclude: ZExclude, scale: ZScale });
const ZSum = z.object({ kind: z.literal('sum'), item: ZItemRef, exclude: ZExclude });
const ZIndex = z.object({
  kind: z.literal('index'),
  items: z.array(z.object({ item: ZItemRef, reverse: z.boolean().optional() })).min(1).max(50),
  /** scale bounds, used for reverse coding: reversed = min + max - value */
  scale: z.object({ min: z.number(), max: z.number() }),
  /** a respondent's index counts only when at least this many items are answered (not missing) */
  minAnswered: z.number().int().min(1),
  aggregate: z.union([z.literal('mean'), z.object({ shareAtLeast: z.number() })]),
  exclude: ZExclude,
});
const ZRatioPart = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sum'), item: ZItemRef, exclude: ZExclude }),
  z.object({ kind: z.literal('count'), item: ZItemRef, condition: ZCondition, exclude: ZExclude }),
]);
const ZRatio = z.object({ kind: z.literal('ratio'), numerator: ZRatioPart, denominator: ZRatioPart });

export const ZFormula = z.discriminatedUnion('kind', [ZShare, ZCount, ZMean, ZMedian, ZSum, ZIndex, ZRatio]);
export type TFormula = z.infer<typeof ZFormula>;

export const ZDisaggregation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('question'), name: z.string().min(1).max(200) }),
  z.object({ kind: z.literal('attribute'), attribute: z.string().min(1).max(100) }),
]);
export type TDisaggregation = z.infer<typeof ZDisaggregation>;

/** Default missing codes when nothing is known about an item (kept here for old imports; indicators/missing-codes.ts decides). */
export { DEFAULT_MISSING_CODES } from './missing-codes';
