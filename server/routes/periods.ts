// Reporting-period routes: viewers read, programme administrators replace the list or reset it to quarters.
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { ZProgrammeParams } from '../../contracts/common';
import { ZPeriod, ZPeriodList } from '../../contracts/programmes';
import * as svc from '../services/periods';

const tag = 'programmes';
const base = '/api/programmes/:programmeId/periods';

export function registerPeriodRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'get', path: base, summary: 'Reporting periods of the programme', tag, access: { programme: 'viewer' },
    params: ZProgrammeParams, response: z.array(ZPeriod) },
  ({ em, params }) => svc.listPeriods(em, params.programmeId));

  api.route({ method: 'put', path: base, summary: 'Replace the reporting periods (unique codes, dates in order and inside the programme)', tag,
    access: { programme: 'administrator' }, params: ZProgrammeParams, body: ZPeriodList, response: z.array(ZPeriod) },
  ({ em, params, body, userId }) => svc.replacePeriods(em, { userId: userId!, programmeId: params.programmeId }, body.periods));

  api.route({ method: 'post', path: `${base}/quarters`, summary: 'Reset the reporting periods to quarters from the programme start date', tag,
    access: { programme: 'administrator' }, params: ZProgrammeParams, response: z.array(ZPeriod) },
  ({ em, params, userId }) => svc.resetQuarters(em, { userId: userId!, programmeId: params.programmeId }));
}
