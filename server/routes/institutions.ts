// Institutions registry routes: viewers read, officers add and change (archive instead of delete).
import { z } from 'zod';
import type { AppContext } from '../context';
import type { ApiRegistry } from '../http/registry';
import { ZProgrammeParams } from '../../contracts/common';
import { ZInstitution, ZInstitutionInput, ZInstitutionPatch } from '../../contracts/programmes';
import * as svc from '../services/institutions';

const tag = 'institutions';
const base = '/api/programmes/:programmeId/institutions';
const ZIid = ZProgrammeParams.extend({ institutionId: z.uuid() });

export function registerInstitutionRoutes(api: ApiRegistry, _ctx: AppContext): void {
  api.route({ method: 'get', path: base, summary: 'Institutions of the programme (?archived=true includes archived ones)', tag,
    access: { programme: 'viewer' }, params: ZProgrammeParams, query: z.object({ archived: z.enum(['true', 'false']).optional() }), response: z.array(ZInstitution) },
  ({ em, params, query }) => svc.listInstitutions(em, params.programmeId, query.archived === 'true'));

  api.route({ method: 'post', path: base, summary: 'Add an institution (code unique in the programme)', tag, access: { programme: 'officer' },
    params: ZProgrammeParams, body: ZInstitutionInput, response: ZInstitution, status: 201 },
  ({ em, params, body, userId }) => svc.createInstitution(em, { userId: userId!, programmeId: params.programmeId }, body));

  api.route({ method: 'patch', path: `${base}/:institutionId`, summary: 'Change, archive or restore an institution (a new code follows to its stakeholders)', tag,
    access: { programme: 'officer' }, params: ZIid, body: ZInstitutionPatch, response: ZInstitution },
  ({ em, params, body, userId }) => svc.updateInstitution(em, { userId: userId!, programmeId: params.programmeId }, params.institutionId, body));
}
