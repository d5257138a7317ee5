// Indicator value routes: all indicators of a programme, or one, per wave, overall and disaggregated (computed in SQL).
import type { Request } from 'express';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { ZProgrammeParams } from '../../contracts/common';
import { ZOneIndicatorResponse, ZValuesQuery, ZValuesResponse, type TValuesQuery } from '../../contracts/indicators';
import { computeIndicatorValues } from '../services/indicator-values';
import { z } from 'zod';

const ZIid = ZProgrammeParams.extend({ indicatorId: z.uuid() });
const tag = 'indicators';
const lang = (req: Request, q: TValuesQuery) => q.lang ?? req.auth?.user.preferredLanguage ?? 'en';

export function registerIndicatorValueRoutes(api: ApiRegistry, ctx: AppContext): void {
  // the typed projections are built on the primary; the values are read where the route runs (the replica when set)
  const opts = { projections: ctx.db };
  api.route({ method: 'get', path: '/api/programmes/:programmeId/indicator-values', tag, access: { programme: 'viewer' }, replica: true, params: ZProgrammeParams, query: ZValuesQuery,
    response: ZValuesResponse,
    summary: 'Values of all indicators per wave: overall and disaggregated (?disaggregate=attribute:sex,question:region; short form sex = attribute:sex), with 95% intervals, suppression, display strings, progress and status' },
  ({ em, params, query, req }) => computeIndicatorValues(em, params.programmeId, { waveIds: query.waves, disaggregate: query.disaggregate, lang: lang(req, query) }, opts));

  api.route({ method: 'get', path: '/api/programmes/:programmeId/indicators/:indicatorId/values', tag, access: { programme: 'viewer' }, replica: true, params: ZIid, query: ZValuesQuery,
    response: ZOneIndicatorResponse, summary: 'Values of one indicator per wave (the same cells, suppression and order as indicator-values)' },
  async ({ em, params, query, req }) => {
    const { indicators, ...rest } = await computeIndicatorValues(em, params.programmeId,
      { waveIds: query.waves, disaggregate: query.disaggregate, lang: lang(req, query), indicatorId: params.indicatorId }, opts);
    return { ...indicators[0], ...rest };
  });
}
