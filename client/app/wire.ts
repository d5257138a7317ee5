// Wire types of the API routes the officer app reads whose zod contracts are not in contracts/ yet (auth, programmes,
// logframe, indicator values): written against what the server answers today; replace each with its contracts/ type
// when the route's owner moves its schemas there.
import type { Lang } from '../../contracts/common';
import type { TFormula } from '../../indicators/formula';

export type Role = 'viewer' | 'officer' | 'administrator';
export interface User { id: string; email: string; name: string; isAdmin: boolean; preferredLanguage: Lang }
/** GET /api/auth/me and POST /api/auth/login */
export interface Me { user: User; csrfToken: string }
/** GET /api/programmes, /api/programmes/:id */
export interface Programme { id: string; code: string; nameEn: string; nameAr: string; role: Role; settings: Record<string, unknown> }

export type Unit = 'percent' | 'mean' | 'count' | 'sum' | 'index' | 'ratio' | 'median';
export interface Targets { final?: { value: number | null } | null; [k: string]: unknown }
/** GET /api/programmes/:id/indicators/:indicatorId, and the indicators of the logframe tree */
export interface Indicator {
  id: string; resultId: string; code: string; nameEn: string; nameAr: string; unit: Unit; direction: 'increase' | 'decrease' | string;
  formula: TFormula; baselineSource: string; baselineValue: number | null; targets: Targets | null; position: number;
}
/** GET /api/programmes/:id/logframe: the results tree */
export interface ResultNode {
  id: string; parentId: string | null; level: string; code: string; statementEn: string; statementAr: string; position: number;
  indicators: Indicator[]; children: ResultNode[];
}

export interface Interval { low: number; high: number }
export interface ValueCell { value: number | null; numerator: number | null; denominator: number | null; n: number | null; ci: Interval | null; suppressed: boolean }
export interface DimensionRef { kind: 'question' | 'attribute'; name?: string; attribute?: string; key: string }
export interface Disaggregation { dimensions: DimensionRef[]; cells: Array<ValueCell & { keys: Array<{ code: string; label: string }> }> }
export interface ResponseRate { invited: number; completed: number; rate: number | null; caveat: string }
export interface WaveValues { waveId: string; overall: ValueCell; disaggregations: Disaggregation[]; responseRate: ResponseRate }
export interface IndicatorValuesRow {
  id: string; code: string; resultId: string; name: string; unit: Unit; direction: string; formula: TFormula;
  baseline: { value: number | null; source: string; waveId: string | null };
  latest: { value: number | null; waveId: string } | null;
  target: number | null; progress: number | null; status: string | null; values: WaveValues[];
  pairedChange: { fromWaveId: string; toWaveId: string; n: number; meanChange: number | null; ci: Interval | null } | null;
}
export interface ValuesWave { id: string; kind: string; name: string; responseRate: ResponseRate }
/** GET /api/programmes/:id/indicator-values */
export interface ProgrammeValues { programmeId: string; lang: Lang; suppressionThreshold: number; waves: ValuesWave[]; indicators: IndicatorValuesRow[] }
/** GET /api/programmes/:id/indicators/:indicatorId/values */
export type OneIndicatorValues = IndicatorValuesRow & { waves: ValuesWave[]; suppressionThreshold: number; lang: Lang };
