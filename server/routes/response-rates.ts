// Response-rate route: totals, breakdown, daily cumulative completions, reminders and non-respondents of a wave.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { parse, read } from '../http/route';
import { responseRates, ZRatesQuery } from '../services/response-rates';

const ZWid = z.object({ programmeId: z.uuid(), waveId: z.uuid() });

export function registerResponseRateRoutes(api: ApiRegistry, ctx: AppContext): void {
  api.add({ method: 'get', path: '/api/programmes/:programmeId/waves/:waveId/response-rates',
    summary: 'Response rate of a wave (rate = completed / live invitations), by institution, sex, language or an attribute',
    tag: 'response-rates', access: { programme: 'viewer' }, params: ZWid, query: ZRatesQuery },
  read(ctx, async (req, _res, em) => {
    const p = parse(ZWid, req.params);
    return responseRates(em, p.programmeId, p.waveId, parse(ZRatesQuery, req.query).by);
  }));
}
