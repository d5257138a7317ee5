// Response-rate route: totals, breakdown, daily cumulative completions, reminders and non-respondents of a wave (excluded responses left out).
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { responseRates, ZRatesQuery } from '../services/response-rates';

const ZWid = z.object({ programmeId: z.uuid(), waveId: z.uuid() });
const ZCounts = { invited: z.number(), opened: z.number(), started: z.number(), completed: z.number(), declined: z.number(), bounced: z.number(),
  rate: z.number().nullable(), rateLabel: z.string() };
const ZRates = z.object({
  waveId: z.string(), by: z.string(), ...ZCounts,
  breakdown: z.array(z.object({ group: z.string(), labelEn: z.string(), labelAr: z.string(), ...ZCounts })),
  daily: z.array(z.object({ date: z.string(), completed: z.number(), cumulative: z.number() })),
  reminders: z.array(z.object({ round: z.number(), date: z.string(), count: z.number() })),
  nonRespondents: z.array(z.object({ invitationId: z.string(), status: z.string(), lastContact: z.unknown(),
    stakeholder: z.object({ id: z.string(), nameEn: z.string(), nameAr: z.string(), institution: z.string(),
      institutionNameEn: z.string(), institutionNameAr: z.string() }) })),
  definitions: z.record(z.string(), z.string()),
});

export function registerResponseRateRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'get', replica: true, path: '/api/programmes/:programmeId/waves/:waveId/response-rates',
    summary: 'Response rate of a wave (rate = completed / live invitations; excluded responses left out), by institution, sex, language or an attribute',
    tag: 'response-rates', access: { programme: 'viewer' }, params: ZWid, query: ZRatesQuery, response: ZRates },
  ({ em, params, query }) => responseRates(em, params.programmeId, params.waveId, query.by));
}
