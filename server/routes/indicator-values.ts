// Indicator value routes: all indicators of a programme, or one, per wave, overall and disaggregated (computed in SQL).
import { z } from 'zod';
import type { Request } from 'express';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read } from '../http/route';
import { computeIndicatorValues } from '../services/indicator-values';

const ZPid = z.object({ programmeId: z.uuid() });
const ZIid = ZPid.extend({ indicatorId: z.uuid() });
const list = (max: number) => z.string().max(2000).transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)).pipe(z.array(z.string().min(1).max(200)).max(max));
const ZQuery = z.object({
  waves: list(20).pipe(z.array(z.uuid())).optional(),
  disaggregate: list(2).optional(),
  lang: z.enum(['en', 'ar']).optional(),
});
const tag = 'indicators';
const lang = (req: Request, q: z.infer<typeof ZQuery>) => q.lang ?? req.auth?.user.preferredLanguage ?? 'en';

export function registerIndicatorValueRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: '/api/programmes/:programmeId/indicator-values', tag, access: { programme: 'viewer' }, params: ZPid, query: ZQuery,
    summary: 'Values of all indicators per wave: overall and disaggregated (?disaggregate=sex,institution), with 95% intervals, suppression, progress and status' },
  read(ctx, async (req, _res, em) => {
    const q = parse(ZQuery, req.query);
    return computeIndicatorValues(em, parse(ZPid, req.params).programmeId, { waveIds: q.waves, disaggregate: q.disaggregate, lang: lang(req, q) });
  }));

  api.add({ method: 'get', path: '/api/programmes/:programmeId/indicators/:indicatorId/values', tag, access: { programme: 'viewer' }, params: ZIid, query: ZQuery,
    summary: 'Values of one indicator per wave (same shape as indicator-values, one indicator)' },
  read(ctx, async (req, _res, em) => {
    const q = parse(ZQuery, req.query);
    const p = parse(ZIid, req.params);
    const r = await computeIndicatorValues(em, p.programmeId, { waveIds: q.waves, disaggregate: q.disaggregate, lang: lang(req, q), indicatorId: p.indicatorId });
    return { ...r.indicators[0], waves: r.waves, suppressionThreshold: r.suppressionThreshold, lang: r.lang };
  }));
}
